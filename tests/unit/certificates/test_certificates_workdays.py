"""Working days under the State Council holiday notices, 2021–2026."""

from __future__ import annotations

from datetime import date

import pytest

from zhucan.certificates.workdays import (
    add_working_days,
    holiday_calendar,
    is_working_day,
    working_days_between,
)
from zhucan.core.errors import InvalidValue


def test_every_year_2021_to_2026_is_on_file_and_exact() -> None:
    cal = holiday_calendar()
    for year in range(2021, 2027):
        assert cal.known(year), year
        assert cal.arrangements[year].notice.startswith("国办发明电〔")
    assert cal.arrangements[2025].notice == "国办发明电〔2024〕12号"
    assert cal.arrangements[2026].notice == "国办发明电〔2025〕7号"


@pytest.mark.parametrize(
    ("year", "working_weekends"),
    [(2021, 7), (2022, 7), (2023, 7), (2024, 8), (2025, 5), (2026, 6)],
)
def test_working_weekends_match_the_notices(year: int, working_weekends: int) -> None:
    assert len([d for d in holiday_calendar().working_weekends if d.year == year]) == (
        working_weekends
    )


def test_days_off_match_the_notices() -> None:
    # 31 + 31 + 27 + 28 + 28 + 33 days off in the six notices (2023's 元旦 starts 2022-12-31).
    assert len(holiday_calendar().days_off) == 178


def test_adjusted_working_days_are_weekends() -> None:
    assert all(d.weekday() >= 5 for d in holiday_calendar().working_weekends)


def test_national_day_2025() -> None:
    assert not any(is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert is_working_day(date(2025, 9, 28))  # Sunday, 调休
    assert is_working_day(date(2025, 10, 11))  # Saturday, 调休
    assert not is_working_day(date(2025, 10, 12))
    # 5 working days from Friday 26 September: 28, 29, 30 Sep, 9, 10 Oct.
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    # 10 working days from 10 October, counting Saturday 11 October.
    assert add_working_days(date(2025, 10, 10), 10) == date(2025, 10, 23)


def test_spring_festival_2026_and_unknown_years() -> None:
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # 调休 Saturday
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    # 2030 has no notice on file: Monday to Friday.
    assert add_working_days(date(2030, 10, 1), 1) == date(2030, 10, 2)
    assert not holiday_calendar().known(2030)


def test_inverse_and_between() -> None:
    start = date(2024, 9, 1)
    for n in (0, 1, 7, 30, 250):
        end = add_working_days(start, n)
        assert working_days_between(start, end) == n
        if n:
            assert is_working_day(end)
    assert working_days_between(date(2025, 10, 10), date(2025, 9, 30)) == -2


def test_too_many_days() -> None:
    with pytest.raises(InvalidValue, match="工作日数过大"):
        add_working_days(date(2025, 1, 1), 10_000)
