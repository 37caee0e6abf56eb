"""The shipped policy documents: they load, their own YAML tests pass, they are documented.

The checks on the raw YAML (legal basis, README, expressions) run on their own; the
checks that need the loader skip, with a message, only while ``zhucan.policy.loader``
does not exist yet.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from zhucan.policy.expr import facts as fact_module
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.types import check

POLICY_DIR = Path(__file__).resolve().parents[3] / "src" / "zhucan" / "policy" / "policies"
README = POLICY_DIR / "README.md"
FILES = sorted(POLICY_DIR.rglob("*.yaml"))
PROGRAMS = {
    "living_subsidy",
    "nursing_subsidy",
    "single_person_dibao_referral",
    "child_rehabilitation_referral",
    "pension_contribution_referral",
    "employment_levy",
}
_TYPES = {"decimal": Type.DECIMAL, "int": Type.INT, "str": Type.STR, "bool": Type.BOOL}


def raw(path: Path) -> dict[str, Any]:
    """One document as plain YAML data."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def loader() -> Any:
    """The loader module, or a skip while it does not exist yet."""
    if importlib.util.find_spec("zhucan.policy.loader") is None:
        pytest.skip("zhucan.policy.loader does not exist yet: shipped documents not loaded")
    return importlib.import_module("zhucan.policy.loader")


def names(path: Path) -> str:
    return str(path.relative_to(POLICY_DIR))


def test_the_policy_folder_holds_the_expected_documents() -> None:
    docs = [raw(p) for p in FILES]
    assert len(FILES) == 15
    assert {d["program"] for d in docs} == PROGRAMS
    assert len({d["id"] for d in docs}) == len(docs)


@pytest.mark.parametrize("path", FILES, ids=names)
def test_every_document_has_a_legal_basis(path: Path) -> None:
    basis = raw(path).get("legal_basis")
    assert basis, f"{path}: no legal_basis"
    for item in basis:
        assert str(item.get("document", "")).strip(), f"{path}: a legal_basis without document"
        assert str(item.get("title", "")).strip(), f"{path}: a legal_basis without title"


def readme_rows() -> list[list[str]]:
    """The cells of every table row of the README."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def parameter_rows() -> dict[tuple[str, str], list[str]]:
    """README parameter table: (document id, parameter) -> the row's cells."""
    out = {}
    for cells in readme_rows():
        ticked = [re.fullmatch(r"`([^`]+)`", c) for c in cells[:2]]
        if len(cells) >= 4 and all(ticked):
            doc_id, param = (m.group(1) for m in ticked if m)
            out[(doc_id, param)] = cells
    return out


@pytest.mark.parametrize("path", FILES, ids=names)
def test_every_example_parameter_is_listed_in_the_readme(path: Path) -> None:
    doc = raw(path)
    rows = parameter_rows()
    for name, spec in (doc.get("parameters") or {}).items():
        row = rows.get((doc["id"], name))
        assert row is not None, f"README lacks a row for {doc['id']} {name}"
        listed_as_example = "example" in row[2].lower()
        assert listed_as_example == bool(spec.get("example", False)), (
            f"README and {names(path)} disagree on whether {name} is an example"
        )


def test_every_readme_parameter_row_names_a_real_parameter() -> None:
    params = {(d["id"], p) for d in map(raw, FILES) for p in (d.get("parameters") or {})}
    assert set(parameter_rows()) == params


def test_every_document_is_listed_in_the_readme() -> None:
    listed = {m.group(1) for row in readme_rows() if (m := re.fullmatch(r"`([^`]+)`", row[0]))}
    assert {raw(p)["id"] for p in FILES} <= listed


@pytest.mark.parametrize("path", FILES, ids=names)
def test_every_expression_parses_and_type_checks(path: Path) -> None:
    doc = raw(path)
    employer = doc.get("subject") == "employer"
    schema = getattr(fact_module, "EMPLOYER_FACTS", None) if employer else fact_module.FACTS
    params = {k: _TYPES[v["type"]] for k, v in (doc.get("parameters") or {}).items()}
    for version in doc["versions"]:
        conditions = (version.get("eligibility") or []) + (version.get("exclusions") or [])
        for cond in conditions:
            tree = parse(str(cond["when"]))
            if schema is not None:
                assert check(tree, schema, params).type == Type.BOOL, cond["id"]
        if "amount" in version:
            tree = parse(str(version["amount"]))
            if schema is not None:
                kind = check(tree, schema, params).type
                assert kind is not None and kind.numeric, f"{version['id']} amount"


def test_all_documents_load() -> None:
    policies = loader().load_policies()
    assert len(policies.documents) == len(FILES)
    assert set(policies.programs("person")) | set(policies.programs("employer")) == PROGRAMS


def test_the_documents_own_tests_pass() -> None:
    policies = loader().load_policies()
    assert sum(len(d.tests) for d in policies.documents) >= 5 * len(FILES)
    failures = policies.run_tests()
    assert not failures, "\n".join(str(f) for f in failures)


# Version boundaries a YAML test cannot state (the runner refuses a date with no version).
BOUNDARIES = [
    ("national.living_subsidy", date(2015, 12, 31), None),
    ("national.living_subsidy", date(2016, 1, 1), "2016"),
    ("national.nursing_subsidy", date(2015, 12, 31), None),
    ("national.nursing_subsidy", date(2016, 1, 1), "2016"),
    ("national.child_rehabilitation_referral", date(2018, 9, 30), None),
    ("national.child_rehabilitation_referral", date(2018, 10, 1), "2018"),
    ("national.single_person_dibao_referral", date(2021, 6, 30), None),
    ("national.single_person_dibao_referral", date(2021, 7, 1), "2021"),
    ("national.employment_levy", date(2019, 12, 31), None),
    ("national.employment_levy", date(2020, 1, 1), "2020"),
    ("national.employment_levy", date(2022, 12, 31), "2020"),
    ("national.employment_levy", date(2023, 1, 1), "2023"),
    ("national.employment_levy", date(2027, 12, 31), "2023"),
    ("national.employment_levy", date(2028, 1, 1), None),
    ("zhejiang.living_subsidy", date(2020, 12, 31), None),
    ("zhejiang.living_subsidy", date(2021, 1, 1), "2021"),
    ("zhejiang.single_person_dibao_referral", date(2021, 6, 30), None),
    ("chongqing.banan.nursing_subsidy_reform", date(2024, 12, 31), None),
    ("chongqing.banan.nursing_subsidy_reform", date(2025, 1, 1), "2025-reform"),
    ("shanxi.single_person_dibao_referral", date(2022, 3, 28), None),
]


@pytest.mark.parametrize(("doc_id", "day", "version"), BOUNDARIES)
def test_version_boundaries(doc_id: str, day: date, version: str | None) -> None:
    found = loader().load_policies().get(doc_id).version_on(day)
    assert (found.id if found else None) == version


def test_only_the_banan_extension_is_a_reform() -> None:
    policies = loader().load_policies()
    reforms = [d.id for d in policies.documents if d.status == "reform"]
    assert reforms == ["chongqing.banan.nursing_subsidy_reform"]


def test_every_parameter_has_a_value_whenever_a_version_uses_it() -> None:
    """No gap: on the first day of each version and each 1 January after, in every region."""
    for doc in loader().load_policies().documents:
        for v in doc.versions:
            last = (v.effective_to or date(2027, 1, 1)).year
            days = [
                v.effective_from,
                *(date(y, 1, 1) for y in range(v.effective_from.year + 1, last)),
            ]
            for day in days:
                for region in ("", *doc.region_keys):
                    values = doc.parameter_values(day, region)
                    missing = [k for k, value in values.items() if value is None]
                    assert not missing, f"{doc.id} {day} {region or 'base'}: {missing}"
