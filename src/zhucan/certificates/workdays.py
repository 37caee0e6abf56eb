"""Working days (工作日) under the State Council's yearly holiday arrangements (放假调休).

The arrangements ship as data (``holidays.csv``, one row per holiday or adjusted working
day, with the notice number). A day is a working day when a notice makes it one (a 调休
Saturday or Sunday), or when it is Monday to Friday and no notice gives it off. Years with
no notice on file, or marked ``approximate``, count Monday to Friday only.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

from zhucan.core.errors import InvalidValue

_DATA = "holidays.csv"


@dataclass(frozen=True)
class Arrangement:
    """One year's notice: its number, publication date, and whether it was verified."""

    year: int
    notice: str
    published: date
    exact: bool


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off and adjusted working days from the notices on file."""

    arrangements: dict[int, Arrangement]
    days_off: dict[date, str]
    working_weekends: dict[date, str]

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day.

        >>> cal = holiday_calendar()
        >>> cal.is_working_day(date(2025, 10, 1)), cal.is_working_day(date(2025, 10, 11))
        (False, True)
        """
        if day in self.working_weekends:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def known(self, year: int) -> bool:
        """Whether an exact arrangement for ``year`` is on file (else Monday–Friday is used).

        >>> holiday_calendar().known(2025), holiday_calendar().known(2030)
        (True, False)
        """
        found = self.arrangements.get(year)
        return found is not None and found.exact


def _parse(text: str) -> HolidayCalendar:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    arrangements: dict[int, Arrangement] = {}
    days_off: dict[date, str] = {}
    working: dict[date, str] = {}
    for row in csv.DictReader(lines):
        year = int(row["year"])
        exact = row["status"] == "exact"
        arrangements[year] = Arrangement(
            year, row["notice"], date.fromisoformat(row["published"]), exact
        )
        if not exact:
            continue
        first, last = date.fromisoformat(row["first"]), date.fromisoformat(row["last"])
        target = days_off if row["kind"] == "off" else working
        for offset in range((last - first).days + 1):
            target[first + timedelta(days=offset)] = row["name"]
    return HolidayCalendar(arrangements, days_off, working)


@functools.cache
def holiday_calendar() -> HolidayCalendar:
    """The calendar of the shipped notices (read once)."""
    return _parse(files("zhucan.certificates").joinpath(_DATA).read_text(encoding="utf-8"))


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in China.

    >>> is_working_day(date(2025, 9, 28)), is_working_day(date(2025, 10, 8))
    (True, False)
    """
    return holiday_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (before it if ``n`` < 0); ``start`` itself for 0.

    The start day is not counted, as with statutory time limits.

    >>> add_working_days(date(2025, 9, 26), 5)  # 28 Sep is a 调休 Sunday, 1–8 Oct off
    datetime.date(2025, 10, 10)
    >>> add_working_days(date(2025, 10, 10), -2)
    datetime.date(2025, 9, 30)
    """
    if abs(n) > 3660:
        raise InvalidValue(f"工作日数过大：{n}", f"too many working days: {n}")
    step = timedelta(days=1 if n >= 0 else -1)
    day, left = start, abs(n)
    cal = holiday_calendar()
    while left:
        day += step
        if cal.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    >>> working_days_between(date(2025, 9, 30), date(2025, 10, 10))
    2
    """
    if end < start:
        return -working_days_between(end, start)
    cal = holiday_calendar()
    return sum(
        cal.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )
