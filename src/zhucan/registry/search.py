"""Finding people for the person search: by name, citizen ID or certificate number, scoped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, select

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, scope_clause
from zhucan.core.certificate_no import CertificateNo
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.errors import InvalidValue
from zhucan.registry.tables import certificate, person, region

SEARCH_LIMIT = 50


def _looks_like_id(text: str) -> bool:
    body = text.upper()
    return len(body) in (18, 20) and body[:17].isdigit() and body[17:].isalnum()


def _columns() -> list[Any]:
    return [
        person.c.id,
        person.c.name,
        person.c.citizen_id_masked,
        person.c.sex,
        person.c.birth_date,
        person.c.region,
        region.c.name.label("region_name"),
        certificate.c.category,
        certificate.c.grade,
    ]


def search_persons(conn: Connection, actor: Actor, query: str) -> list[dict[str, Any]]:
    """People in the actor's jurisdiction matching a name prefix, citizen ID or certificate no.

    IDs are matched exactly through the blind index; names by prefix, at most SEARCH_LIMIT.
    """
    text = query.strip()
    if not text:
        return []
    if len(text) > 100:
        raise InvalidValue("查询内容过长", "the search text is too long")
    open_cert = and_(
        certificate.c.person_id == person.c.id,
        certificate.c.valid_to.is_(None),
        certificate.c.retracted_at.is_(None),
    )
    base = (
        select(*_columns())
        .select_from(
            person.outerjoin(region, region.c.code == person.c.region).outerjoin(
                certificate, open_cert
            )
        )
        .where(scope_clause(person.c.region, actor))
    )
    if _looks_like_id(text):
        cid = (
            CertificateNo.parse(text).citizen_id if len(text) == 20 else normalize_citizen_id(text)
        )
        where = person.c.citizen_id_bidx == get_cipher().blind_index(cid)
    else:
        where = person.c.name.startswith(text, autoescape=True)
    rows = conn.execute(
        base.where(where).order_by(person.c.name, person.c.id).limit(SEARCH_LIMIT)
    ).mappings()
    return [dict(r) for r in rows]


def household_members(
    conn: Connection, actor: Actor, household_id: int | None, but: int | None = None
) -> list[dict[str, Any]]:
    """The other registered members of a household that lie in the actor's jurisdiction."""
    if household_id is None:
        return []
    rows = conn.execute(
        select(person.c.id, person.c.name, person.c.citizen_id_masked, person.c.sex)
        .where(
            person.c.household_id == household_id,
            person.c.id != (but or 0),
            scope_clause(person.c.region, actor),
        )
        .order_by(person.c.id)
    ).mappings()
    return [dict(r) for r in rows]
