"""Disability categories and grades."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.disability import Category, Grade, multiple_grade, parse_category, parse_grade
from zhucan.core.errors import InvalidValue

FULLWIDTH = {48 + i: 0xFF10 + i for i in range(10)}


@given(st.sampled_from(Category))
def test_category_spellings(c: Category) -> None:
    for raw in (
        c,
        c.value,
        str(c.value),
        f" {c.value}.0 ",
        str(c.value).translate(FULLWIDTH),
        float(c.value),
        Decimal(c.value),
        c.zh,
        c.zh + "残疾",
        f"　{c.zh} ",
        c.en,
        c.en.upper(),
        c.name,
        f"{c.en} disability",
    ):
        assert parse_category(raw) is c


@given(st.sampled_from(Grade))
def test_grade_spellings(g: Grade) -> None:
    n = g.value
    for raw in (
        g,
        n,
        str(n),
        f"{n}.0",
        f"{n}级",
        str(n).translate(FULLWIDTH),
        float(n),
        g.zh,
        g.zh[0],
        f"{g.zh[0]} 级",
        "壹贰叁肆"[n - 1] + "级",
        g.zh + "残疾",
    ):
        assert parse_grade(raw) is g


@given(st.lists(st.sampled_from(Grade), min_size=1))
def test_multiple_grade_is_most_severe(grades: list[Grade]) -> None:
    result = multiple_grade(grades)
    assert result in grades
    assert all(result <= g for g in grades)


def test_names() -> None:
    assert [c.zh for c in Category] == ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]
    assert Category.INTELLECTUAL.en == "intellectual"
    assert [g.zh for g in Grade] == ["一级", "二级", "三级", "四级"]
    assert parse_category("语言残疾") is Category.SPEECH


@pytest.mark.parametrize("raw", [0, 8, "8", "1.5", "", None, True, "盲", 1.5, float("nan")])
def test_category_errors(raw: object) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_category(raw)
    assert "无法识别的残疾类别" in info.value.zh
    assert "视力、听力、言语、肢体、智力、精神、多重" in info.value.zh
    assert "accepted: 1-7" in info.value.en


@pytest.mark.parametrize("raw", [0, 5, "五级", "5级", "", None, False, "2.5", "grade"])
def test_grade_errors(raw: object) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_grade(raw)
    assert "无法识别的残疾等级" in info.value.zh
    assert "一级–四级" in info.value.zh
    assert "accepted: 1-4" in info.value.en


def test_multiple_grade_needs_a_grade() -> None:
    with pytest.raises(InvalidValue, match="至少需要一个等级"):
        multiple_grade([])
