"""Evaluate programs inside the database: the snapshot query, each policy key's compiled
conditions and amount (``to_sql``, parameters as literals), one row per person back.

Only person id, key index, failed-checks mask and amount per program leave the database;
the failed ids, policy and version are added in Polars exactly as ``evaluate`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy import Engine

from zhucan.access.scope import jurisdiction_prefix
from zhucan.core.region_code import normalize_region_code
from zhucan.policy.evaluate import CODE_SHIFT, PERSON, _with_reasons, output_schema
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


def _checks(key: PolicyKey, source: sa.FromClause) -> tuple[Col, Col]:
    """The failed-checks mask and the amount in fen of one key, parameters as literals."""
    version, params = key.version, key.params
    mask: Col = _lit(0)
    for i, cond in enumerate(version.checks):
        met = to_sql.compile_condition(cond.expr, source, params)
        failed = sa.not_(met) if i < len(version.eligibility) else met
        mask = mask + sa.case((failed, _lit(1 << i)), else_=_lit(0))
    if version.amount is None:
        return mask, _lit(0)
    fen = to_sql.compile_fen(version.amount, source, params)
    return mask, sa.func.coalesce(fen, _lit(0))


def _by_key(key_col: Col, values: dict[int, Col]) -> Col:
    if not values:
        return _lit(0)
    return sa.case(*((key_col == i, v) for i, v in values.items()), else_=_lit(0))


def evaluate_sql(
    engine: Engine,
    policies: PolicySet,
    as_of: date,
    region: str | None = None,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Like ``evaluate`` over the registry's as-of snapshot, computed in SQL."""
    names = list(programs) if programs is not None else policies.programs("person")
    all_keys = [program_keys(policies, p, as_of, reforms) for p in names]
    prefix = jurisdiction_prefix(normalize_region_code(region)) if region else None
    snap = snapshot_select(engine.dialect.name, as_of, prefix)
    columns: list[Col] = [snap.c.person_id]
    for n, pk in enumerate(all_keys):
        key_col = _key_case(pk, snap.c.hukou_region)
        checks = {i: _checks(k, snap) for i, k in enumerate(pk.keys) if k is not None}
        columns.append(key_col.label(f"k{n}"))
        columns.append(_by_key(key_col, {i: m for i, (m, _) in checks.items()}).label(f"m{n}"))
        columns.append(_by_key(key_col, {i: f for i, (_, f) in checks.items()}).label(f"f{n}"))
    query = sa.select(*columns).select_from(snap)
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    wide = read_frame(engine, sql)
    if wide.is_empty() or not names:
        return pl.DataFrame(schema=output_schema(PERSON))
    keys = [k for pk in all_keys for k in pk.keys]
    parts = []
    offset = 0
    for n, pk in enumerate(all_keys):
        parts.append(_long(wide, n, pk, keys, offset, as_of))
        offset += len(pk.keys)
    return _with_reasons(pl.concat(parts), keys, PERSON)


def _long(
    wide: pl.DataFrame,
    n: int,
    pk: ProgramKeys,
    keys: list[PolicyKey | None],
    offset: int,
    as_of: date,
) -> pl.DataFrame:
    """One program's rows in the shape ``_with_reasons`` takes."""
    glob = pl.col(f"k{n}").cast(pl.Int64) + offset
    used = sorted(wide.get_column(f"k{n}").unique().to_list())
    for index in used:
        key = pk.keys[index]
        if key is not None:
            key.check_complete(as_of)
    present = [offset + i for i in used]
    policy = [None if keys[g] is None else keys[g].document.id for g in present]
    version = [None if keys[g] is None else keys[g].version.id for g in present]
    has_key = [keys[g] is not None for g in present]
    mask = pl.col(f"m{n}").cast(pl.Int64)
    eligible = glob.replace_strict(present, has_key, return_dtype=pl.Boolean) & (mask == 0)
    return wide.select(
        pl.col("person_id").cast(pl.Int64),
        pl.lit(pk.program).alias("program"),
        glob.replace_strict(present, policy, return_dtype=pl.String).alias("policy"),
        glob.replace_strict(present, version, return_dtype=pl.String).alias("version"),
        eligible.alias("eligible"),
        pl.when(eligible).then(pl.col(f"f{n}").cast(pl.Int64)).otherwise(0).alias("amount_fen"),
        (glob * (1 << CODE_SHIFT) + mask).alias("_code"),
    )
