"""Deadlines, months and state machines of the benefits lifecycle."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from zhucan.benefits.alert_checks import stop_month
from zhucan.benefits.bank import clean_account, mask_account
from zhucan.benefits.entitle import FACT_COLUMNS, canonical_facts
from zhucan.benefits.rules import first_month_without
from zhucan.benefits.states import ensure_not_creator, next_alert_state, next_run_state
from zhucan.core.errors import Conflict, Forbidden, InvalidValue
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA


def test_death_stops_the_next_month_in_python_and_polars() -> None:
    days = [date(2025, 3, 15), date(2025, 3, 1), date(2025, 12, 31)]
    frame = pl.DataFrame({"d": days})
    assert frame.select(stop_month(pl.col("d"))).to_series().to_list() == [
        str(first_month_without(d)) for d in days
    ]


def test_run_and_alert_states() -> None:
    with pytest.raises(Conflict):
        next_run_state("export", "checked")
    with pytest.raises(Forbidden):
        ensure_not_creator("li", "li")
    with pytest.raises(InvalidValue):
        next_alert_state("delete", "open", "x")
    assert next_alert_state("dismiss", "suspended", "已核实") == "dismissed"


def test_accounts_are_cleaned_and_masked() -> None:
    assert mask_account(clean_account("6222-0200 0000 0001")) == "6222********0001"
    with pytest.raises(InvalidValue):
        clean_account("12ab")


def test_canonical_facts_are_stable_and_complete() -> None:
    row = {c: None for c in SNAPSHOT_SCHEMA} | {"person_id": 1, "other_benefits": ["b", "a"]}
    frame = pl.DataFrame([row], schema=SNAPSHOT_SCHEMA)
    text = canonical_facts(frame)[0]
    assert text.count("\n") == len(FACT_COLUMNS) - 1 and "other_benefits=a,b" in text
