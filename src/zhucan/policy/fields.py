"""Checked access to the keys of a YAML mapping, every complaint with its file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code, significant_prefix
from zhucan.policy.document import PolicyError
from zhucan.policy.yaml_lines import LineDict, LineList

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class Where:
    """The file being read; makes PolicyErrors."""

    file: Path

    def error(self, line: int, zh: str, en: str) -> PolicyError:
        """A PolicyError at ``line`` of this file."""
        return PolicyError(self.file, line, zh, en)

    def mapping(
        self, value: Any, line: int, what: str, required: Iterable[str], optional: Iterable[str]
    ) -> LineDict:
        """``value`` as a mapping with all ``required`` keys and no key outside both sets."""
        if not isinstance(value, LineDict):
            raise self.error(line, f"{what}应为键值映射", f"{what} must be a mapping")
        allowed = [*required, *optional]
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint_zh = f"（是否指 {close[0]}？）" if close else ""
                hint_en = f" (did you mean {close[0]}?)" if close else ""
                raise self.error(
                    value.key_lines[key],
                    f"{what}中有未知的键：{key}{hint_zh}；可用：{'、'.join(allowed)}",
                    f"unknown key in {what}: {key}{hint_en}; allowed: {', '.join(allowed)}",
                )
        for key in required:
            if key not in value:
                raise self.error(
                    value.line, f"{what}缺少必填的键：{key}", f"{what} lacks the required key {key}"
                )
        return value

    def items(self, value: Any, line: int, what: str) -> list[tuple[Any, int]]:
        """A list's items with their lines (a missing list is empty)."""
        if value is None:
            return []
        if not isinstance(value, LineList):
            raise self.error(line, f"{what}应为列表", f"{what} must be a list")
        return list(zip(value, value.lines, strict=True))

    def text(self, m: LineDict, key: str, what: str, default: str | None = None) -> str:
        """A string value (numbers are accepted as their text)."""
        value = m.get(key, default)
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise self.error(
                m.lines.get(key, m.line), f"{what}.{key} 应为文本", f"{what}.{key} must be text"
            )
        return str(value)

    def ident(self, m: LineDict, key: str, what: str) -> str:
        """An identifier: letters, digits, ``_``, ``.`` and ``-``, not starting with a digit."""
        value = self.text(m, key, what)
        if not IDENTIFIER.fullmatch(value):
            raise self.error(
                m.lines[key],
                f"{what}.{key} 应为英文标识符（字母、数字、_ . -）：{value}",
                f"{what}.{key} must be an identifier (letters, digits, _ . -): {value}",
            )
        return value

    def day(self, m: LineDict, key: str, what: str, optional: bool = False) -> date | None:
        """A date written as YYYY-MM-DD (null allowed when ``optional``)."""
        value = m.get(key)
        if value is None and optional:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        raise self.error(
            m.lines.get(key, m.line),
            f"{what}.{key} 应为日期（YYYY-MM-DD），实为 {value!r}",
            f"{what}.{key} must be a date (YYYY-MM-DD), got {value!r}",
        )

    def flag(self, m: LineDict, key: str, what: str, default: bool) -> bool:
        """A true/false value."""
        value = m.get(key, default)
        if not isinstance(value, bool):
            raise self.error(
                m.lines.get(key, m.line), f"{what}.{key} 应为 true 或 false", f"{what}.{key}: bool"
            )
        return value

    def choice(
        self, m: LineDict, key: str, what: str, options: tuple[str, ...], default: str
    ) -> str:
        """One of ``options``."""
        value = self.text(m, key, what, default)
        if value not in options:
            raise self.error(
                m.lines.get(key, m.line),
                f"{what}.{key} 应为 {' / '.join(options)} 之一，实为 {value}",
                f"{what}.{key} must be one of {', '.join(options)}, got {value}",
            )
        return value

    def region_prefix(self, value: Any, line: int, what: str) -> str:
        """A region-code prefix at a level boundary (2, 4, 6, 9 or 12 digits; "" = national)."""
        text = "" if value is None else str(value).strip()
        if text == "":
            return ""
        try:
            ok = (
                isinstance(value, str | int)
                and not isinstance(value, bool)
                and text.isdigit()
                and significant_prefix(normalize_region_code(text)) == text
            )
        except InvalidValue:
            ok = False
        if not ok:
            raise self.error(
                line,
                f"{what}不是区划代码前缀：{text}（应为 2、4、6、9 或 12 位且不以 00 段结尾，"
                "如 33、3311、331102）",
                f"{what} is not a region-code prefix: {text} (2, 4, 6, 9 or 12 digits without "
                "trailing zero segments, e.g. 33, 3311, 331102)",
            )
        return text


def decimal_text(value: Any) -> Decimal | None:
    """An int, Decimal or numeric text as a Decimal; None for anything else.

    >>> decimal_text("1040.50"), decimal_text(3), decimal_text(True), decimal_text("一千")
    (Decimal('1040.50'), Decimal('3'), None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    return None
