"""Compile a typed expression to a SQLAlchemy Core expression, for SQLite and PostgreSQL.

The columns come from ``source`` (a table or subquery with the snapshot's columns, lists
encoded as in ``sql_table``). Decimals are BIGINT counts of 0.0001, exactly as in Polars.
Parameters that differ between the rows' policy keys are folded per key (:class:`PerKey`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Condition, Type, conditions_of, names_in
from zhucan.policy.expr.evaluate import value_of
from zhucan.policy.expr.fixed import UNIT, to_units
from zhucan.policy.expr.sql_table import LIST_SEPARATOR, encode_list
from zhucan.policy.expr.values import coerce

Col = ColumnElement[Any]
_INT = sa.BigInteger()
_TYPES: dict[Type, sa.types.TypeEngine[Any]] = {
    Type.BOOL: sa.Boolean(),
    Type.INT: _INT,
    Type.DECIMAL: _INT,
    Type.STR: sa.Text(),
    Type.DATE: sa.Date(),
    Type.LIST_STR: sa.Text(),
}
_CMP: dict[str, Callable[[Any, Any], Col]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class PerKey:
    """Parameters that differ between policy keys, chosen per row by a key column.

    ``values[i]`` holds every parameter of key ``i``; ``names`` are those that differ. A
    sub-expression reading only parameters is computed per key in Python (the explainer's
    rules) and becomes ``CASE key WHEN i THEN value …``: no arithmetic left for the rows.
    """

    key: Col
    values: Mapping[int, Mapping[str, object]]
    names: frozenset[str]

    def case(self, node: n.Node, compiler: _Compiler) -> Col:
        assert node.type
        kind = node.type
        whens = []
        for index, params in self.values.items():
            value = value_of(node, params)
            if value is not None:
                whens.append((self.key == index, compiler.literal(value, kind)))
        return sa.case(*whens, else_=sa.null()) if whens else sa.null()


def compile_expr(
    node: n.Node,
    source: sa.FromClause,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
) -> Col:
    """The expression in internal form: decimals as BIGINT units of 0.0001, nulls kept."""
    return _Compiler(source, params or {}, per_key).visit(node)


def compile_condition(
    node: n.Node,
    source: sa.FromClause,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
) -> Col:
    """A boolean expression folded to two values: unknown (NULL) counts as false."""
    expr = compile_expr(node, source, params, per_key)
    return sa.func.coalesce(expr, sa.false(), type_=sa.Boolean)


def compile_fen(
    node: n.Node,
    source: sa.FromClause,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
) -> Col:
    """A numeric expression as integer fen, rounded half-up."""
    expr = compile_expr(node, source, params, per_key)
    return _div_const(expr * UNIT if node.type == Type.INT else expr, UNIT // 100)


def conditions(
    node: n.Node, source: sa.FromClause, params: Mapping[str, object] | None = None
) -> list[tuple[Condition, Col]]:
    """Each leaf condition as a boolean: was this requirement met (NULL: unknown)?"""
    compiler = _Compiler(source, params or {})
    out = []
    for cond in conditions_of(node):
        expr = compiler.visit(cond.node)
        out.append((cond, sa.not_(expr) if cond.negated else expr))
    return out


def _int(value: int) -> Col:
    # An explicit cast: a bare literal is int4 to PostgreSQL, and products of two overflow.
    return sa.cast(sa.literal(value, _INT), _INT)


def _abs(expr: Col) -> Col:
    return sa.func.abs(expr, type_=_INT)


class _DivConst(FunctionElement[int]):
    """``num / d`` rounded half away from zero, for a positive constant ``d``.

    Integer arithmetic reads ``num`` three times, so nested rounding (``round_yuan`` of a
    product of decimals) grows the statement exponentially; PostgreSQL computes it from
    one reference instead, with exact numeric division and ``round`` (half away from zero).
    """

    type = sa.BigInteger()
    inherit_cache = True
    name = "div_const"

    def __init__(self, num: Col, d: int) -> None:
        self.d = d
        super().__init__(num)


@compiles(_DivConst)
def _div_const_default(element: _DivConst, compiler: Any, **kw: Any) -> str:
    (num,) = element.clauses
    q = (_abs(num) * 2 + _int(element.d)) // _int(2 * element.d)
    return str(compiler.process(sa.case((num < 0, -q), else_=q), **kw))


@compiles(_DivConst, "postgresql")
def _div_const_postgresql(element: _DivConst, compiler: Any, **kw: Any) -> str:
    (num,) = element.clauses
    exact = sa.func.round(sa.cast(num, sa.Numeric()) / sa.literal_column(str(element.d)))
    return str(compiler.process(sa.cast(exact, _INT), **kw))


def _div_const(num: Col, d: int) -> Col:
    return _DivConst(num, d)


def _div_half_up(num: Col, den: Col) -> Col:
    safe = sa.func.nullif(den, 0, type_=_INT)
    q = (_abs(num) * 2 + _abs(safe)) // (_abs(safe) * 2)
    return sa.case(((num < 0) != (safe < 0), -q), else_=q)


def _part(field: str, day: Col) -> Col:
    return sa.cast(sa.extract(field, day), _INT)


class _Compiler:
    def __init__(
        self,
        source: sa.FromClause,
        params: Mapping[str, object],
        per_key: PerKey | None = None,
    ) -> None:
        self.source = source
        self.params = params
        self.per_key = per_key

    def visit(self, node: n.Node) -> Col:
        if node.type is None:
            raise ValueError("type-check the expression first (types.check)")
        if self.per_key is not None and not isinstance(node, n.Const):
            names = set(names_in(node))
            if names & self.per_key.names and names <= self.per_key.names | set(self.params):
                return self.per_key.case(node, self)
        expr: Col = getattr(self, f"visit_{type(node).__name__}")(node)
        return expr

    def number(self, node: n.Node, decimal: bool) -> Col:
        expr = self.visit(node)
        return expr * _int(UNIT) if decimal and node.type == Type.INT else expr

    def literal(self, value: object, kind: Type) -> Col:
        if isinstance(value, Decimal):
            value = to_units(value)
        if isinstance(value, list):
            value = encode_list(value)
        if kind in (Type.INT, Type.DECIMAL) and isinstance(value, int):
            return _int(value)
        return sa.literal(value, _TYPES[kind])

    def visit_Const(self, node: n.Const) -> Col:
        assert node.type
        return self.literal(node.value, node.type)

    def visit_Name(self, node: n.Name) -> Col:
        assert node.type
        if node.id in self.params:
            return self.literal(coerce(self.params[node.id], node.type, node.id), node.type)
        col: Col = self.source.c[node.id]
        if node.type == Type.DECIMAL:
            return sa.cast(sa.func.round(col * UNIT), _INT)
        return col

    def visit_Compare(self, node: n.Compare) -> Col:
        dec = Type.DECIMAL in (node.left.type, node.right.type)
        return _CMP[node.op](self.number(node.left, dec), self.number(node.right, dec))

    def visit_IsNull(self, node: n.IsNull) -> Col:
        expr = self.visit(node.operand)
        return expr.is_not(None) if node.negated else expr.is_(None)

    def visit_InList(self, node: n.InList) -> Col:
        dec = any(i.type == Type.DECIMAL for i in (node.operand, *node.items))
        items = [to_units(i.value) if dec else i.value for i in node.items]  # type: ignore[arg-type]
        expr = self.number(node.operand, dec)
        return expr.not_in(items) if node.negated else expr.in_(items)

    def visit_BoolOp(self, node: n.BoolOp) -> Col:
        exprs = [self.visit(o) for o in node.operands]
        return sa.and_(*exprs) if node.op == "and" else sa.or_(*exprs)

    def visit_Not(self, node: n.Not) -> Col:
        return sa.not_(self.visit(node.operand))

    def visit_BinOp(self, node: n.BinOp) -> Col:
        if node.op == "/":
            num, den = self.number(node.left, True), self.number(node.right, True)
            return _div_half_up(num * _int(UNIT), den)
        if node.op == "*":
            product = self.visit(node.left) * self.visit(node.right)
            if Type.INT in (node.left.type, node.right.type):
                return product
            return _div_const(product, UNIT)
        dec = node.type == Type.DECIMAL
        left, right = self.number(node.left, dec), self.number(node.right, dec)
        return left + right if node.op == "+" else left - right

    def visit_Neg(self, node: n.Neg) -> Col:
        return -self.visit(node.operand)

    def visit_IfElse(self, node: n.IfElse) -> Col:
        dec = node.type == Type.DECIMAL
        then, other = self.number(node.then, dec), self.number(node.other, dec)
        return sa.case((self.visit(node.cond), then), else_=other)

    def visit_Call(self, node: n.Call) -> Col:
        dec = node.type == Type.DECIMAL
        if node.func in ("min", "max"):
            args = [self.number(a, dec) for a in node.args]
            out = args[0]
            for arg in args[1:]:
                first, second = (
                    (out <= arg, out > arg) if node.func == "min" else (out >= arg, out < arg)
                )
                out = sa.case((first, out), (second, arg))
            return out
        args = [self.visit(a) for a in node.args]
        if node.func == "round_yuan":
            units = self.number(node.args[0], True)
            return _div_const(units, 100) * _int(100)
        if node.func == "starts_with":
            text, prefix = args
            return sa.func.substr(text, 1, sa.func.length(prefix)) == prefix
        if node.func == "has":
            items, item = args
            needle = sa.literal(LIST_SEPARATOR) + item + sa.literal(LIST_SEPARATOR)
            return sa.func.replace(items, needle, "", type_=sa.Text) != items
        a, b = args
        months = (_part("year", b) - _part("year", a)) * 12 + _part("month", b) - _part("month", a)
        return months - sa.case((_part("day", b) < _part("day", a), 1), else_=0)
