"""Months, the unit of payment periods; re-exports the date helpers of ``core.dates``."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from zhucan.core._text import compact
from zhucan.core.dates import add_years, age_on, parse_date
from zhucan.core.errors import InvalidValue

_MONTH = re.compile(r"([0-9]{4})(?:[-/.年]([0-9]{1,2})月?|([0-9]{2}))")

__all__ = ["Month", "add_years", "age_on", "parse_date"]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ``str`` gives "YYYY-MM".

    >>> m = Month.parse("2024年1月"); str(m), m.prev(), m.last_day
    ('2024-01', Month(year=2023, month=12), datetime.date(2024, 1, 31))
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidValue(
                f"月份应为 1–12，实为 {self.month}", f"month must be 1-12, got {self.month}"
            )
        if not 1 <= self.year <= 9999:
            raise InvalidValue(f"年份超出范围：{self.year}", f"year out of range: {self.year}")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, raw: object) -> Month:
        """A month from "2024-01", "2024-1", "202401", "2024年1月", 202401 or a date.

        >>> Month.parse("2024-1"), Month.parse(202412)
        (Month(year=2024, month=1), Month(year=2024, month=12))
        """
        if isinstance(raw, Month):
            return raw
        if isinstance(raw, date):
            return cls.of(raw)
        text = compact(str(raw)) if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
        match = _MONTH.fullmatch(text)
        if match is None:
            raise InvalidValue(
                f"无法识别的月份：{raw!r}；应为 2024-01、202401 或 2024年1月 之类",
                f"unrecognised month {raw!r}; expected e.g. 2024-01, 202401 or 2024年1月",
            )
        return cls(int(match.group(1)), int(match.group(2) or match.group(3)))

    @classmethod
    def of(cls, d: date) -> Month:
        """The month containing ``d``.

        >>> Month.of(date(2024, 2, 29))
        Month(year=2024, month=2)
        """
        return cls(d.year, d.month)

    @classmethod
    def range(cls, start: Month, end_inclusive: Month) -> list[Month]:
        """Every month from ``start`` to ``end_inclusive``; empty if end is before start.

        >>> [str(m) for m in Month.range(Month(2023, 11), Month(2024, 2))]
        ['2023-11', '2023-12', '2024-01', '2024-02']
        """
        return [start.plus(i) for i in range(start.months_between(end_inclusive) + 1)]

    @property
    def first_day(self) -> date:
        """The first day of the month.

        >>> Month(2024, 2).first_day
        datetime.date(2024, 2, 1)
        """
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month.

        >>> Month(2024, 2).last_day
        datetime.date(2024, 2, 29)
        """
        return date(self.year, self.month, monthrange(self.year, self.month)[1])

    def plus(self, months: int) -> Month:
        """The month ``months`` later (earlier if negative).

        >>> Month(2024, 11).plus(3), Month(2024, 1).plus(-1)
        (Month(year=2025, month=2), Month(year=2023, month=12))
        """
        year, month0 = divmod(self.year * 12 + self.month - 1 + months, 12)
        return Month(year, month0 + 1)

    def next(self) -> Month:
        """The following month.

        >>> Month(2024, 12).next()
        Month(year=2025, month=1)
        """
        return self.plus(1)

    def prev(self) -> Month:
        """The preceding month.

        >>> Month(2024, 1).prev()
        Month(year=2023, month=12)
        """
        return self.plus(-1)

    def months_between(self, other: Month) -> int:
        """How many months ``other`` is after ``self`` (negative if before).

        >>> Month(2023, 11).months_between(Month(2024, 2))
        3
        """
        return (other.year - self.year) * 12 + other.month - self.month
