"""Unified social credit codes: GB 32100-2015 check character, by example and by property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.credit_code import (
    ALPHABET,
    CreditCode,
    check_character,
    is_valid_credit_code,
    normalize_credit_code,
)
from zhucan.core.errors import InvalidValue

# Published examples of valid codes.
KNOWN = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T"]


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    head = draw(st.text(alphabet=ALPHABET, min_size=2, max_size=2))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    body = draw(st.text(alphabet=ALPHABET, min_size=9, max_size=9))
    first17 = head + region + body
    return first17 + check_character(first17)


@pytest.mark.parametrize("code", KNOWN)
def test_known_codes_are_valid(code: str) -> None:
    assert normalize_credit_code(code) == code


@given(valid_codes())
def test_generated_codes_are_valid_and_normalized(code: str) -> None:
    assert is_valid_credit_code(code)
    assert normalize_credit_code(f" {code.lower()} ") == code
    assert CreditCode.parse(code).region6 == code[2:8]


@given(valid_codes(), st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_caught(code: str, pos: int, char: str) -> None:
    changed = code[:pos] + char + code[pos + 1 :]
    if changed == code or (2 <= pos < 8 and not char.isdigit()):
        return
    assert not is_valid_credit_code(changed)


@given(valid_codes(), st.integers(0, 16))
def test_adjacent_transpositions_are_caught(code: str, pos: int) -> None:
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    if swapped != code:
        assert not is_valid_credit_code(swapped)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("9135010", "18 位"),
        ("91350100M000100O43", "不允许的字符"),
        ("91A50100M000100Y43", "行政区划码"),
        (9.1e17, "存成了数字"),
        ("", "为空"),
    ],
)
def test_rejections_say_why(raw: object, fragment: str) -> None:
    with pytest.raises(InvalidValue, match=fragment):
        normalize_credit_code(raw)
