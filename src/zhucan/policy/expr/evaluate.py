"""One node's value from its children's values, in Python, with the shared null rules.

Null semantics (identical in the Polars and SQL backends): SQL's three-valued logic.
Any operation on a null is null, except ``is None``/``is not None``; ``and`` is False if
any operand is False, ``or`` is True if any is True, otherwise null if any is null;
``not null`` is null; ``a if c else b`` takes ``b`` unless ``c`` is True; division by
zero is null. A condition that stays null at the top is folded to False.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr import fixed
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.values import Value, coerce

_CMP = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def kleene(op: str, values: Sequence[Value]) -> bool | None:
    """Three-valued ``and``/``or``.

    >>> kleene("and", [True, None]), kleene("and", [False, None]), kleene("or", [True, None])
    (None, False, True)
    """
    decisive = op == "or"
    if decisive in values:
        return decisive
    return None if None in values else not decisive


def months_between(a: date, b: date) -> int:
    """Whole months from ``a`` to ``b`` (a day-of-month not yet reached does not count).

    >>> months_between(date(2024, 1, 31), date(2024, 2, 29))
    0
    >>> months_between(date(2024, 3, 5), date(2024, 1, 5))
    -2
    """
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def apply(node: n.Node, args: Sequence[Value]) -> Value:
    """The value of ``node`` given the values of its children (``node.children()``)."""
    if isinstance(node, n.BoolOp):
        return kleene(node.op, args)
    if isinstance(node, n.IsNull):
        return (args[0] is not None) if node.negated else (args[0] is None)
    if isinstance(node, n.IfElse):
        return args[1] if args[0] is True else args[2]
    if any(a is None for a in args):
        return None
    a: Any = args[0]
    b: Any = args[1] if len(args) > 1 else None
    if isinstance(node, n.Not):
        return not a
    if isinstance(node, n.Neg):
        return -a  # type: ignore[no-any-return]
    if isinstance(node, n.Compare):
        return bool(_CMP[node.op](a, b))
    if isinstance(node, n.InList):
        return (a in [i.value for i in node.items]) != node.negated
    if isinstance(node, n.BinOp):
        return _arith(node, a, b)
    assert isinstance(node, n.Call)
    return _call(node.func, args)


def _arith(node: n.BinOp, a: Any, b: Any) -> Value:
    if node.op == "+":
        return a + b  # type: ignore[no-any-return]
    if node.op == "-":
        return a - b  # type: ignore[no-any-return]
    if node.op == "/":
        return fixed.div(a, b)
    if Type.INT in (node.left.type, node.right.type):
        return a * b  # type: ignore[no-any-return]
    return fixed.mul(a, b)


def _call(func: str, args: Sequence[Any]) -> Value:
    if func == "min":
        return min(args)  # type: ignore[no-any-return]
    if func == "max":
        return max(args)  # type: ignore[no-any-return]
    if func == "round_yuan":
        return fixed.round_cents(args[0])
    if func == "starts_with":
        return bool(args[0].startswith(args[1]))
    if func == "has":
        return args[1] in args[0]
    return months_between(args[0], args[1])


def value_of(node: n.Node, params: Mapping[str, object]) -> Value:
    """The value of a node that reads only parameters (and literals), given their values.

    >>> from zhucan.policy.expr.parse import parse
    >>> from zhucan.policy.expr.types import check
    >>> value_of(check(parse("round_yuan(a * 0.3)"), {}, {"a": Type.DECIMAL}), {"a": 1080})
    Decimal('324.0000')
    """
    if isinstance(node, n.Const):
        return node.value
    if isinstance(node, n.Name):
        assert node.type
        return coerce(params[node.id], node.type, node.id)
    return apply(node, [value_of(c, params) for c in node.children()])


def as_decimal(value: Value) -> Value:
    """Numbers as Decimal with 4 places (how decimal results are shown and compared).

    >>> as_decimal(3), as_decimal(Decimal("1.5")), as_decimal("x")
    (Decimal('3.0000'), Decimal('1.5000'), 'x')
    """
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return fixed.from_units(fixed.to_units(value))
    return value
