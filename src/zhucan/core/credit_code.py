"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of employers.

18 characters: registration authority (1), organisation type (1), the registering
authority's region code (6 digits), the organisation's body code (9, GB 11714) and one
check character. The alphabet is the digits and 21 capital letters without I, O, Z, S
and V; the check character makes the weighted sum (weights 3^i mod 31) a multiple of 31.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhucan.core._text import identifier_text
from zhucan.core.errors import InvalidValue

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def check_character(first17: str) -> str:
    """The check character of the first 17 characters of a code.

    >>> check_character("91350100M000100Y4")
    '3'
    >>> WEIGHTS[:6]
    (1, 3, 9, 27, 19, 26)
    """
    if len(first17) != LENGTH - 1 or any(c not in _VALUE for c in first17):
        raise InvalidValue(
            f"统一社会信用代码本体应为 17 个有效字符：{first17!r}",
            f"the body of a credit code must be 17 valid characters: {first17!r}",
        )
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: object) -> str:
    """The code in capitals without spaces, or InvalidValue naming what is wrong.

    >>> normalize_credit_code(" 91350100m000100y43 ")
    '91350100M000100Y43'
    >>> normalize_credit_code("91350100M000100Y44")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 统一社会信用代码校验位错误：应为 3，实为 4
    >>> normalize_credit_code("91350100M000100I43")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 统一社会信用代码含有不允许的字符：I（不使用 I、O、Z、S、V）
    """
    text = identifier_text(raw, "统一社会信用代码", "credit code").upper()
    if len(text) != LENGTH:
        raise InvalidValue(
            f"统一社会信用代码应为 18 位，实为 {len(text)} 位",
            f"a unified social credit code has 18 characters, got {len(text)}",
        )
    bad = "、".join(dict.fromkeys(c for c in text if c not in _VALUE))
    if bad:
        raise InvalidValue(
            f"统一社会信用代码含有不允许的字符：{bad}（不使用 I、O、Z、S、V）",
            f"the credit code holds characters not allowed: {bad} (I, O, Z, S and V are unused)",
        )
    if not text[2:8].isdigit():
        raise InvalidValue(
            f"统一社会信用代码第 3–8 位应为登记管理机关行政区划码（6 位数字）：{text[2:8]}",
            f"characters 3-8 of a credit code must be a 6-digit region code: {text[2:8]}",
        )
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidValue(
            f"统一社会信用代码校验位错误：应为 {expected}，实为 {text[17]}",
            f"wrong check character of the credit code: expected {expected}, got {text[17]}",
        )
    return text


def is_valid_credit_code(raw: object) -> bool:
    """Whether ``raw`` is a valid unified social credit code.

    >>> is_valid_credit_code("91350100M000100Y43"), is_valid_credit_code("91350100M000100Y4")
    (True, False)
    """
    try:
        normalize_credit_code(raw)
    except InvalidValue:
        return False
    return True


@dataclass(frozen=True)
class CreditCode:
    """A valid code with its parts.

    >>> c = CreditCode.parse("91350100M000100Y43"); c.authority, c.org_type, c.region6
    ('9', '1', '350100')
    """

    value: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", normalize_credit_code(self.value))

    @classmethod
    def parse(cls, raw: object) -> CreditCode:
        """A code from user text."""
        return cls(normalize_credit_code(raw))

    def __str__(self) -> str:
        return self.value

    @property
    def authority(self) -> str:
        """Registration authority (登记管理部门): 1 机构编制, 5 民政, 9 市场监管, Y 其他…"""
        return self.value[0]

    @property
    def org_type(self) -> str:
        """Organisation type within the authority (机构类别), e.g. 1 企业 under 9."""
        return self.value[1]

    @property
    def region6(self) -> str:
        """The registering authority's 6-digit region code (登记管理机关行政区划码)."""
        return self.value[2:8]
