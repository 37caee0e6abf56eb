"""Stored indicator values: a refresh stores what all_regions computes, replaces, is atomic."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, text
from test_indicators_small import AS_OF, _world
from typer.testing import CliRunner

from zhucan.access.scope import SYSTEM, Actor, Role
from zhucan.access.tables import audit_log
from zhucan.cli import indicators as cli
from zhucan.core.errors import Forbidden
from zhucan.indicators.definitions import load_definitions
from zhucan.indicators.progress import assess_targets, plan_progress
from zhucan.indicators.service import all_regions, compute_indicators, value_of
from zhucan.indicators.store import computed, refresh, stored, stored_dates, stored_series
from zhucan.indicators.tables import indicator_value as iv
from zhucan.indicators.targets import get_plan
from zhucan.settings import get_settings
from zhucan.storage.engine import get_engine
from zhucan.support.kinds import ServiceKind
from zhucan.support.records import ServiceEntry, record_service

COUNTY = "331102000000"


def _table(engine: Engine, day: date) -> list[tuple[str, int, str, int, int, str | None]]:
    stmt = (
        select(
            iv.c.region, iv.c.level, iv.c.indicator, iv.c.numerator, iv.c.denominator, iv.c.value
        )
        .where(iv.c.as_of == day)
        .order_by(iv.c.region, iv.c.indicator)
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[misc]


def test_refresh_stores_exactly_what_all_regions_computes(engine: Engine) -> None:
    _world(engine)
    done = refresh(engine, "331102", AS_OF)
    expected = all_regions(engine, "331102", AS_OF).sort("region", "indicator")
    rows = _table(engine, AS_OF)
    assert done.rows == expected.height == len(rows) > 0
    assert [r[:5] for r in rows] == [
        (r["region"], r["level"], r["indicator"], r["numerator"], r["denominator"])
        for r in expected.iter_rows(named=True)
    ]
    defs = {d.id: d for d in load_definitions()}
    for region, _level, indicator, num, den, value in rows:
        exact = value_of(defs[indicator], num, den)
        assert (None if value is None else Decimal(value)) == (
            None if exact is None else Decimal(str(exact))
        ), (region, indicator)
    county = {r[2]: r[5] for r in rows if r[0] == COUNTY}
    assert county["basic_rehab_coverage"] == "66.67"


def test_stored_rows_equal_computed_rows_and_progress_agrees(engine: Engine) -> None:
    _world(engine)
    assert stored(engine, "331102", AS_OF) == []
    refresh(engine, "331102", AS_OF)
    refresh(engine, "331102", date(2020, 12, 31))
    for code in ("331102", "331102001", "331102001001"):
        assert stored(engine, code, AS_OF) == compute_indicators(engine, code, AS_OF)
    assert stored_dates(engine, "331102") == [AS_OF, date(2020, 12, 31)]
    series = stored_series(engine, "331102", "basic_rehab_coverage")
    assert [(s["as_of"], s["numerator"], s["denominator"]) for s in series] == [
        (date(2020, 12, 31), 0, 0),
        (AS_OF, 2, 3),
    ]
    info = computed(engine, "331102", AS_OF)
    assert info is not None and info["by"] == "system"
    now = stored(engine, "331102", AS_OF)
    start = stored(engine, "331102", date(2020, 12, 31))
    live = plan_progress(engine, "lishui-2021-2025", COUNTY, AS_OF)
    assert assess_targets(get_plan("lishui-2021-2025"), now, start, AS_OF) == live


def test_refresh_replaces_that_date_only_and_is_audited(engine: Engine) -> None:
    pid = _world(engine)
    other = date(2024, 3, 31)
    refresh(engine, "331102", AS_OF)
    refresh(engine, "331102", other)
    kept = _table(engine, other)
    record_service(
        engine, SYSTEM, ServiceEntry(pid[2], ServiceKind.REHABILITATION, date(2024, 6, 1), "x")
    )
    before = len(_table(engine, AS_OF))
    refresh(engine, "331102", AS_OF)
    after = {(r[0], r[2]): r[3:5] for r in _table(engine, AS_OF)}
    assert len(after) == before
    assert after[(COUNTY, "basic_rehab_coverage")] == (3, 3)
    assert _table(engine, other) == kept
    with engine.connect() as conn:
        audited = conn.execute(
            select(func.count()).where(audit_log.c.action == "indicators.refresh")
        ).scalar_one()
    assert audited == 3


def test_refresh_of_a_town_replaces_only_the_town(engine: Engine) -> None:
    _world(engine)
    refresh(engine, "331102", AS_OF)
    whole = _table(engine, AS_OF)
    refresh(engine, "331102001", AS_OF)
    assert _table(engine, AS_OF) == whole


def _fail_on_insert(engine: Engine) -> None:
    """A trigger that refuses one indicator's rows: the database itself fails mid-insert."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON indicator_value "
                    "WHEN NEW.indicator = 'employment_rate' "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    "IF NEW.indicator = 'employment_rate' THEN RAISE EXCEPTION 'refused'; "
                    "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON indicator_value "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
            )


def test_a_failed_refresh_keeps_the_old_values(engine: Engine) -> None:
    _world(engine)
    refresh(engine, "331102", AS_OF)
    old = _table(engine, AS_OF)
    _fail_on_insert(engine)
    with pytest.raises(Exception, match="refused"):
        refresh(engine, "331102", AS_OF)
    assert _table(engine, AS_OF) == old


def test_refresh_outside_the_jurisdiction_is_refused(engine: Engine) -> None:
    _world(engine)
    other = Actor("qt", Role.COUNTY_OFFICER, "331121000000")
    with pytest.raises(Forbidden):
        refresh(engine, "331102", AS_OF, other)
    assert _table(engine, AS_OF) == []


def test_cli_refresh_prints_json(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(engine)
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", db_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        result = CliRunner().invoke(
            cli.app, ["refresh", "--region", "331102", "--as-of", "2024-06-30", "--format", "json"]
        )
    finally:
        get_engine.cache_clear()
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["region"] == COUNTY and data["as_of"] == "2024-06-30"
    assert data["rows"] == len(_table(engine, AS_OF)) > 0
