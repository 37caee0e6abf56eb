"""Months and dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.errors import InvalidValue
from zhucan.core.period import Month, add_years, age_on, parse_date

months = st.builds(Month, st.integers(1900, 2200), st.integers(1, 12))
dates = st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31))


@given(months)
def test_next_prev_round_trip(m: Month) -> None:
    assert m.next().prev() == m == m.prev().next()
    assert m.prev() < m < m.next()
    assert m.next().first_day == m.last_day + timedelta(days=1)
    assert Month.parse(str(m)) == m


@given(months, months)
def test_range_and_months_between(a: Month, b: Month) -> None:
    span = Month.range(a, b)
    assert len(span) == max(a.months_between(b) + 1, 0)
    assert all(x.next() == y for x, y in pairwise(span))
    assert a.months_between(b) == -b.months_between(a)


@given(dates)
def test_date_formats_and_excel_serials(d: date) -> None:
    for text in (
        f"{d:%Y-%m-%d}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d:%Y%m%d}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}.{d.month}.{d.day}",
    ):
        assert parse_date(text) == d
    serial = (d - date(1899, 12, 30)).days
    assert parse_date(serial) == parse_date(float(serial) + 0.75) == d
    assert Month.of(d) == Month.parse(d)


@given(dates, st.integers(0, 100))
def test_age_matches_add_years(birth: date, n: int) -> None:
    later = add_years(birth, n)
    assert age_on(birth, later) == n
    if n:
        assert age_on(birth, later - timedelta(days=1)) == n - 1


def test_examples() -> None:
    assert Month.parse("2024-1") == Month.parse("202401") == Month.parse(" ２０２４年１月 ")
    assert Month.parse(Month(2024, 1)) == Month(2024, 1)
    assert str(Month(987, 3)) == "0987-03"
    assert parse_date(datetime(2021, 3, 5, 8, 30)) == date(2021, 3, 5)
    assert parse_date("2021-03-05T08:30:00") == parse_date("2021/3/5 08:30") == date(2021, 3, 5)
    assert parse_date("44260") == date(2021, 3, 5)
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert age_on(date(2000, 2, 29), date(2019, 2, 27)) == 18


@pytest.mark.parametrize(
    ("raw", "zh"),
    [
        ("2024-13", "月份应为 1–12，实为 13"),
        ("2024", "无法识别的月份"),
        ("2024-01-05", "无法识别的月份"),
        (2024.5, "无法识别的月份"),
    ],
)
def test_month_errors(raw: object, zh: str) -> None:
    with pytest.raises(InvalidValue, match=zh):
        Month.parse(raw)


@pytest.mark.parametrize(
    ("raw", "zh"),
    [
        ("2021-02-30", "日期不存在：2021-02-30"),
        ("20211305", "日期不存在：2021-13-05"),
        ("三月五日", "无法识别的日期"),
        ("", "无法识别的日期"),
        (None, "无法识别的日期"),
        (True, "无法识别的日期"),
        (0, "Excel 日期序号应在 1–2958465 之间，实为 0"),
        (2958466, "实为 2958466"),
        (60, "1900-02-29"),
    ],
)
def test_date_errors(raw: object, zh: str) -> None:
    with pytest.raises(InvalidValue, match=zh):
        parse_date(raw)


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(InvalidValue, match="早于出生日期"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))
