"""Checking Python values (parameters, one person's facts) against language types."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.fixed import MAX_INT, SCALE

_SIMPLE: dict[Type, type] = {Type.STR: str, Type.DATE: date}
Value = bool | int | Decimal | str | date | list[str] | None


def coerce(value: object, kind: Type, name: str) -> Value:
    """``value`` as the canonical Python value of type ``kind`` (None stays None).

    >>> coerce(3, Type.DECIMAL, "rate"), coerce(["a"], Type.LIST_STR, "x")
    (Decimal('3'), ['a'])
    >>> coerce(0.3, Type.DECIMAL, "rate")
    Traceback (most recent call last):
    zhucan.policy.expr.errors.ExpressionError: 第 1 行第 1 列：rate 应为 decimal，实为 0.3
    """
    if value is None:
        return None
    ok: Value = None
    if kind == Type.BOOL and isinstance(value, bool):
        ok = value
    elif kind == Type.INT and isinstance(value, int) and not isinstance(value, bool):
        ok = value if abs(value) <= MAX_INT else None
    elif kind == Type.DECIMAL and isinstance(value, int | Decimal) and not isinstance(value, bool):
        d = Decimal(value)
        exact = d.is_finite() and abs(d) <= MAX_INT and d == round(d, SCALE)
        ok = d if exact else None
    elif kind in _SIMPLE and isinstance(value, _SIMPLE[kind]) and not isinstance(value, datetime):
        ok = value  # type: ignore[assignment]
    elif kind == Type.LIST_STR and isinstance(value, list | tuple):
        ok = list(value) if all(isinstance(v, str) for v in value) else None
    if ok is None:
        raise ExpressionError(
            f"{name} 应为 {kind}，实为 {value!r}", f"{name} must be {kind}, got {value!r}"
        )
    return ok


def bind(
    types: Mapping[str, Type], values: Mapping[str, object], what: str = "参数"
) -> dict[str, Value]:
    """Every name in ``types`` with its coerced value; a missing parameter is an error.

    >>> bind({"n": Type.INT}, {"n": 2})
    {'n': 2}
    """
    missing = [name for name in types if name not in values]
    if missing:
        raise ExpressionError(f"缺少{what}：{'、'.join(missing)}", f"missing: {', '.join(missing)}")
    return {name: coerce(values[name], kind, name) for name, kind in types.items()}
