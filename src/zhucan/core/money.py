"""Money as integer fen (分); yuan amounts are Decimal, never float. Rounding is half-up
(ties away from zero, as 四舍五入)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeAlias

import polars as pl

from zhucan.core._text import compact
from zhucan.core.errors import InvalidValue

Fen: TypeAlias = int
_CENT = Decimal("0.01")


def _reject_float(value: object, what: str) -> None:
    if isinstance(value, float | bool):
        raise TypeError(
            f"{what} must not be {type(value).__name__} ({value!r}); use Decimal or str"
        )


def to_fen(value: Decimal | int | str) -> Fen:
    """Yuan (Decimal, int or text such as "¥1,234.5元") to fen, rounded half-up.

    >>> to_fen("1,234.505"), to_fen(Decimal("-0.005")), to_fen(3), to_fen(" ￥１２.３ 元")
    (123451, -1, 300, 1230)
    >>> to_fen(0.1)
    Traceback (most recent call last):
    TypeError: a yuan amount must not be float (0.1); use Decimal or str
    """
    _reject_float(value, "a yuan amount")
    if isinstance(value, str):
        text = compact(value).replace(",", "").lstrip("¥￥").removesuffix("元")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidValue(f"无法识别的金额：{value!r}", f"not an amount: {value!r}") from None
    if isinstance(value, int):
        return value * 100
    if not isinstance(value, Decimal):
        raise TypeError(f"a yuan amount must be Decimal, int or str, not {type(value).__name__}")
    if not value.is_finite():
        raise InvalidValue(f"金额不是有限数：{value}", f"the amount is not finite: {value}")
    return int(round_yuan(value).scaleb(2))


def yuan(fen: Fen) -> Decimal:
    """Fen as a yuan Decimal with exactly 2 places.

    >>> yuan(123450), yuan(-5)
    (Decimal('1234.50'), Decimal('-0.05'))
    """
    _reject_float(fen, "fen")
    return Decimal(fen).scaleb(-2)


def format_yuan(fen: Fen) -> str:
    """Fen as yuan text with thousands separators and 2 places.

    >>> format_yuan(123450), format_yuan(-100000000), format_yuan(5)
    ('1,234.50', '-1,000,000.00', '0.05')
    """
    return f"{yuan(fen):,.2f}"


def round_yuan(amount: Decimal) -> Decimal:
    """A yuan Decimal rounded half-up to 0.01.

    >>> round_yuan(Decimal("2.345")), round_yuan(Decimal("-2.345")), round_yuan(Decimal(7))
    (Decimal('2.35'), Decimal('-2.35'), Decimal('7.00'))
    """
    _reject_float(amount, "a yuan amount")
    try:
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise InvalidValue(f"金额无效或过大：{amount}", f"invalid or too large: {amount}") from None


def percent_of(fen: Fen, pct: Decimal | int) -> Fen:
    """``pct`` percent of ``fen``, rounded half-up to the fen.

    >>> percent_of(12345, Decimal("10")), percent_of(5, Decimal("50")), percent_of(1000, 3)
    (1235, 3, 30)
    """
    _reject_float(fen, "fen")
    _reject_float(pct, "a percentage")
    share = (Decimal(fen) * Decimal(pct)).scaleb(-2)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan_text(column: str) -> pl.Expr:
    """Fen as yuan text with two places: 12345 → "123.45", -5 → "-0.05"."""
    fen = pl.col(column)
    whole = (fen.abs() // 100).cast(pl.String)
    cents = (fen.abs() % 100).cast(pl.String).str.zfill(2)
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, whole, pl.lit("."), cents])
