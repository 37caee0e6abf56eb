"""Disability categories (残疾类别) and grades (残疾等级), GB/T 26341-2010."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import IntEnum

from zhucan.core._text import compact
from zhucan.core.errors import InvalidValue

_INTEGRAL = re.compile(r"0*([0-9]+)(?:\.0*)?")


class Category(IntEnum):
    """A disability category; the value is the digit used in certificate numbers."""

    VISUAL = 1
    HEARING = 2
    SPEECH = 3
    PHYSICAL = 4
    INTELLECTUAL = 5
    MENTAL = 6
    MULTIPLE = 7

    @property
    def zh(self) -> str:
        """The Chinese name.

        >>> Category.PHYSICAL.zh
        '肢体'
        """
        return "视力听力言语肢体智力精神多重"[2 * self.value - 2 : 2 * self.value]

    @property
    def en(self) -> str:
        """The English name.

        >>> Category.PHYSICAL.en
        'physical'
        """
        return self.name.lower()


class Grade(IntEnum):
    """A disability grade; 1 is the most severe."""

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4

    @property
    def zh(self) -> str:
        """The Chinese name.

        >>> Grade.TWO.zh
        '二级'
        """
        return "一二三四"[self.value - 1] + "级"

    @property
    def en(self) -> str:
        """The English name.

        >>> Grade.TWO.en
        'grade 2'
        """
        return f"grade {self.value}"


_CATEGORY_NAMES = {
    name: c
    for c in Category
    for name in (c.zh, c.zh + "残疾", c.zh + "残", c.en, c.en + "disability", c.en + "impairment")
} | {"语言": Category.SPEECH, "语言残疾": Category.SPEECH}
_GRADE_NUMERALS = dict(zip("一二三四壹贰叁肆", [1, 2, 3, 4] * 2, strict=True)) | {"貳": 2, "參": 3}


def _as_int(raw: object) -> int | None:
    """The integer in ``raw`` (int, integral float/Decimal, digits such as "2.0"), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal):
        try:
            return int(raw) if int(raw) == raw else None
        except (ValueError, OverflowError):  # NaN, infinity
            return None
    match = _INTEGRAL.fullmatch(compact(raw)) if isinstance(raw, str) else None
    return int(match.group(1)) if match else None


def parse_category(raw: object) -> Category:
    """A category from 1–7 (int or text), a Chinese name (视力 / 视力残疾) or an English name.

    >>> parse_category(" 肢体残疾 "), parse_category("２"), parse_category(6.0)
    (<Category.PHYSICAL: 4>, <Category.HEARING: 2>, <Category.MENTAL: 6>)
    >>> parse_category("Mental"), parse_category("1.0")
    (<Category.MENTAL: 6>, <Category.VISUAL: 1>)
    """
    if isinstance(raw, Category):
        return raw
    number = _as_int(raw)
    key = compact(raw).lower() if isinstance(raw, str) else None
    if number is not None and 1 <= number <= 7:
        return Category(number)
    if key in _CATEGORY_NAMES:
        return _CATEGORY_NAMES[key]
    raise InvalidValue(
        f"无法识别的残疾类别：{raw!r}；"
        "可接受 1–7 或 视力、听力、言语、肢体、智力、精神、多重（可带“残疾”）",
        f"unknown disability category {raw!r}; accepted: 1-7 or "
        "visual, hearing, speech, physical, intellectual, mental, multiple",
    )


def parse_grade(raw: object) -> Grade:
    """A grade from 1–4 (int or text), 一级…四级, 一…四, 1级…4级 or 壹级…肆级.

    >>> parse_grade("二 级"), parse_grade("肆级"), parse_grade("３"), parse_grade("1.0")
    (<Grade.TWO: 2>, <Grade.FOUR: 4>, <Grade.THREE: 3>, <Grade.ONE: 1>)
    """
    if isinstance(raw, Grade):
        return raw
    text = compact(raw).removesuffix("残疾").removesuffix("级") if isinstance(raw, str) else raw
    number = _GRADE_NUMERALS.get(text) if isinstance(text, str) and text else None
    number = number or _as_int(text)
    if number is not None and 1 <= number <= 4:
        return Grade(number)
    raise InvalidValue(
        f"无法识别的残疾等级：{raw!r}；可接受 1–4、一级–四级、1级–4级 或 壹级–肆级",
        f"unknown disability grade {raw!r}; accepted: 1-4, 一级-四级, 1级-4级 or 壹级-肆级",
    )


def multiple_grade(grades: Iterable[Grade]) -> Grade:
    """The grade of a multiple disability: the most severe (lowest number) of its parts.

    >>> multiple_grade([Grade.THREE, Grade.TWO, Grade.FOUR])
    <Grade.TWO: 2>
    """
    found = [parse_grade(g) for g in grades]
    if not found:
        raise InvalidValue(
            "多重残疾至少需要一个等级", "a multiple disability needs at least one grade"
        )
    return min(found)
