"""Compile a typed expression to a vectorized ``polars.Expr`` over a snapshot frame.

Decimals are computed as Int64 counts of 0.0001 (see ``fixed``); parameters are bound as
literals. Null semantics are SQL's three-valued logic (see ``semantics``).

Parameters whose value differs between the rows' policy keys (:class:`PerKey`) are folded:
every sub-expression that reads only parameters is computed once per key in Python, with
the same rules as the explainer (``evaluate.apply``), and becomes a column gathered by the
row's key (``PerKey.columns``), so ``round_yuan(dibao_standard * rate)`` costs one lookup.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Condition, Type, conditions_of, names_in
from zhucan.policy.expr.evaluate import value_of
from zhucan.policy.expr.fixed import UNIT, to_units
from zhucan.policy.expr.values import Value, coerce

_DTYPES: dict[Type, pl.DataType] = {
    Type.BOOL: pl.Boolean(),
    Type.INT: pl.Int64(),
    Type.DECIMAL: pl.Int64(),
    Type.STR: pl.String(),
    Type.DATE: pl.Date(),
    Type.LIST_STR: pl.List(pl.String()),
}
_CMP = {
    "==": pl.Expr.eq,
    "!=": pl.Expr.ne,
    "<": pl.Expr.lt,
    "<=": pl.Expr.le,
    ">": pl.Expr.gt,
    ">=": pl.Expr.ge,
}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_MAX_EQ_CHAIN = 4


@dataclass
class Scope:
    """Intermediate columns, so a value the result reads more than once is computed once.

    Polars' common-subexpression elimination does not reach inside the expressions it
    extracts; rounding (``round_yuan``, ``*``, ``/`` on decimals) reads its operand two or
    three times, so nested rounding would grow the tree exponentially. With a scope the
    compiler names such operands (``let``) and the caller adds ``columns`` in ``stages()``
    order (``with_columns`` per stage) before selecting the compiled expressions.
    """

    prefix: str = "__scope_"
    columns: dict[str, pl.Expr] = field(default_factory=dict)
    _seen: dict[bytes, str] = field(default_factory=dict)

    def let(self, expr: pl.Expr) -> pl.Expr:
        """``expr`` as a column of the scope (a column or a constant is returned as is)."""
        if expr.meta.is_column() or not expr.meta.root_names():
            return expr  # a column already, or a value that reads no column
        fingerprint = expr.meta.serialize(format="binary")
        if fingerprint not in self._seen:
            name = f"{self.prefix}{len(self.columns)}"
            self.columns[name] = expr.alias(name)
            self._seen[fingerprint] = name
        return pl.col(self._seen[fingerprint])

    def stages(self) -> list[list[pl.Expr]]:
        """The columns in dependency order: each stage reads only earlier stages' columns."""
        level: dict[str, int] = {}
        out: list[list[pl.Expr]] = []
        for name, expr in self.columns.items():
            reads = [level[r] for r in expr.meta.root_names() if r in level]
            level[name] = max(reads, default=-1) + 1
            if level[name] == len(out):
                out.append([])
            out[level[name]].append(expr)
        return out

    def apply(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """``frame`` with the scope's columns added."""
        for stage in self.stages():
            frame = frame.with_columns(stage)
        return frame


@dataclass
class PerKey:
    """Parameters that differ between policy keys, bound per row through a key column.

    ``values[i]`` holds every parameter of key ``i`` (keys not in the map give null);
    ``names`` are the parameters that differ. Each distinct parameter-only sub-expression
    becomes one column of ``scope``, gathered from its per-key values by the key column.
    """

    key: pl.Expr
    size: int
    values: dict[int, Mapping[str, object]]
    names: frozenset[str]
    scope: Scope
    _seen: dict[tuple[str, str], pl.Expr] = field(default_factory=dict)

    def column(self, node: n.Node) -> pl.Expr:
        """The per-key value of a parameter-only node, as a column reference."""
        assert node.type
        fingerprint = (node.text, str(node.type))
        if fingerprint not in self._seen:
            table: list[object] = [None] * self.size
            for index, params in self.values.items():
                table[index] = _internal(value_of(node, params), node.type)
            series = pl.Series(table, dtype=_DTYPES[node.type])
            self._seen[fingerprint] = self.scope.let(pl.lit(series).gather(self.key))
        return self._seen[fingerprint]


def _internal(value: Value, kind: Type) -> object:
    if kind == Type.DECIMAL and isinstance(value, int | Decimal):
        return to_units(value)
    return value


def compile_expr(
    node: n.Node,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
    scope: Scope | None = None,
) -> pl.Expr:
    """The expression in internal form: decimals as Int64 units of 0.0001, nulls kept.

    With a ``scope`` (or ``per_key``, which has one) the expression reads the scope's
    columns: the caller adds them first (``Scope.apply``).
    """
    return _Compiler(params or {}, per_key, scope).visit(node)


def compile_condition(
    node: n.Node,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
    scope: Scope | None = None,
) -> pl.Expr:
    """A boolean expression folded to two values: unknown (null) counts as False."""
    return compile_expr(node, params, per_key, scope).fill_null(False)


def compile_value(node: n.Node, params: Mapping[str, object] | None = None) -> pl.Expr:
    """The expression's value; decimals as ``Decimal(38, 4)``."""
    expr = compile_expr(node, params)
    if node.type == Type.DECIMAL:
        return expr.cast(pl.Decimal(38, 4)) / pl.lit(Decimal(UNIT))
    return expr


def compile_fen(
    node: n.Node,
    params: Mapping[str, object] | None = None,
    per_key: PerKey | None = None,
    scope: Scope | None = None,
) -> pl.Expr:
    """A numeric expression as Int64 fen, rounded half-up."""
    compiler = _Compiler(params or {}, per_key, scope)
    return compiler.div_const(_units(compiler.visit(node), node), UNIT // 100)


def conditions(
    node: n.Node, params: Mapping[str, object] | None = None
) -> list[tuple[Condition, pl.Expr]]:
    """Each leaf condition with a boolean column: was this requirement met (null: unknown)?

    A leaf under an odd number of ``not`` is negated, so True always means "met".
    """
    compiler = _Compiler(params or {})
    out = []
    for cond in conditions_of(node):
        expr = compiler.visit(cond.node)
        out.append((cond, ~expr if cond.negated else expr))
    return out


def _units(expr: pl.Expr, node: n.Node) -> pl.Expr:
    return expr * UNIT if node.type == Type.INT else expr


def _div_const(num: pl.Expr, d: int) -> pl.Expr:
    q = (num.abs() * 2 + d) // (2 * d)
    return pl.when(num < 0).then(-q).otherwise(q)


def _div_half_up(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    q = (num.abs() * 2 + den.abs()) // (den.abs() * 2)
    signed = pl.when((num < 0) != (den < 0)).then(-q).otherwise(q)
    return pl.when(den != 0).then(signed)


class _Compiler:
    def __init__(
        self,
        params: Mapping[str, object],
        per_key: PerKey | None = None,
        scope: Scope | None = None,
    ) -> None:
        self.params = params
        self.per_key = per_key
        self.scope = scope if scope is not None else per_key.scope if per_key else None

    def let(self, expr: pl.Expr) -> pl.Expr:
        """A value read more than once: a scope column when there is a scope."""
        return expr if self.scope is None else self.scope.let(expr)

    def div_const(self, num: pl.Expr, d: int) -> pl.Expr:
        return _div_const(self.let(num), d)

    def visit(self, node: n.Node) -> pl.Expr:
        if node.type is None:
            raise ValueError("type-check the expression first (types.check)")
        if self.per_key is not None and not isinstance(node, n.Const):
            names = set(names_in(node))
            if names & self.per_key.names and names <= self.per_key.names | set(self.params):
                return self.per_key.column(node)
        expr: pl.Expr = getattr(self, f"visit_{type(node).__name__}")(node)
        return expr

    def number(self, node: n.Node, decimal: bool) -> pl.Expr:
        expr = self.visit(node)
        return _units(expr, node) if decimal else expr

    def visit_Const(self, node: n.Const) -> pl.Expr:
        assert node.type
        value = to_units(node.value) if isinstance(node.value, Decimal) else node.value
        return pl.lit(value, _DTYPES[node.type])

    def visit_Name(self, node: n.Name) -> pl.Expr:
        assert node.type
        if node.id in self.params:
            value = coerce(self.params[node.id], node.type, node.id)
            if isinstance(value, Decimal):
                value = to_units(value)
            if isinstance(value, list):
                return pl.lit(pl.Series([value], dtype=_DTYPES[node.type])).first()
            return pl.lit(value, _DTYPES[node.type])
        col = pl.col(node.id)
        if node.type == Type.DECIMAL:
            # the physical value of a Decimal(38, 4) is the count of 0.0001: no i128 arithmetic
            return col.cast(pl.Decimal(38, 4)).to_physical().cast(pl.Int64)
        return col.cast(_DTYPES[node.type])

    def visit_Compare(self, node: n.Compare) -> pl.Expr:
        dec = Type.DECIMAL in (node.left.type, node.right.type)
        left, right = self.number(node.left, dec), self.number(node.right, dec)
        return self.compare(
            node.op, (left, self.constant(node.left)), (right, self.constant(node.right))
        )

    def constant(self, node: n.Node) -> bool:
        """Whether the node reads no column (only literals and literal parameters)."""
        per_key = self.per_key.names if self.per_key is not None else frozenset()
        return all(name in self.params and name not in per_key for name in names_in(node))

    def compare(self, op: str, left: tuple[pl.Expr, bool], right: tuple[pl.Expr, bool]) -> pl.Expr:
        # Polars 2.1 mis-sizes `scalar < when(...)` when no row takes the `then` branch;
        # putting the column-reading side on the left avoids it.
        if left[1] and not right[1]:
            return _CMP[_FLIP[op]](right[0], left[0])
        return _CMP[op](left[0], right[0])

    def visit_IsNull(self, node: n.IsNull) -> pl.Expr:
        expr = self.visit(node.operand)
        return expr.is_not_null() if node.negated else expr.is_null()

    def visit_InList(self, node: n.InList) -> pl.Expr:
        dec = any(i.type == Type.DECIMAL for i in (node.operand, *node.items))
        items = [to_units(i.value) if dec else i.value for i in node.items]  # type: ignore[arg-type]
        assert node.operand.type
        dtype = _DTYPES[Type.DECIMAL if dec else node.operand.type]
        operand = self.number(node.operand, dec)
        if self.constant(node.operand):
            found = operand.is_in(pl.Series(items, dtype=dtype).implode())
            found = found.first()  # a constant operand: keep the result a broadcastable scalar
        elif len(items) <= _MAX_EQ_CHAIN:
            # a few items: equality tests beat a hash lookup (null stays null either way)
            if not isinstance(node.operand, n.Name):
                operand = self.let(operand)
            tests = [operand == pl.lit(i, dtype) for i in items]
            found = functools.reduce(operator.or_, tests)
        else:
            found = operand.is_in(pl.Series(items, dtype=dtype).implode())
        return ~found if node.negated else found

    def visit_BoolOp(self, node: n.BoolOp) -> pl.Expr:
        exprs = [self.visit(o) for o in node.operands]
        return functools.reduce(operator.and_ if node.op == "and" else operator.or_, exprs)

    def visit_Not(self, node: n.Not) -> pl.Expr:
        return ~self.visit(node.operand)

    def visit_BinOp(self, node: n.BinOp) -> pl.Expr:
        left_int, right_int = node.left.type == Type.INT, node.right.type == Type.INT
        if node.op == "/":
            num, den = self.number(node.left, True), self.number(node.right, True)
            return _div_half_up(self.let(num * UNIT), self.let(den))
        if node.op == "*":
            left, right = self.visit(node.left), self.visit(node.right)
            product = left * right
            return product if left_int or right_int else self.div_const(product, UNIT)
        dec = node.type == Type.DECIMAL
        left, right = self.number(node.left, dec), self.number(node.right, dec)
        return left + right if node.op == "+" else left - right

    def visit_Neg(self, node: n.Neg) -> pl.Expr:
        return -self.visit(node.operand)

    def visit_IfElse(self, node: n.IfElse) -> pl.Expr:
        dec = node.type == Type.DECIMAL
        then, other = self.number(node.then, dec), self.number(node.other, dec)
        return pl.when(self.visit(node.cond)).then(then).otherwise(other)

    def visit_Call(self, node: n.Call) -> pl.Expr:
        dec = node.type == Type.DECIMAL
        if node.func in ("min", "max"):
            ops = ("<=", ">") if node.func == "min" else (">=", "<")
            out = (self.let(self.number(node.args[0], dec)), self.constant(node.args[0]))
            for arg in node.args[1:]:
                other = (self.let(self.number(arg, dec)), self.constant(arg))
                first, second = (self.compare(op, out, other) for op in ops)
                out = (pl.when(first).then(out[0]).when(second).then(other[0]), out[1] and other[1])
                out = (self.let(out[0]), out[1])
            return out[0]
        args = [self.visit(a) for a in node.args]
        if node.func == "round_yuan":
            return self.div_const(_units(args[0], node.args[0]), 100) * 100
        if node.func == "starts_with":
            return args[0].str.starts_with(args[1])
        if node.func == "has":
            return pl.when(args[1].is_not_null()).then(args[0].list.contains(args[1]))
        a, b = args
        months = (b.dt.year().cast(pl.Int64) - a.dt.year()) * 12 + (
            b.dt.month().cast(pl.Int64) - a.dt.month()
        )
        return months - (b.dt.day() < a.dt.day()).cast(pl.Int64)
