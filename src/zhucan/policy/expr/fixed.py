"""Exact fixed-point arithmetic for ``decimal`` values: 4 places, rounding half-up.

Every backend represents a decimal as an integer count of 0.0001 ("units"), so Polars,
SQL (even SQLite, which has no exact decimals) and Python agree to the last digit.
"""

from __future__ import annotations

from decimal import Decimal

SCALE = 4
UNIT = 10_000  # 10**SCALE
MAX_INT = 2**53  # int literals and parameters must stay well inside int64


def to_units(value: Decimal | int) -> int:
    """A decimal (at most 4 places) or int as units of 0.0001.

    >>> to_units(Decimal("1.25")), to_units(3), to_units(Decimal("-0.0001"))
    (12500, 30000, -1)
    """
    if isinstance(value, int):
        return value * UNIT
    units = value.scaleb(SCALE)
    if units != units.to_integral_value():
        raise ValueError(f"more than {SCALE} decimal places: {value}")
    return int(units)


def from_units(units: int) -> Decimal:
    """Units of 0.0001 as a Decimal with 4 places.

    >>> from_units(12500), from_units(-1)
    (Decimal('1.2500'), Decimal('-0.0001'))
    """
    return Decimal(units).scaleb(-SCALE)


def div_half_up(n: int, d: int) -> int:
    """``n / d`` rounded half away from zero (四舍五入); ``d`` must not be 0.

    >>> div_half_up(5, 2), div_half_up(-5, 2), div_half_up(5, -3), div_half_up(4, 3)
    (3, -3, -2, 1)
    """
    q = (2 * abs(n) + abs(d)) // (2 * abs(d))
    return -q if (n < 0) != (d < 0) else q


def mul(a: Decimal | int, b: Decimal | int) -> Decimal:
    """The product of two decimals, rounded half-up to 4 places.

    >>> mul(Decimal("0.3333"), Decimal("0.5")), mul(3, Decimal("0.0001"))
    (Decimal('0.1667'), Decimal('0.0003'))
    """
    return from_units(div_half_up(to_units(a) * to_units(b), UNIT))


def div(a: Decimal | int, b: Decimal | int) -> Decimal | None:
    """``a / b`` rounded half-up to 4 places; None when ``b`` is 0.

    >>> div(1, 3), div(Decimal("-2"), 3), div(1, 0)
    (Decimal('0.3333'), Decimal('-0.6667'), None)
    """
    if b == 0:
        return None
    return from_units(div_half_up(to_units(a) * UNIT, to_units(b)))


def round_cents(value: Decimal | int) -> Decimal:
    """Half-up to 0.01, kept with 4 places.

    >>> round_cents(Decimal("2.345")), round_cents(Decimal("-2.345")), round_cents(7)
    (Decimal('2.3500'), Decimal('-2.3500'), Decimal('7.0000'))
    """
    step = UNIT // 100
    return from_units(div_half_up(to_units(value), step) * step)
