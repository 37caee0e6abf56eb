"""One person's state on a date, in plain Python: the row :func:`snapshot.assemble` gives.

A page reads one person at a time. Building, pivoting and joining three one-row frames
cost about 3 ms of CPU per person, most of it Polars' fixed cost per operation; the same
rules over a handful of rows cost a tenth of that. ``tests/unit/registry/
test_person_state.py`` holds the two to the same answers.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Date, Integer, Select, String, bindparam, select

from zhucan.access.scope import Actor
from zhucan.registry.facts import DECIMAL_FACTS, FactKind
from zhucan.registry.snapshot import SINGLE_FACTS
from zhucan.registry.tables import certificate, fact, in_force, person
from zhucan.storage.batch import Read, Rows, read_many

# What Polars' cast of text to Decimal(38, 4) accepts (anything else becomes null).
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_PLACES = Decimal("0.0001")
_DECIMAL_38 = Context(prec=38)
_SINGLE = frozenset(SINGLE_FACTS)


def person_state(
    conn: Connection, actor: Actor, person_id: int, as_of: date
) -> dict[str, Any] | None:
    """The snapshot row of one person on ``as_of`` read on ``conn`` (None if not registered
    then, or, as in :func:`snapshot.snapshot`, if their 户籍 then lay outside the actor's
    jurisdiction)."""
    return state_of(read_many(conn, state_reads(actor, person_id, as_of)), as_of)


def state_reads(actor: Actor, person_id: int, as_of: date) -> list[Read]:
    """The reads :func:`person_state` makes (to batch with others: :mod:`storage.batch`)."""
    params = {"person_id": person_id, "as_of": as_of, "hukou_like": f"{actor.prefix}%"}
    return [Read(stmt, params) for stmt in _READS[bool(actor.prefix)]]


def state_of(rows: list[Rows], as_of: date) -> dict[str, Any] | None:
    """:func:`person_state` from the rows of :func:`state_reads`."""
    facts, people, certs = rows
    return assemble_one(people[0] if people else None, facts, certs, as_of)


_DAY = bindparam("as_of", type_=Date)
_ID = bindparam("person_id", type_=Integer)


def _reads(scoped: bool) -> tuple[Select[Any], ...]:
    """The reads of one person's facts, person row and certificates in force on the date,
    as :func:`snapshot.snapshot_queries` (built once, with bound parameters, so that
    PostgreSQL plans them once per connection)."""
    h = fact.alias("h")
    hukou_in = select(h.c.person_id).where(
        h.c.kind == FactKind.HUKOU_REGION.value,
        h.c.value.like(bindparam("hukou_like", type_=String)),
        in_force(h, _DAY),
    )
    f, c = fact.alias("f"), certificate.alias("c")
    facts = select(f.c.person_id, f.c.kind, f.c.value, f.c.valid_from).where(
        in_force(f, _DAY), f.c.person_id == _ID
    )
    people = select(
        person.c.id.label("person_id"),
        person.c.name,
        person.c.citizen_id_masked,
        person.c.phone_masked,
        person.c.sex,
        person.c.birth_date,
        person.c.household_id,
    ).where(person.c.id == _ID)
    certs = select(
        c.c.person_id,
        c.c.category,
        c.c.grade,
        c.c.issued.label("certificate_issued"),
        c.c.valid_until.label("certificate_valid_until"),
        c.c.status.label("certificate_status"),
    ).where(in_force(c, _DAY), c.c.person_id == _ID)
    if not scoped:
        return facts, people, certs
    return (
        facts.where(f.c.person_id.in_(hukou_in)),
        people.where(person.c.id.in_(hukou_in)),
        certs.where(c.c.person_id.in_(hukou_in)),
    )


_READS = {scoped: _reads(scoped) for scoped in (False, True)}


def _day(value: date | str | None) -> date | None:
    """A date column's value (SQLite hands dates over as ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def _amount(text: str | None) -> Decimal | None:
    """A decimal fact at 4 places, or None if it is not a number."""
    if text is None or not _DECIMAL.fullmatch(text):
        return None
    try:  # to 4 places, half to even, as Polars; "-0" is 0
        return _DECIMAL_38.plus(_DECIMAL_38.quantize(Decimal(text), _PLACES))
    except InvalidOperation:  # beyond 38 digits
        return None


def assemble_one(
    person: dict[str, Any] | None,
    facts: list[dict[str, Any]],
    certs: list[dict[str, Any]],
    as_of: date,
) -> dict[str, Any] | None:
    """:func:`snapshot.assemble` for one person's rows: None without a 户籍 on the date."""
    if person is None:
        return None
    single: dict[str, str] = {}
    others: set[str] = set()
    for f in sorted(facts, key=lambda f: _day(f["valid_from"]) or date.min):
        if f["kind"] == FactKind.OTHER_BENEFIT:
            others.add(f["value"])
        elif f["kind"] in _SINGLE:
            single[f["kind"]] = f["value"]
    if single.get(FactKind.HUKOU_REGION) is None:
        return None
    cert = certs[-1] if certs else {}
    birth = _day(person["birth_date"])
    issued = _day(cert.get("certificate_issued"))
    until = _day(cert.get("certificate_valid_until"))
    hukou_type = single.get(FactKind.HUKOU_TYPE)
    death = single.get(FactKind.DEATH)
    assistance = single.get(FactKind.ASSISTANCE)
    residence = single.get(FactKind.RESIDENCE_REGION)
    amounts = {k.value: _amount(single.get(k)) for k in DECIMAL_FACTS}
    return {
        "person_id": person["person_id"],
        "name": person["name"],
        "citizen_id_masked": person["citizen_id_masked"],
        "phone_masked": person["phone_masked"],
        "sex": person["sex"],
        "birth_date": birth,
        "age": None
        if birth is None
        else as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day)),
        "household_id": person["household_id"],
        "hukou_region": single[FactKind.HUKOU_REGION],
        "hukou_type": hukou_type,
        "urban": None if hukou_type is None else hukou_type == "urban",
        "residence_region": single[FactKind.HUKOU_REGION] if residence is None else residence,
        "assistance": "none" if assistance is None else assistance,
        "needs_long_term_care": single.get(FactKind.LONG_TERM_CARE) == "true",
        "institutional_care": single.get(FactKind.INSTITUTIONAL_CARE) == "true",
        "other_benefits": sorted(others),
        "death_date": None if death is None else datetime.strptime(death, "%Y-%m-%d").date(),
        "alive": death is None,
        "category": cert.get("category"),
        "grade": cert.get("grade"),
        "certificate_issued": issued,
        "certificate_valid_until": until,
        "certificate_status": cert.get("certificate_status"),
        "certificate_valid": cert.get("certificate_status") == "valid"
        and (issued is None or issued <= as_of)
        and (until is None or until >= as_of),
        "household_income_per_head": amounts[FactKind.HOUSEHOLD_INCOME_PER_HEAD],
        "personal_income": amounts[FactKind.PERSONAL_INCOME],
        "self_care": single.get(FactKind.SELF_CARE),
        "similar_allowance": amounts[FactKind.SIMILAR_ALLOWANCE],
    }
