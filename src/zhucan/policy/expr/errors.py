"""Errors of the expression language, each with its position in the source text."""

from __future__ import annotations

from zhucan.core.errors import ZhucanError


class ExpressionError(ZhucanError):
    """An expression that cannot be parsed or type-checked, with line and column (1-based).

    >>> e = ExpressionError("不支持属性访问", "attribute access is not allowed", 1, 5)
    >>> str(e), e.message("en")
    ('第 1 行第 5 列：不支持属性访问', 'line 1, column 5: attribute access is not allowed')
    """

    def __init__(self, zh: str, en: str, line: int = 1, col: int = 1) -> None:
        super().__init__(f"第 {line} 行第 {col} 列：{zh}", f"line {line}, column {col}: {en}")
        self.line = line
        self.col = col
        self.reason_zh = zh
        self.reason_en = en
