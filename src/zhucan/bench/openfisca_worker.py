"""OpenFisca side of ``zhucan bench policy``; runs in ``.venv-openfisca``, never in the main env.

The Zhejiang living and nursing subsidy rules (the shipped YAML's, parameter values passed
in by the benchmark) are added to openfisca-country-template with a Reform, as a country
package would write them. Inputs come as arrays in an .npz file; two modes:

- ``arrays``: ``build_default_simulation`` + ``set_input`` for every person at once;
- ``situations``: the first ``--n`` people as per-person situations through
  ``build_from_entities`` (the Web API and YAML-test path).

Prints one JSON line of timings and writes the amounts (fen) to ``--out``.
Usage: python openfisca_worker.py --npz IN.npz --params P.json --mode arrays --out OUT.npz
"""

# mypy: disable-error-code="misc"
from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

PERIOD = "2024-06"
_INPUTS = {
    # name: (value_type, label)
    "zc_county": (int, "户籍 county code (6 digits)"),
    "zc_certificate_valid": (bool, "holds a valid disability certificate"),
    "zc_alive": (bool, "is alive"),
    "zc_age": (int, "age in years on the date"),
    "zc_category": (int, "disability category 1-7"),
    "zc_grade": (int, "disability grade 1-4"),
    "zc_long_term_care": (bool, "needs long-term care"),
    "zc_assistance": (int, "0 none, 1 dibao, 2 dibao edge, 3 tekun"),
    "zc_household_income": (float, "household income per head (inf: unknown)"),
    "zc_personal_income": (float, "own income (inf: unknown)"),
    "zc_similar_allowance": (float, "similar care allowance (-1: none)"),
    "zc_self_care": (int, "0 unknown, 1 none, 2 partial, 3 full"),
    "zc_institutional_care": (bool, "in institutional care"),
    "zc_orphan_allowance": (bool, "receives the orphans' basic living allowance"),
    "zc_injury_care": (bool, "receives the work-injury nursing allowance"),
}


def build_tbs(params: dict[str, Any]) -> Any:
    """The country template plus the two programs and their parameters."""
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import MONTH
    from openfisca_core.reforms import Reform
    from openfisca_core.variables import Variable
    from openfisca_country_template import CountryTaxBenefitSystem
    from openfisca_country_template.entities import Person

    def input_variable(name: str, kind: type, text: str) -> type:
        attrs = {"value_type": kind, "entity": Person, "definition_period": MONTH, "label": text}
        if kind is float:
            attrs["default_value"] = float("inf")
        return type(name, (Variable,), attrs)

    inputs = [input_variable(n, k, t) for n, (k, t) in _INPUTS.items()]

    def dibao_standard(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period).zc.living
        county = person("zc_county", period)
        city = county // 100
        return np.select(
            [county == 331102, city == 3311, city == 3304],
            [p.dibao_331102, p.dibao_3311, p.dibao_3304],
            p.dibao_standard,
        )

    class zc_dibao_standard(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH
        label = "local dibao standard"

        def formula_2021_01(person, period, parameters):  # type: ignore[no-untyped-def]
            return dibao_standard(person, period, parameters)

    class zc_living_subsidy(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH
        label = "困难残疾人生活补贴（浙江）"

        def formula_2021_01(person, period, parameters):  # type: ignore[no-untyped-def]
            p = parameters(period).zc.living
            std = person("zc_dibao_standard", period)
            edge = p.edge_factor * std
            age = person("zc_age", period)
            assistance = person("zc_assistance", period)
            low_income = (
                (assistance == 1)
                + (assistance == 2)
                + (person("zc_household_income", period) < edge)
                + (p.working_age_from <= age)
                * (age <= p.working_age_to)
                * (person("zc_personal_income", period) < edge)
            )
            eligible = (
                person("zc_certificate_valid", period)
                * person("zc_alive", period)
                * (person("zc_county", period) // 10000 == 33)
                * low_income
                * np.logical_not(person("zc_orphan_allowance", period))
            )
            return eligible * np.round(std * p.living_rate, 2)

    class zc_nursing_subsidy(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH
        label = "重度残疾人护理补贴（浙江）"

        def formula_2021_01(person, period, parameters):  # type: ignore[no-untyped-def]
            p = parameters(period).zc.nursing
            care = person("zc_self_care", period)
            tier = np.select([care == 1, care == 2], [p.tier_none, p.tier_partial], p.tier_full)
            factor = np.where(person("zc_institutional_care", period), p.institutional_factor, 1)
            amount = np.round(tier * factor, 2)
            grade = person("zc_grade", period)
            category = person("zc_category", period)
            severe = (grade <= 2) + ((category == 5) + (category == 6)) * (grade >= 3)
            eligible = (
                person("zc_certificate_valid", period)
                * person("zc_alive", period)
                * (person("zc_county", period) // 10000 == 33)
                * severe
                * person("zc_long_term_care", period)
                * np.logical_not(person("zc_injury_care", period))
                * np.logical_not(person("zc_similar_allowance", period) >= amount)
            )
            return eligible * amount

    def add_params(parameters: Any) -> Any:
        def node(values: dict[str, float]) -> dict[str, Any]:
            return {k: {"values": {"2021-01-01": {"value": v}}} for k, v in values.items()}

        tree = {"living": node(params["living"]), "nursing": node(params["nursing"])}
        parameters.add_child("zc", ParameterNode("zc", data=tree))
        return parameters

    class Subsidies(Reform):
        name = "Zhucan living and nursing subsidies (Zhejiang)"

        def apply(self) -> None:
            for variable in [*inputs, zc_dibao_standard, zc_living_subsidy, zc_nursing_subsidy]:
                self.add_variable(variable)
            self.modify_parameters(modifier_function=add_params)

    return Subsidies(CountryTaxBenefitSystem())


def _arrays(tbs: Any, data: dict[str, np.ndarray]) -> Any:
    from openfisca_core.simulations import SimulationBuilder

    n = len(data["zc_county"])
    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for name in _INPUTS:
        sim.set_input(name, PERIOD, data[name])
    return sim


def _situations(tbs: Any, data: dict[str, np.ndarray]) -> Any:
    from openfisca_core.simulations import SimulationBuilder

    n = len(data["zc_county"])
    columns = {name: data[name].tolist() for name in _INPUTS}
    persons = {f"p{i}": {name: {PERIOD: columns[name][i]} for name in _INPUTS} for i in range(n)}
    households = {f"h{i}": {"adults": [f"p{i}"]} for i in range(n)}
    return SimulationBuilder().build_from_entities(
        tbs, {"persons": persons, "households": households}
    )


def main() -> None:
    """Run one mode and report its timings as JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--npz", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--mode", choices=["arrays", "situations"], required=True)
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    with open(a.params, encoding="utf-8") as f:
        params = json.load(f)
    t0 = time.perf_counter()
    tbs = build_tbs(params)
    t1 = time.perf_counter()
    with np.load(a.npz) as npz:
        data = {k: npz[k][: a.n] if a.n else npz[k] for k in npz.files}
    totals, calcs = [], []
    for _ in range(max(a.repeat, 1)):
        t2 = time.perf_counter()
        sim = (_arrays if a.mode == "arrays" else _situations)(tbs, data)
        t3 = time.perf_counter()
        living = sim.calculate("zc_living_subsidy", PERIOD)
        nursing = sim.calculate("zc_nursing_subsidy", PERIOD)
        totals.append(time.perf_counter() - t2)
        calcs.append(time.perf_counter() - t3)
        del sim
    best = min(range(len(totals)), key=lambda i: totals[i])
    np.savez(
        a.out,
        living=np.round(living.astype(np.float64) * 100).astype(np.int64),
        nursing=np.round(nursing.astype(np.float64) * 100).astype(np.int64),
    )
    from importlib.metadata import version

    print(
        json.dumps(
            {
                "mode": a.mode,
                "n": len(data["zc_county"]),
                "tbs_load_s": t1 - t0,
                "build_s": totals[best] - calcs[best],
                "total_s": totals[best],
                "calc_s": calcs[best],
                "openfisca_core": version("openfisca-core"),
                "openfisca_country_template": version("openfisca-country-template"),
            }
        )
    )


if __name__ == "__main__":
    main()
