"""Calendar dates read from user input and spreadsheets; year arithmetic and ages."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta
from decimal import Decimal

from zhucan.core._text import compact, halfwidth
from zhucan.core.errors import InvalidValue

_DATE = re.compile(r"([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))")
_TIME = re.compile(r"(?:T|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*$")
_SERIAL = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


def parse_date(raw: object) -> date:
    """A date from text, a date/datetime or an Excel serial number (1900 date system).

    Text may be 2021-03-05, 2021/3/5, 20210305, 2021年3月5日 or 2021.3.5, with an optional time.

    >>> parse_date("2021年3月5日"), parse_date(44260), parse_date("2021/3/15 8:30")
    (datetime.date(2021, 3, 5), datetime.date(2021, 3, 5), datetime.date(2021, 3, 15))
    >>> parse_date("2021-02-30")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 日期不存在：2021-02-30
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return _from_serial(raw)
    text = compact(_TIME.sub("", halfwidth(raw))) if isinstance(raw, str) else ""
    if _SERIAL.fullmatch(text):
        return _from_serial(Decimal(text))
    match = _DATE.fullmatch(text)
    if match is None:
        raise InvalidValue(
            f"无法识别的日期：{raw!r}；应为 2021-03-05、2021/3/5、20210305 或 2021年3月5日 之类",
            f"unrecognised date {raw!r}; "
            "expected e.g. 2021-03-05, 2021/3/5, 20210305 or 2021年3月5日",
        )
    y, m, d = (int(g) for g in match.groups() if g is not None)
    try:
        return date(y, m, d)
    except ValueError:
        text = f"{y:04d}-{m:02d}-{d:02d}"
        raise InvalidValue(f"日期不存在：{text}", f"no such date: {text}") from None


def _from_serial(serial: int | float | Decimal) -> date:
    if not 1 <= serial < EXCEL_MAX_SERIAL + 1:
        raise InvalidValue(
            f"Excel 日期序号应在 1–{EXCEL_MAX_SERIAL} 之间，实为 {serial}",
            f"an Excel date serial must be 1-{EXCEL_MAX_SERIAL}, got {serial}",
        )
    days = int(serial)
    if days == 60:
        raise InvalidValue(
            "Excel 日期序号 60 表示不存在的 1900-02-29",
            "Excel serial 60 is the non-existent 1900-02-29",
        )
    return date(1899, 12, 31 if days < 60 else 30) + timedelta(days=days)


def add_years(d: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year.

    >>> add_years(date(2020, 2, 29), 1), add_years(date(2020, 3, 1), -2)
    (datetime.date(2021, 2, 28), datetime.date(2018, 3, 1))
    """
    year = d.year + years
    if not 1 <= year <= 9999:
        raise InvalidValue(f"年份超出范围：{year}", f"year out of range: {year}")
    if (d.month, d.day) == (2, 29) and monthrange(year, 2)[1] == 28:
        return date(year, 2, 28)
    return d.replace(year=year)


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on``; one born on 29 February turns a year older on 28 February.

    >>> age_on(date(1990, 6, 1), date(2024, 5, 31)), age_on(date(2000, 2, 29), date(2018, 2, 28))
    (33, 18)
    """
    if on < birth:
        raise InvalidValue(
            f"日期 {on} 早于出生日期 {birth}", f"the date {on} is before the birth date {birth}"
        )
    years = on.year - birth.year
    return years if add_years(birth, years) <= on else years - 1
