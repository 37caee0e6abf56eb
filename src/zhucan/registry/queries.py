"""Finding one person and reading their file, always within the actor's jurisdiction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    String,
    bindparam,
    cast,
    null,
    select,
    union_all,
)

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, ensure_in_scope, scope_clause
from zhucan.core.certificate_no import CertificateNo
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.errors import Forbidden, NotFound
from zhucan.registry.person_state import person_state
from zhucan.registry.tables import certificate, fact, person, person_history
from zhucan.storage.batch import Read, Rows, read_many


def _not_found(what: str) -> NotFound:
    return NotFound(f"名册中没有找到：{what}", f"not in the registry: {what}")


def find_person_id(conn: Connection, actor: Actor, citizen_id_or_certificate: str) -> int:
    """The id of the person with this citizen ID or certificate number, in the actor's scope.

    A person outside the jurisdiction is reported as not found, so that a lookup does not
    reveal who is registered elsewhere.
    """
    text = citizen_id_or_certificate.strip()
    cid = CertificateNo.parse(text).citizen_id if len(text) == 20 else normalize_citizen_id(text)
    bidx = get_cipher().blind_index(cid)
    row = conn.execute(
        select(person.c.id).where(
            person.c.citizen_id_bidx == bidx, scope_clause(person.c.region, actor)
        )
    ).first()
    if row is None:
        raise _not_found(text[:6] + "…")
    return int(row[0])


_REGION_OF = select(person.c.region).where(person.c.id == bindparam("person_id"))


def person_region_in_scope(conn: Connection, actor: Actor, person_id: int) -> str:
    """The person's current 户籍 region; NotFound if not registered, Forbidden if outside
    the actor's jurisdiction."""
    region = conn.execute(_REGION_OF, {"person_id": person_id}).scalar()
    if region is None:
        raise _not_found(f"#{person_id}")
    ensure_in_scope(actor, region)
    return str(region)


def person_as_of(engine: Engine, actor: Actor, person_id: int, as_of: date) -> dict[str, Any]:
    """The state of one person on ``as_of`` (a snapshot row as a dict)."""
    with engine.connect() as conn:
        return person_as_of_on(conn, actor, person_id, as_of)


def person_as_of_on(conn: Connection, actor: Actor, person_id: int, as_of: date) -> dict[str, Any]:
    """:func:`person_as_of` on the caller's connection (one page, one connection)."""
    person_region_in_scope(conn, actor, person_id)
    return registered(person_state(conn, actor, person_id, as_of), as_of)


def registered(state: dict[str, Any] | None, as_of: date) -> dict[str, Any]:
    """One person's state on ``as_of``; NotFound if they were not registered then."""
    if state is None:
        raise NotFound(f"{as_of} 时此人尚未登记", f"the person was not registered on {as_of}")
    return state


def person_timeline(engine: Engine, actor: Actor, person_id: int) -> list[dict[str, Any]]:
    """Every fact, certificate version and field change of one person, oldest first."""
    with engine.connect() as conn:
        person_region_in_scope(conn, actor, person_id)
        return timeline_rows(conn, person_id)


def _timeline() -> CompoundSelect[Any]:
    who = bindparam("person_id", type_=Integer)
    facts = select(
        fact.c.kind.label("what"),
        fact.c.value,
        fact.c.valid_from,
        fact.c.valid_to,
        fact.c.source,
        fact.c.recorded_by,
        fact.c.recorded_at,
        fact.c.retracted_at,
    ).where(fact.c.person_id == who)
    certs = select(
        ("certificate:" + certificate.c.status).label("what"),
        (cast(certificate.c.category, String) + "-" + cast(certificate.c.grade, String)).label(
            "value"
        ),
        certificate.c.valid_from,
        certificate.c.valid_to,
        certificate.c.source,
        certificate.c.recorded_by,
        certificate.c.recorded_at,
        certificate.c.retracted_at,
    ).where(certificate.c.person_id == who)
    changes = select(
        ("field:" + person_history.c.field).label("what"),
        (person_history.c.old_value + " → " + person_history.c.new_value).label("value"),
        cast(person_history.c.recorded_at, Date).label("valid_from"),
        cast(null(), Date).label("valid_to"),
        person_history.c.source,
        person_history.c.recorded_by,
        person_history.c.recorded_at,
        cast(null(), DateTime).label("retracted_at"),
    ).where(person_history.c.person_id == who)
    return union_all(facts, certs, changes)


# Built once: the person file reads these on every opening.
_TIMELINE = _timeline()


def timeline_rows(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    """:func:`person_timeline` once the caller has checked the person is in scope."""
    return timeline_of(read_many(conn, [timeline_read(person_id)])[0])


def timeline_read(person_id: int) -> Read:
    """The read :func:`timeline_rows` makes (to batch with others: :mod:`storage.batch`)."""
    return Read(_TIMELINE, {"person_id": person_id})


def timeline_of(rows: Rows) -> list[dict[str, Any]]:
    """:func:`timeline_rows` from the rows of :func:`timeline_read`, oldest first."""
    return sorted(rows, key=lambda r: (r["valid_from"], r["recorded_at"]))


def reveal_citizen_id(engine: Engine, actor: Actor, person_id: int, reason: str) -> str:
    """The unmasked citizen ID, for roles that may see it; every unmasking is audited."""
    from zhucan.registry.export import UNMASK_ROLES

    if actor.role not in UNMASK_ROLES:
        raise Forbidden("您的角色无权查看完整身份证号", "your role may not unmask citizen IDs")
    with engine.begin() as conn:
        person_region_in_scope(conn, actor, person_id)
        blob = conn.execute(select(person.c.citizen_id_enc).where(person.c.id == person_id))
        value = get_cipher().decrypt(blob.scalar_one())
        audit.record(
            conn,
            actor.username,
            "person.unmask",
            "person",
            str(person_id),
            {"field": "citizen_id", "reason": reason},
        )
    return value
