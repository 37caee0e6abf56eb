"""Resolution, vectorized evaluation vs the explainer, employers, and the JSON contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from zhucan.policy.document import PolicyError
from zhucan.policy.evaluate import evaluate, evaluate_employers
from zhucan.policy.explain import explain_person
from zhucan.policy.frame_snapshot import snapshot_of
from zhucan.policy.loader import load_policies, parse_document
from zhucan.policy.people_json import eval_people
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import assign_keys, candidates, key_for, program_keys
from zhucan.synth.population import generate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "policies"
POLICIES = load_policies(FIXTURES)
REFORM = "zhejiang.living_subsidy.income_test"
VILLAGES = pl.DataFrame(
    {
        "code": ["331102001001", "331121001001", "330102001001", "110101001001", "500101001001"],
        "urban": [False, False, True, True, False],
    }
)


def _key(region: str, day: date, reforms: tuple[str, ...] = ()) -> tuple[str, str, str] | None:
    key = key_for(candidates(POLICIES, "living_subsidy", day, reforms), region, day)
    return None if key is None else key.label


def test_national_province_and_county_parameters() -> None:
    day = date(2024, 6, 1)
    assert _key("110101001001", day) == ("national.living_subsidy", "2016", "")
    assert _key("330102001001", day) == ("zhejiang.living_subsidy", "2024", "")
    assert _key("331121001001", day) == ("zhejiang.living_subsidy", "2024", "3311")
    assert _key("331102001001", day) == ("zhejiang.living_subsidy", "2024", "331102")
    doc = POLICIES.get("zhejiang.living_subsidy")
    assert doc.parameter_values(day, "331102")["dibao_standard"] == Decimal(1150)
    assert doc.parameter_values(day, "3311")["dibao_standard"] == Decimal(1100)
    # In 2023 the city override did not exist yet: the province's base value applies.
    assert doc.parameter_values(date(2023, 6, 1), "3311")["dibao_standard"] == Decimal(900)
    assert _key("331102001001", date(2023, 6, 1)) == ("zhejiang.living_subsidy", "2020", "331102")
    # Before the provincial document, the national one covers Zhejiang too.
    assert _key("331102001001", date(2019, 6, 1)) == ("national.living_subsidy", "2016", "")


def test_reform_only_when_named() -> None:
    day = date(2025, 3, 1)
    assert _key("330102001001", day)[0] == "zhejiang.living_subsidy"  # type: ignore[index]
    assert _key("330102001001", day, (REFORM,))[0] == REFORM  # type: ignore[index]
    assert _key("110101001001", day, (REFORM,))[0] == "national.living_subsidy"  # type: ignore[index]
    with pytest.raises(KeyError):
        _key("330102001001", day, ("no.such.reform",))


def test_assign_keys_matches_per_region_resolution() -> None:
    day = date(2024, 6, 1)
    pk = program_keys(POLICIES, "living_subsidy", day)
    regions = pl.Series(["331102001001", "331121001001", "330102001001", "110101001001", "33"])
    got = assign_keys(regions, pk).to_list()
    assert got == [pk.index_of(r) for r in regions]


def _population(n: int, seed: int, day: date) -> pl.DataFrame:
    frame = generate(VILLAGES, n, seed, day)
    rng = np.random.default_rng(seed)

    def maybe(values: list[object]) -> list[object]:
        return [None if rng.random() < 0.15 else v for v in values]

    money = pl.Decimal(38, 4)
    return snapshot_of(
        frame.with_columns(
            pl.Series("assistance", rng.choice(["none", "dibao", "dibao_edge", "tekun"], n)),
            pl.Series("household_income_per_head", maybe(list(rng.integers(0, 300000, n) / 100)))
            .cast(pl.Float64)
            .cast(money),
            pl.Series("personal_income", maybe(list(rng.integers(0, 2000, n)))).cast(money),
            pl.Series("self_care", maybe(list(rng.choice(["none", "partial", "full"], n)))),
            pl.Series("similar_allowance", maybe(list(rng.integers(0, 40000, n) / 100)))
            .cast(pl.Float64)
            .cast(money),
            pl.Series("institutional_care", maybe(list(rng.random(n) < 0.3))),
            pl.Series(
                "other_benefits",
                [["工伤保险生活护理费"] if rng.random() < 0.1 else [] for _ in range(n)],
            ),
        ),
        day,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_evaluate_agrees_with_explain(seed: int) -> None:
    day = [date(2023, 6, 1), date(2024, 6, 1), date(2025, 3, 1)][seed - 1]
    reforms = (REFORM,) if day.year == 2025 else ()
    snap = _population(300, seed, day)
    out = evaluate(POLICIES, snap, day, reforms=reforms).sort("person_id", "program")
    assert out.height == snap.height * 2
    rows = {(r["person_id"], r["program"]): r for r in out.to_dicts()}
    for person in snap.to_dicts():
        for program in ("living_subsidy", "nursing_subsidy"):
            e = explain_person(POLICIES, person, day, program, reforms)
            r = rows[person["person_id"], program]
            assert (e.eligible, e.amount_fen, e.failed, e.policy, e.version) == (
                r["eligible"], r["amount_fen"], r["failed"], r["policy"], r["version"],
            )  # fmt: skip
    assert out["eligible"].any() and not out["eligible"].all()


def test_explanation_lines() -> None:
    person = {"hukou_region": "331102001001", "grade": 1, "assistance": "dibao"}
    person |= {"certificate_valid": True, "alive": True, "other_benefits": []}
    e = explain_person(POLICIES, person, date(2024, 6, 1), "living_subsidy")
    text = "\n".join(e.lines_zh())
    assert e.eligible and e.amount == Decimal("345.00")
    assert "当地低保标准（dibao_standard）= 1150 元/月（示例值" in text
    assert "round_yuan(1150 * (0.3 if 1 <= 2 else 0.3 - 0.1))" in text
    poor = explain_person(
        POLICIES, person | {"assistance": "none"}, date(2024, 6, 1), "living_subsidy"
    )
    assert poor.failed == ["poor"] and "不符合：低保、低保边缘或特困" in poor.lines_zh()


def test_missing_parameter_value_is_an_error() -> None:
    text = (FIXTURES / "national_living_subsidy.yaml").read_text(encoding="utf-8")
    doc = parse_document(text.replace("effective_from: 2016-01-01", "effective_from: 2015-01-01"))
    snap = _population(5, 1, date(2015, 6, 1))
    with pytest.raises(PolicyError, match="standard"):
        evaluate(PolicySet((doc,)), snap, date(2015, 6, 1))
    assert evaluate(PolicySet((doc,)), snap, date(2016, 6, 1)).height == 5


def test_employers() -> None:
    employers = pl.DataFrame(
        {
            "employer_id": [1, 2, 3],
            "region": ["330102000000", "330102000000", "110101000000"],
            "year": [2024, 2024, 2024],
            "staff": [200, 20, 500],
            "disabled_employees": [1, 0, 0],
            "average_wage": [Decimal(90000), Decimal(80000), Decimal(1)],
            "local_average_wage": [Decimal(40000), Decimal(40000), Decimal(1)],
        },
        schema_overrides={
            "average_wage": pl.Decimal(38, 4),
            "local_average_wage": pl.Decimal(38, 4),
        },
    )
    out = evaluate_employers(POLICIES, employers, date(2024, 6, 1)).sort("employer_id")
    assert out["eligible"].to_list() == [True, False, False]
    assert out["amount_fen"].to_list() == [16000000, 0, 0]  # (200 × 1.5% − 1) × 80000
    assert out["failed"].to_list() == [[], ["not_small"], ["no_policy"]]


def test_eval_people_contract() -> None:
    people = [
        {
            "name": "张三", "citizen_id": "331102196005170010", "category": "肢体", "grade": "一级",
            "hukou_region": "331102001001", "assistance": "低保",
            "certificate_issued": "2019-03-01", "self_care": "完全不能自理", "other_benefits": [],
        },
        {"citizen_id": "331102196005170010X", "hukou_region": "331102001001"},
        {
            "citizen_id": "110101196005170012", "category": 4, "grade": 3,
            "hukou_region": "110101001001", "household_income_per_head": "abc",
        },
    ]  # fmt: skip
    out = eval_people(POLICIES, people, date(2024, 6, 1))
    assert [p["citizen_id"] for p in out] == [p["citizen_id"] for p in people]
    living = out[0]["programs"]["living_subsidy"]
    assert living == {
        "eligible": True, "amount": 345.0, "policy": "zhejiang.living_subsidy", "version": "2024",
        "reasons": [
            "符合：持有效残疾人证", "符合：在世", "符合：本省户籍", "符合：低保、低保边缘或特困",
        ],
    }  # fmt: skip
    assert out[0]["programs"]["nursing_subsidy"]["amount"] == 100.0
    assert out[1]["programs"] == {} and out[1]["errors"]
    assert out[2]["programs"] == {} and out[2]["errors"][0]["field"] == "household_income_per_head"
