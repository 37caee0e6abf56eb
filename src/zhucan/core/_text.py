"""Text clean-up shared by the parsers: full-width to ASCII, whitespace, numbers-as-text."""

from __future__ import annotations

import re
from decimal import Decimal

from zhucan.core.errors import InvalidValue

_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20  # ideographic space
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def halfwidth(text: str) -> str:
    """Full-width ASCII variants and the ideographic space to plain ASCII.

    >>> halfwidth("２０２１／３／５　０８：３０")
    '2021/3/5 08:30'
    """
    return text.translate(_HALFWIDTH)


def compact(text: str) -> str:
    """Full-width characters to ASCII, every whitespace and invisible character removed.

    >>> compact("　３３０１ ０２\\tｘ\u200b")
    '330102x'
    """
    return "".join(halfwidth(text).translate(_INVISIBLE).split())


def is_float_text(text: str) -> bool:
    """True if ``text`` is a number with a decimal point or an exponent (a spreadsheet float).

    >>> is_float_text("3.30102E+17"), is_float_text("1234.0"), is_float_text("1234")
    (True, True, False)
    """
    return _NUMBER_TEXT.fullmatch(text) is not None and any(c in text for c in ".eE")


def identifier_text(raw: object, label_zh: str, label_en: str) -> str:
    """Clean text of an identifier (x made X); rejects empties and numbers that lost digits.

    >>> identifier_text(" ３３０１０２ｘ ", "身份证号", "citizen ID")
    '330102X'
    >>> identifier_text(3.3e17, "身份证号", "citizen ID")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 身份证号被电子表格存成了数字（3.3e+17），末几位已丢失...
    """
    if raw is None:
        raise InvalidValue(f"{label_zh}为空", f"{label_en} is empty")
    if isinstance(raw, bool):
        raise InvalidValue(
            f"{label_zh}不能是布尔值：{raw}", f"{label_en} cannot be a boolean: {raw}"
        )
    if isinstance(raw, float | Decimal):
        raise _number_error(str(raw), label_zh, label_en)
    if isinstance(raw, int):
        return str(raw)
    if not isinstance(raw, str):
        kind = type(raw).__name__
        raise InvalidValue(
            f"{label_zh}的类型无效：{kind}", f"{label_en} has an invalid type: {kind}"
        )
    text = compact(raw).replace("x", "X")
    if not text:
        raise InvalidValue(f"{label_zh}为空", f"{label_en} is empty")
    if is_float_text(text):
        raise _number_error(text, label_zh, label_en)
    return text


def _number_error(text: str, label_zh: str, label_en: str) -> InvalidValue:
    return InvalidValue(
        f"{label_zh}被电子表格存成了数字（{text}），末几位已丢失；请把该列设置为“文本”格式后重新录入",
        f"the spreadsheet stored the {label_en} as a number ({text}) and lost its last digits; "
        "format the column as text and enter it again",
    )
