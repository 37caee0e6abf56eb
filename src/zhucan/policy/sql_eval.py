"""Evaluate programs inside the database: the snapshot query, each policy key's compiled
conditions and amount (``to_sql``, parameters as literals), one row per person back.

Only person id, key index, failed-checks mask and amount per program leave the database,
as the compact :class:`~zhucan.policy.evaluate.Decisions`; the failed ids, policy and
version are decoded from them exactly as for ``evaluate``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy import Engine

from zhucan.access.scope import jurisdiction_prefix
from zhucan.core.region_code import normalize_region_code
from zhucan.policy.evaluate import (
    ELIGIBLE,
    FEN,
    KEY,
    PERSON,
    Decisions,
    column,
    compact_schema,
    failed_column,
    width,
)
from zhucan.policy.expr import to_sql
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey, ProgramKeys, program_keys
from zhucan.policy.sql_snapshot import snapshot_select
from zhucan.storage.bulk import read_frame

Col = sa.ColumnElement[Any]
_INT = sa.BigInteger()


def _lit(value: int) -> Col:
    return sa.cast(sa.literal(value, _INT), _INT)


def _key_case(pk: ProgramKeys, region: Col) -> Col:
    """The key index of the longest prefix covering ``region``."""
    whens = [
        (region.like(f"{p}%"), _lit(i))
        for p, i in sorted(pk.prefixes.items(), key=lambda item: -len(item[0]))
        if p
    ]
    default = _lit(pk.prefixes[""])
    return sa.case(*whens, else_=default) if whens else default


def _checks(
    key: PolicyKey,
    source: sa.FromClause,
    params: dict[str, object],
    per_key: to_sql.PerKey | None = None,
) -> tuple[Col, Col]:
    """The failed-checks mask and the amount in fen of one key's version."""
    version = key.version
    mask: Col = _lit(0)
    for i, cond in enumerate(version.checks):
        met = to_sql.compile_condition(cond.expr, source, params, per_key)
        failed = sa.not_(met) if i < len(version.eligibility) else met
        mask = mask + sa.case((failed, _lit(1 << i)), else_=_lit(0))
    if version.amount is None:
        return mask, _lit(0)
    fen = to_sql.compile_fen(version.amount, source, params, per_key)
    return mask, sa.func.coalesce(fen, _lit(0))


def _program(pk: ProgramKeys, source: sa.FromClause, key_col: Col) -> tuple[Col, Col]:
    """A program's mask and amount: one compiled version per document version, parameters
    that differ between its keys chosen by the key (``CASE``), the others as literals."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, k in enumerate(pk.keys):
        if k is not None:
            groups.setdefault(k.label[:2], []).append(i)
    masks, fens = [], []
    for indices in groups.values():
        keys = {i: k for i in indices if (k := pk.keys[i]) is not None}
        first = next(iter(keys.values()))
        params: dict[str, object] = {}
        differ: set[str] = set()
        for name in first.document.parameters:
            values = [k.params[name] for k in keys.values()]
            if all(v == values[0] for v in values):
                params[name] = values[0]
            else:
                differ.add(name)
        by_key = {i: k.params for i, k in keys.items()}
        per_key = to_sql.PerKey(key_col, by_key, frozenset(differ)) if differ else None
        mask, fen = _checks(first, source, params, per_key)
        chosen = key_col.in_(indices) if len(indices) > 1 else key_col == indices[0]
        masks.append((chosen, mask))
        fens.append((chosen, fen))
    if not masks:
        return _lit(0), _lit(0)
    return sa.case(*masks, else_=_lit(0)), sa.case(*fens, else_=_lit(0))


def evaluate_sql(
    engine: Engine,
    policies: PolicySet,
    as_of: date,
    region: str | None = None,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Like ``evaluate`` over the registry's as-of snapshot, computed in SQL."""
    return decide_sql(engine, policies, as_of, region, programs, reforms).long()


def decide_sql(
    engine: Engine,
    policies: PolicySet,
    as_of: date,
    region: str | None = None,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> Decisions:
    """Like ``evaluate.decide`` (the compact form) over the registry, computed in SQL."""
    names = list(programs) if programs is not None else policies.programs("person")
    all_keys = tuple(program_keys(policies, p, as_of, reforms) for p in names)
    if not names:
        return Decisions(PERSON, all_keys, pl.DataFrame(schema=compact_schema(PERSON, all_keys)))
    sql = evaluation_sql(engine, all_keys, as_of, region)
    wide = _read(engine, sql)
    if wide.is_empty():
        return Decisions(PERSON, all_keys, pl.DataFrame(schema=compact_schema(PERSON, all_keys)))
    columns: list[pl.Expr] = [pl.col("person_id").cast(pl.Int64)]
    for n, pk in enumerate(all_keys):
        used = sorted(wide.get_column(f"k{n}").unique().to_list())
        for index in used:
            key = pk.keys[index]
            if key is not None:
                key.check_complete(as_of)
        has_key = [k is not None for k in pk.keys]
        key_col = pl.col(f"k{n}").cast(pl.Int16)
        mask = pl.col(f"m{n}").cast(pl.Int64)
        eligible = pl.lit(pl.Series(has_key, dtype=pl.Boolean)).gather(key_col) & (mask == 0)
        p = pk.program
        columns += [
            key_col.alias(column(p, KEY)),
            *(((mask // (1 << i)) % 2 == 1).alias(failed_column(p, i)) for i in range(width(pk))),
            eligible.alias(column(p, ELIGIBLE)),
            pl.when(eligible)
            .then(pl.col(f"f{n}").cast(pl.Int64))
            .otherwise(0)
            .alias(column(p, FEN)),
        ]
    return Decisions(PERSON, all_keys, wide.select(columns))


# PostgreSQL settings for the one evaluation statement (SET LOCAL: this transaction only).
# JIT compiled the statement's many expressions for longer than the query ran (about 20 s
# of compilation for 1,000,000 people); the parallel plan had every worker compute the
# whole per-person pivot of the facts again.
PG_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL max_parallel_workers_per_gather = 0")


def _read(engine: Engine, sql: str) -> pl.DataFrame:
    """Run the statement; on PostgreSQL with ``PG_SETTINGS``, the rows through ``COPY``."""
    if engine.dialect.name != "postgresql":
        return read_frame(engine, sql)
    buffer = io.BytesIO()
    with engine.connect() as conn:
        for setting in PG_SETTINGS:
            conn.exec_driver_sql(setting)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for chunk in copy:
                buffer.write(chunk)
        conn.rollback()
    return pl.read_csv(buffer.getvalue(), infer_schema_length=None)


def evaluation_sql(
    engine: Engine, all_keys: Sequence[ProgramKeys], as_of: date, region: str | None = None
) -> str:
    """The one statement that evaluates every program: person_id, then k/m/f per program."""
    prefix = jurisdiction_prefix(normalize_region_code(region)) if region else None
    dialect = engine.dialect.name
    snap = snapshot_select(dialect, as_of, prefix)
    keyed_query = sa.select(
        snap, *(_key_case(pk, snap.c.hukou_region).label(f"k{n}") for n, pk in enumerate(all_keys))
    )
    if dialect == "postgresql":
        keyed_query = keyed_query.offset(0)  # each key once per person (see sql_snapshot)
    keyed = keyed_query.subquery("keyed")
    columns: list[Col] = [keyed.c.person_id]
    for n, pk in enumerate(all_keys):
        key_col = keyed.c[f"k{n}"]
        mask, fen = _program(pk, keyed, key_col)
        columns += [key_col, mask.label(f"m{n}"), fen.label(f"f{n}")]
    query = sa.select(*columns).select_from(keyed)
    return str(query.compile(engine, compile_kwargs={"literal_binds": True}))
