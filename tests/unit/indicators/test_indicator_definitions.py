"""Indicator definitions load, type-check, and match the plans' indicator ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhucan.core.errors import InvalidValue
from zhucan.indicators.definitions import load_definitions, plan_window_kinds
from zhucan.indicators.targets import load_plans


def test_shipped_definitions_are_valid_and_documented() -> None:
    defs = load_definitions()
    assert len(defs) >= 30
    for d in defs:
        assert d.definition and d.definition_en, d.id
        assert d.is_ratio == (d.unit == "%"), d.id


def test_core_plan_indicators_are_defined() -> None:
    ids = {d.id for d in load_definitions()}
    for wanted in (
        "disability_home_coverage",
        "basic_rehab_coverage",
        "employment_rate",
        "assistive_device_fitting_rate",
        "pension_insurance_enrollment",
    ):
        assert wanted in ids
    target_ids = {t.indicator for p in load_plans() for t in p.targets}
    assert len(ids & target_ids) >= 30


def test_plan_window_kinds_only_what_is_used() -> None:
    assert plan_window_kinds(load_definitions()) == {"training", "home_accessibility"}


def test_bad_expression_is_refused_with_file_and_id(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "indicators:\n  - {id: x, name: X, unit: '%', over: person,"
        " denominator: 'True', numerator: 'has(neds, \"care\")'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidValue, match=r"x\.yaml \(x\).*neds"):
        load_definitions(tmp_path)


def test_percent_needs_a_denominator(tmp_path: Path) -> None:
    (tmp_path / "y.yaml").write_text(
        "indicators:\n  - {id: y, name: Y, unit: '%', over: person, numerator: 'True'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidValue):
        load_definitions(tmp_path)
