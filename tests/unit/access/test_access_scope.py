"""Jurisdiction prefixes, scope checks and the SQL scope clause."""

from __future__ import annotations

import pytest
from sqlalchemy import String, column, select
from sqlalchemy.dialects import sqlite

from zhucan.access.scope import (
    SYSTEM,
    Actor,
    Role,
    ensure_in_scope,
    in_scope,
    jurisdiction_prefix,
    scope_clause,
)
from zhucan.core.errors import Forbidden, InvalidValue

LIANDU = "331102000000"  # 丽水市莲都区
QINGTIAN = "331121000000"  # 青田县
LISHUI = "331100000000"  # 丽水市
LIANDU_PERSON = "331102001001"
QINGTIAN_PERSON = "331121101201"


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("000000000000", ""),
        ("", ""),
        ("330000000000", "33"),
        ("331100000000", "3311"),
        ("331102000000", "331102"),
        ("331102001000", "331102001"),
        ("331102001001", "331102001001"),
        ("331102000001", "331102000001"),  # a zero town segment inside is kept
        ("3311", "3311"),
        ("331102001", "331102001"),
    ],
)
def test_jurisdiction_prefix(code: str, prefix: str) -> None:
    assert jurisdiction_prefix(code) == prefix


@pytest.mark.parametrize("code", ["33110", "3311020010011", "33110200000A", "３３１１"])
def test_bad_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidValue):
        jurisdiction_prefix(code)
    with pytest.raises(InvalidValue):
        Actor("u", Role.COUNTY_OFFICER, code)


def test_county_sees_only_its_county() -> None:
    liandu = Actor("liandu", Role.COUNTY_OFFICER, LIANDU)
    assert in_scope(liandu, LIANDU_PERSON)
    assert not in_scope(liandu, QINGTIAN_PERSON)
    assert not in_scope(liandu, None)
    ensure_in_scope(liandu, LIANDU_PERSON)
    with pytest.raises(Forbidden) as caught:
        ensure_in_scope(liandu, QINGTIAN_PERSON)
    assert caught.value.message("zh") == "无权访问辖区外人员"
    assert caught.value.message("en") == "person outside your jurisdiction"


def test_city_contains_its_counties() -> None:
    lishui = Actor("lishui", Role.PLANNER, LISHUI)
    assert in_scope(lishui, LIANDU_PERSON)
    assert in_scope(lishui, QINGTIAN_PERSON)
    assert not in_scope(lishui, "330102001001")


def test_national_actors_see_everyone() -> None:
    for actor in (SYSTEM, Actor("nat", Role.ADMIN, "000000000000")):
        assert actor.is_national
        assert in_scope(actor, QINGTIAN_PERSON)
        assert in_scope(actor, None)
    assert Actor("system", "admin", "") == SYSTEM


def test_roles() -> None:
    assert [r.value for r in Role] == [
        "village_worker",
        "town_worker",
        "county_officer",
        "approver",
        "planner",
        "admin",
        "person",
    ]
    assert Role("approver") == "approver"


def test_scope_clause_sql() -> None:
    region = column("region", String)
    liandu = Actor("liandu", Role.COUNTY_OFFICER, LIANDU)
    sql = select(region).where(scope_clause(region, liandu))
    compiled = sql.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    assert "region LIKE '331102%'" in str(compiled)
    national = select(region).where(scope_clause(region, SYSTEM))
    assert "LIKE" not in str(national.compile(dialect=sqlite.dialect()))
