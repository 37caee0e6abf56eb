"""Finding people for the person search: by name, citizen ID or certificate number, scoped."""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy import Connection, Select, String, and_, bindparam, select
from sqlalchemy.sql.expression import ColumnElement

from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, prefix_clause
from zhucan.core.certificate_no import CertificateNo
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.errors import InvalidValue
from zhucan.registry.tables import certificate, person, region
from zhucan.storage.batch import Read

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
    by_id = _looks_like_id(text)
    if by_id:
        cid = (
            CertificateNo.parse(text).citizen_id if len(text) == 20 else normalize_citizen_id(text)
        )
        key = get_cipher().blind_index(cid)
    else:
        key = _LIKE_ESCAPE.sub(r"/\g<0>", text) + "%"
    rows = conn.execute(_search(actor.prefix, by_id), {"key": key}).mappings()
    return [dict(r) for r in rows]


_LIKE_ESCAPE = re.compile(r"[/%_]")


@functools.lru_cache(maxsize=256)
def _search(prefix: str, by_id: bool) -> Select[Any]:
    """The search in a jurisdiction (its prefix), by ID or by name (built once per
    jurisdiction: the search is the busiest page, and building a statement costs about as
    much as running it)."""
    open_cert = and_(
        certificate.c.person_id == person.c.id,
        certificate.c.valid_to.is_(None),
        certificate.c.retracted_at.is_(None),
    )
    key = bindparam("key", type_=String)
    matches = person.c.citizen_id_bidx == key if by_id else person.c.name.like(key, escape="/")
    return (
        select(*_columns())
        .select_from(
            person.outerjoin(region, region.c.code == person.c.region).outerjoin(
                certificate, open_cert
            )
        )
        .where(prefix_clause(person.c.region, prefix), matches)
        .order_by(person.c.name, person.c.id)
        .limit(SEARCH_LIMIT)
    )


def household_members(
    conn: Connection, actor: Actor, household_id: int | None, but: int | None = None
) -> list[dict[str, Any]]:
    """The other registered members of a household that lie in the actor's jurisdiction."""
    if household_id is None:
        return []
    params = {"household_id": household_id, "but": but or 0}
    return [dict(r) for r in conn.execute(_household(actor.prefix), params).mappings()]


def housemates_read(actor: Actor, person_id: int) -> Read:
    """:func:`household_members` of the person's own household, as a read to batch with
    others (:mod:`storage.batch`): the household is looked up in the same statement."""
    return Read(_housemates(actor.prefix), {"person_id": person_id})


@functools.lru_cache(maxsize=256)
def _household(prefix: str) -> Select[Any]:
    """A household's members in a jurisdiction (built once per jurisdiction)."""
    return _members(bindparam("household_id"), bindparam("but"), prefix)


@functools.lru_cache(maxsize=256)
def _housemates(prefix: str) -> Select[Any]:
    """A person's housemates in a jurisdiction (built once per jurisdiction)."""
    own = person.alias("own")
    household = select(own.c.household_id).where(own.c.id == bindparam("person_id"))
    return _members(household.scalar_subquery(), bindparam("person_id"), prefix)


def _members(household: ColumnElement[Any], but: ColumnElement[Any], prefix: str) -> Select[Any]:
    return (
        select(person.c.id, person.c.name, person.c.citizen_id_masked, person.c.sex)
        .where(
            person.c.household_id == household,
            person.c.id != but,
            prefix_clause(person.c.region, prefix),
        )
        .order_by(person.c.id)
    )
