"""Region codes: level, parent chain and containment agree with each other."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import (
    LEVEL_LENGTHS,
    PROVINCE_CODES,
    ancestor_codes,
    contains,
    normalize_region_code,
    parent_code,
    region_level,
    short_code,
    significant_prefix,
)


def segment(width: int, nonzero: bool) -> st.SearchStrategy[str]:
    low = 1 if nonzero else 0
    return st.integers(low, 10**width - 1).map(lambda n: str(n).zfill(width))


@st.composite
def gapless_codes(draw: st.DrawFn) -> str:
    """A code whose segments are all non-zero down to its level (no 东莞-style gaps)."""
    level = draw(st.integers(1, 5))
    parts = [draw(st.sampled_from(sorted(PROVINCE_CODES)))]
    parts += [draw(segment(w, True)) for w in (2, 2, 3, 3)[: level - 1]]
    return "".join(parts).ljust(12, "0")


@st.composite
def any_codes(draw: st.DrawFn) -> str:
    """Any valid code, gaps allowed."""
    parts = [draw(st.sampled_from(sorted(PROVINCE_CODES)))]
    parts += [draw(segment(w, False)) for w in (2, 2, 3, 3)]
    return "".join(parts)


@given(gapless_codes())
def test_parent_chain_length_is_level_minus_one(code: str) -> None:
    chain = ancestor_codes(code)
    assert len(chain) == region_level(code) - 1
    assert [region_level(c) for c in chain] == list(range(1, region_level(code)))
    assert parent_code(code) == (chain[-1] if chain else None)


@given(any_codes(), any_codes())
def test_contains_agrees_with_ancestors(outer: str, inner: str) -> None:
    assert contains(inner, inner)
    for ancestor in ancestor_codes(inner):
        assert contains(ancestor, inner)
        assert not contains(inner, ancestor)
    strict = contains(outer, inner) and outer != inner
    assert strict == (outer in ancestor_codes(inner))


@given(any_codes())
def test_prefix_round_trips(code: str) -> None:
    prefix = significant_prefix(code)
    assert len(prefix) == LEVEL_LENGTHS[region_level(code) - 1]
    assert normalize_region_code(prefix) == code
    assert normalize_region_code("　" + prefix.translate({48 + i: 0xFF10 + i for i in range(10)}))
    assert short_code(code) == prefix


def test_examples() -> None:
    assert normalize_region_code(" 3301 ") == "330100000000"
    assert normalize_region_code(330102.0) == "330102000000"
    assert normalize_region_code("330102001.0") == "330102001000"
    assert ancestor_codes("441900003000") == ["440000000000", "441900000000"]
    assert parent_code("441900003000") == "441900000000"
    assert region_level("441900003001") == 5
    assert parent_code("11") is None


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        ("", "区划代码为空", "empty"),
        (None, "区划代码无效", "invalid"),
        ("33010", "实为 5 位", "got 5"),
        ("3301020010011", "实为 13 位", "got 13"),
        ("3301-02", "只能包含数字，发现：-", "found: -"),
        ("990000", "前两位 99", "province"),
        ("000000000000", "前两位 00", "province"),
    ],
)
def test_errors(raw: object, zh: str, en: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_region_code(raw)
    assert zh in info.value.zh
    assert en in info.value.en
