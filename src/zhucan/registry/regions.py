"""Region codes in the database: bulk load from the shipped files, and lookups.

Codes are the 12-digit statistical division codes; callers may pass the 2/4/6/9-digit
short forms, normalized by ``zhucan.core.region_code.normalize_region_code`` (which raises
``InvalidValue`` for malformed codes). Level 1 = province, 2 = city,
3 = county, 4 = town, 5 = village. A region's code always starts with its parent's
significant digits, so a subtree is a contiguous code range.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select

from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import ancestor_codes, normalize_region_code, significant_prefix
from zhucan.registry.regions_data import read_regions
from zhucan.registry.tables import region

_COLUMNS = ("code", "name", "level", "parent_code", "urban")
_INSERT_CHUNK = 10_000
_IN_CHUNK = 500
# Placeholder city names left out of full names (北京市市辖区东城区 → 北京市东城区).
_PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def _code_range(prefix: str) -> tuple[str, str]:
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_regions(engine: Engine, provinces: list[str] | None = None) -> int:
    """Replace the given provinces' regions (all if None) with the shipped data; rows loaded."""
    df = read_regions(provinces)
    rows = df.select(_COLUMNS).to_dicts()
    with engine.begin() as conn:
        if provinces is None:
            conn.execute(delete(region))
        else:
            for prov in sorted({p.strip()[:2] for p in provinces}):
                low, high = _code_range(prov)
                conn.execute(delete(region).where(region.c.code.between(low, high)))
        for chunk in _chunks(rows, _INSERT_CHUNK):
            conn.execute(insert(region), list(chunk))
    return len(rows)


def regions_loaded(conn: Connection) -> bool:
    """Whether the region table holds any rows."""
    return conn.execute(select(region.c.code).limit(1)).first() is not None


def get_region(conn: Connection, code: str) -> dict[str, Any] | None:
    """The region row for ``code`` as a dict, or None if unknown."""
    row = conn.execute(select(region).where(region.c.code == normalize_region_code(code))).first()
    return None if row is None else dict(row._mapping)


def region_name(conn: Connection, code: str) -> str | None:
    """The name of region ``code``, or None if unknown."""
    name: str | None = conn.execute(
        select(region.c.name).where(region.c.code == normalize_region_code(code))
    ).scalar_one_or_none()
    return name


def children(conn: Connection, code: str) -> list[dict[str, Any]]:
    """The direct sub-regions of ``code``, ordered by code."""
    stmt = (
        select(region)
        .where(region.c.parent_code == normalize_region_code(code))
        .order_by(region.c.code)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


_REGIONS = select(region).where(region.c.code.in_(bindparam("codes", expanding=True)))


def _chains(conn: Connection, codes: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """For each of ``codes`` (normalized), its ancestors then itself, in one read; empty
    for an unknown code."""
    wanted = {me: sorted({*ancestor_codes(me), me}) for me in map(normalize_region_code, codes)}
    every = sorted({c for chain in wanted.values() for c in chain})
    found: dict[str, dict[str, Any]] = {}
    if every:
        found = {r["code"]: dict(r) for r in conn.execute(_REGIONS, {"codes": every}).mappings()}
    return {
        me: [found[c] for c in chain if c in found] if me in found else []
        for me, chain in wanted.items()
    }


def ancestors(conn: Connection, code: str) -> list[dict[str, Any]]:
    """The regions above ``code`` (not itself), province first; empty if unknown."""
    return _chains(conn, [code])[normalize_region_code(code)][:-1]


def full_name(conn: Connection, code: str) -> str:
    """The full name, e.g. 浙江省丽水市莲都区 (no 市辖区 placeholders); '' if unknown."""
    return full_names(conn, [code])[code]


def full_names(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """:func:`full_name` of each of ``codes`` (keyed as given), in one read."""
    given = {code: normalize_region_code(code) for code in codes}
    chains = _chains(conn, given.values())
    return {
        code: "".join(
            r["name"]
            for r in chains[me]
            if not (r["level"] == 2 and r["name"] in _PLACEHOLDER_NAMES)
        )
        for code, me in given.items()
    }


def region_exists_many(conn: Connection, codes: Iterable[str]) -> set[str]:
    """Which of ``codes`` exist, as normalized 12-digit codes; malformed codes are skipped."""
    wanted = sorted(_valid_codes(codes))
    found: set[str] = set()
    for chunk in _chunks(wanted, _IN_CHUNK):
        found.update(conn.execute(select(region.c.code).where(region.c.code.in_(chunk))).scalars())
    return found


def _valid_codes(codes: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in codes:
        try:
            out.add(normalize_region_code(raw))
        except InvalidValue:
            continue
    return out


def subtree_codes(conn: Connection, code: str, level: int | None = None) -> list[str]:
    """Codes of ``code`` and everything below it (only ``level`` if given), sorted."""
    low, high = _code_range(significant_prefix(code))
    stmt = select(region.c.code).where(region.c.code.between(low, high)).order_by(region.c.code)
    if level is not None:
        stmt = stmt.where(region.c.level == level)
    return list(conn.execute(stmt).scalars())


def count_regions(conn: Connection) -> int:
    """The number of rows in the region table."""
    return int(conn.execute(select(func.count()).select_from(region)).scalar_one())
