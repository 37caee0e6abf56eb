"""Money in fen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.errors import InvalidValue
from zhucan.core.money import format_yuan, percent_of, round_yuan, to_fen, yuan

fens = st.integers(-(10**15), 10**15)


@given(fens)
def test_round_trips(fen: int) -> None:
    assert to_fen(yuan(fen)) == fen
    assert to_fen(str(yuan(fen))) == fen
    assert to_fen(format_yuan(fen)) == fen
    assert yuan(fen).as_tuple().exponent == -2


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4))
def test_to_fen_is_half_up(amount: Decimal) -> None:
    fen = to_fen(amount)
    assert abs(Decimal(fen) / 100 - amount) <= Decimal("0.005")
    assert yuan(fen) == round_yuan(amount)


@given(fens, st.decimals(min_value=0, max_value=100, places=2))
def test_percent_of_bounds(fen: int, pct: Decimal) -> None:
    exact = Decimal(fen) * pct / 100
    assert abs(percent_of(fen, pct) - exact) <= Decimal("0.5")


def test_examples() -> None:
    assert to_fen("0.005") == 1
    assert to_fen("-0.005") == -1
    assert to_fen("0.0049") == 0
    assert to_fen("¥1,234.50") == to_fen("１，２３４.５元") == 123450
    assert format_yuan(0) == "0.00"
    assert percent_of(1, Decimal("50")) == 1
    assert percent_of(-1, Decimal("50")) == -1


@pytest.mark.parametrize("bad", [0.1, 1.0, True])
def test_float_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        to_fen(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        yuan(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        percent_of(100, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "NaN", "Infinity", "1e40"])
def test_bad_amounts(bad: str) -> None:
    with pytest.raises(InvalidValue):
        to_fen(bad)
