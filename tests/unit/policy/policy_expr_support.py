"""Run one expression through all three backends over a few people (test helper)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import sqlalchemy as sa

from zhucan.policy.expr import to_polars, to_sql
from zhucan.policy.expr.ast_nodes import Node, Type
from zhucan.policy.expr.evaluate import as_decimal
from zhucan.policy.expr.explain import explain
from zhucan.policy.expr.facts import schema_from
from zhucan.policy.expr.fixed import from_units
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.sql_table import rows, snapshot_table
from zhucan.policy.expr.types import check

DTYPES: dict[str, pl.DataType] = {
    "i": pl.Int32(),
    "j": pl.Int8(),
    "d": pl.Decimal(12, 4),
    "b": pl.Boolean(),
    "c": pl.Boolean(),
    "s": pl.String(),
    "t": pl.Date(),
    "u": pl.Date(),
    "l": pl.List(pl.String()),
}
SCHEMA = schema_from(DTYPES, {name: (f"事实{name}", f"fact {name}") for name in DTYPES})
PARAM_TYPES = {
    "p_list": Type.LIST_STR,
    "p_int": Type.INT,
    "p_dec": Type.DECIMAL,
    "p_str": Type.STR,
    "p_day": Type.DATE,
}
PARAMS: dict[str, object] = {
    "p_int": 3,
    "p_dec": Decimal("2.5"),
    "p_str": "ab",
    "p_day": date(2024, 2, 29),
    "p_list": ["a", ""],
}
_ENGINE = sa.create_engine("sqlite://")
_TABLE = snapshot_table(sa.MetaData(), "people", DTYPES)
_TABLE.create(_ENGINE)


def typed(source: str) -> Node:
    """Parse and type-check against the test schema."""
    return check(parse(source), SCHEMA, PARAM_TYPES)


def _canon(value: Any, kind: Type | None) -> Any:
    if value is None:
        return None
    if kind == Type.BOOL:
        return bool(value)
    if kind == Type.DECIMAL:
        return as_decimal(value)
    return value


def by_polars(expr: Node, people: list[dict[str, Any]]) -> list[Any]:
    """Values from the Polars backend."""
    frame = pl.DataFrame(people, schema=DTYPES)
    values = frame.with_columns(to_polars.compile_value(expr, PARAMS).alias("v"))["v"].to_list()
    return [_canon(v, expr.type) for v in values]


def by_sql(expr: Node, people: list[dict[str, Any]]) -> list[Any]:
    """Values from the SQL backend on in-memory SQLite."""
    load(people)
    query = sa.select(to_sql.compile_expr(expr, _TABLE, PARAMS)).select_from(_TABLE)
    with _ENGINE.connect() as conn:
        values = [r[0] for r in conn.execute(query)]
    if expr.type == Type.DECIMAL:
        values = [None if v is None else from_units(v) for v in values]
    return [_canon(v, expr.type) for v in values]


def load(people: list[dict[str, Any]]) -> None:
    """Replace the rows of the SQLite table (kept in insertion order)."""
    with _ENGINE.begin() as conn:
        conn.execute(_TABLE.delete())
        conn.execute(_TABLE.insert(), rows(pl.DataFrame(people, schema=DTYPES)))


def by_interpreter(expr: Node, people: list[dict[str, Any]]) -> list[Any]:
    """Values from the explaining interpreter."""
    return [_canon(explain(expr, p, PARAMS, SCHEMA).value, expr.type) for p in people]


def leaf_values(expr: Node, people: list[dict[str, Any]]) -> tuple[list[Any], ...]:
    """Per leaf condition and person: Polars, SQL and interpreter values, as columns."""
    frame = pl.DataFrame(people, schema=DTYPES)
    conds = to_polars.conditions(expr, PARAMS)
    names = [f"c{k}" for k in range(len(conds))]
    pol = (
        frame.with_columns(e.alias(k) for k, (_, e) in zip(names, conds, strict=True))
        .select(names)
        .rows()
    )
    load(people)
    query = sa.select(*(e for _, e in to_sql.conditions(expr, _TABLE, PARAMS))).select_from(_TABLE)
    with _ENGINE.connect() as conn:
        sql = [tuple(None if v is None else bool(v) for v in r) for r in conn.execute(query)]
    interp = []
    for p in people:
        row = []
        for cond, _ in conds:
            v = explain(cond.node, p, PARAMS, SCHEMA).value
            row.append(None if v is None else bool(v) != cond.negated)
        interp.append(tuple(row))
    return pol, sql, interp


def values_in(e: Any) -> list[Any]:
    """All values in an explanation tree."""
    return [e.value, *(v for c in e.children for v in values_in(c))]
