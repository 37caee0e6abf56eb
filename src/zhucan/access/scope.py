"""Jurisdiction scoping: who may see which people, by the 12-digit 户籍 region code.

A region code has five levels: province (digits 1-2), city (3-4), county (5-6),
town (7-9) and village (10-12); trailing all-zero segments mean "the whole area
above".  A user's jurisdiction is such a code, and they may see every person whose
region code starts with its significant prefix (see :func:`jurisdiction_prefix`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, true

from zhucan.core.errors import Forbidden, InvalidValue

NATIONAL = "000000000000"
_SEGMENT_ENDS = (2, 4, 6, 9, 12)


class Role(StrEnum):
    """The roles a user can have."""

    VILLAGE_WORKER = "village_worker"
    TOWN_WORKER = "town_worker"
    COUNTY_OFFICER = "county_officer"
    APPROVER = "approver"
    PLANNER = "planner"
    ADMIN = "admin"
    # A disabled person (or a family member acting for them): their own file only.
    PERSON = "person"


def jurisdiction_prefix(code12: str) -> str:
    """The significant prefix of a region code: trailing all-zero level segments removed.

    Shorter codes of a full level (2, 4, 6 or 9 digits) are accepted as if zero-padded.

    >>> jurisdiction_prefix("331102000000")
    '331102'
    >>> jurisdiction_prefix("331100000000")
    '3311'
    >>> jurisdiction_prefix("331102001000")
    '331102001'
    >>> jurisdiction_prefix("331102001001")
    '331102001001'
    >>> jurisdiction_prefix("000000000000")
    ''
    >>> jurisdiction_prefix("3311")
    '3311'
    """
    if code12 == "":
        return ""
    if not (code12.isascii() and code12.isdigit()) or len(code12) not in _SEGMENT_ENDS:
        raise InvalidValue(
            f"行政区划代码应为 12 位数字：{code12!r}",
            f"a region code must be 12 digits: {code12!r}",
        )
    code = code12.ljust(12, "0")
    start = 0
    significant = 0
    for end in _SEGMENT_ENDS:
        if code[start:end].strip("0"):
            significant = end
        start = end
    return code[:significant]


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role and a jurisdiction ("" or all zeros = whole country)."""

    username: str
    role: str
    jurisdiction: str

    def __post_init__(self) -> None:
        jurisdiction_prefix(self.jurisdiction)  # validates the code

    @property
    def prefix(self) -> str:
        """The significant prefix of the jurisdiction ("" for the whole country)."""
        return jurisdiction_prefix(self.jurisdiction)

    @property
    def is_national(self) -> bool:
        """Whether the actor's jurisdiction is the whole country."""
        return self.prefix == ""


SYSTEM = Actor("system", Role.ADMIN, "")


def scope_clause(column: ColumnElement[str], actor: Actor) -> ColumnElement[bool]:
    """A SQL condition keeping rows whose region ``column`` lies in the actor's jurisdiction."""
    return prefix_clause(column, actor.prefix)


def prefix_clause(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """:func:`scope_clause` for a jurisdiction's prefix (``Actor.prefix``)."""
    if prefix == "":
        return true()
    # The prefix is digits only, so it holds no LIKE wildcards.
    return column.like(prefix + "%")


def in_scope(actor: Actor, region_code: str | None) -> bool:
    """Whether a person with ``region_code`` lies in the actor's jurisdiction.

    >>> lianduqu = Actor("lw", Role.COUNTY_OFFICER, "331102000000")
    >>> in_scope(lianduqu, "331102001001"), in_scope(lianduqu, "331121001001")
    (True, False)
    """
    prefix = actor.prefix
    if prefix == "":
        return True
    return region_code is not None and region_code.startswith(prefix)


def ensure_in_scope(actor: Actor, region_code: str | None) -> None:
    """Raise :class:`Forbidden` unless ``region_code`` lies in the actor's jurisdiction."""
    if not in_scope(actor, region_code):
        raise Forbidden("无权访问辖区外人员", "person outside your jurisdiction")
