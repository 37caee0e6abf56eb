"""Citizen identity numbers (公民身份号码, GB 11643-1999): normalize, validate, read, mask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhucan.core._text import identifier_text
from zhucan.core.dates import age_on
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import PROVINCE_CODES

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_DIGITS = "0123456789"


def check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits.

    >>> check_digit("11010519491231002")
    'X'
    """
    if len(first17) != 17 or any(c not in _DIGITS for c in first17):
        raise InvalidValue(f"应为 17 位数字：{first17!r}", f"expected 17 digits: {first17!r}")
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize_citizen_id(raw: object, *, today: date | None = None) -> str:
    """The canonical 18-character ID (ASCII, upper-case X), or InvalidValue saying what is wrong.

    >>> normalize_citizen_id(" １１０１０５ １９４９１２３１ ００２ｘ ")
    '11010519491231002X'
    >>> normalize_citizen_id("110105194912310023")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 身份证号校验位错误：应为 X，实为 3
    """
    text = identifier_text(raw, "身份证号", "citizen ID")
    _check_characters(text)
    if len(text) == 15:
        raise InvalidValue(
            "这是 15 位的第一代身份证号，请换算为 18 位的第二代号码",
            "this is a 15-digit first-generation ID; convert it to the 18-digit form",
        )
    if len(text) != 18:
        raise InvalidValue(
            f"身份证号应为 18 位，实为 {len(text)} 位",
            f"a citizen ID has 18 characters, got {len(text)}",
        )
    if text[:2] not in PROVINCE_CODES:
        raise InvalidValue(
            f"身份证号前两位 {text[:2]} 不是有效的省级行政区代码",
            f"the first two digits {text[:2]} are not a valid province code",
        )
    if "X" in text[:17]:
        raise InvalidValue(
            f"身份证号第 {text.index('X') + 1} 位是 X；X 只能是最后一位（校验位）",
            f"character {text.index('X') + 1} is X; X may only be the last (check) character",
        )
    _check_birth(text[6:14], today or date.today())
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise InvalidValue(
            f"身份证号校验位错误：应为 {expected}，实为 {text[17]}",
            f"wrong check digit: expected {expected}, got {text[17]}",
        )
    return text


def _check_characters(text: str) -> None:
    bad = "、".join(dict.fromkeys(c for c in text if c not in _DIGITS + "X"))
    if bad:
        raise InvalidValue(
            f"身份证号含有非法字符：{bad}", f"citizen ID contains invalid characters: {bad}"
        )


def _check_birth(yyyymmdd: str, today: date) -> None:
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        raise InvalidValue(
            f"身份证号中的出生日期 {yyyymmdd} 不存在", f"the birth date {yyyymmdd} does not exist"
        ) from None
    if birth.year < 1900:
        raise InvalidValue(
            f"身份证号中的出生日期 {yyyymmdd} 早于 1900 年",
            f"the birth date {yyyymmdd} is before 1900",
        )
    if birth > today:
        raise InvalidValue(
            f"身份证号中的出生日期 {yyyymmdd} 晚于今天",
            f"the birth date {yyyymmdd} is in the future",
        )


def is_valid_citizen_id(raw: object) -> bool:
    """True if ``raw`` normalizes to a valid citizen ID.

    >>> is_valid_citizen_id("11010519491231002x"), is_valid_citizen_id("110105194912310023")
    (True, False)
    """
    try:
        normalize_citizen_id(raw)
    except InvalidValue:
        return False
    return True


def mask_citizen_id(value: str) -> str:
    """First 6 + 8 asterisks + last 4; text shorter than 12 characters is masked entirely.

    >>> mask_citizen_id("11010519491231002X"), mask_citizen_id("12345")
    ('110105********002X', '*****')
    """
    return value[:6] + "*" * 8 + value[-4:] if len(value) >= 12 else "*" * len(value)


@dataclass(frozen=True)
class CitizenId:
    """A valid citizen ID; construction normalizes it, ``repr`` masks it.

    >>> cid = CitizenId.parse("11010519491231002x"); cid, cid.sex, cid.birth_date
    (CitizenId('110105********002X'), 'F', datetime.date(1949, 12, 31))
    """

    value: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", normalize_citizen_id(self.value))

    def __repr__(self) -> str:
        return f"CitizenId({mask_citizen_id(self.value)!r})"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, raw: object) -> CitizenId:
        """Normalize and validate ``raw`` (see ``normalize_citizen_id``).

        >>> CitizenId.parse(11010519491231002).value
        Traceback (most recent call last):
        zhucan.core.errors.InvalidValue: 身份证号应为 18 位，实为 17 位
        """
        return cls(normalize_citizen_id(raw))

    @property
    def birth_date(self) -> date:
        """The birth date in digits 7–14.

        >>> CitizenId("11010519491231002X").birth_date
        datetime.date(1949, 12, 31)
        """
        v = self.value
        return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))

    @property
    def sex(self) -> str:
        """ "M" if the 17th digit is odd, else "F".

        >>> CitizenId("11010519491231002X").sex
        'F'
        """
        return "M" if int(self.value[16]) % 2 else "F"

    @property
    def region_prefix(self) -> str:
        """The first 6 digits (the county of first registration).

        >>> CitizenId("11010519491231002X").region_prefix
        '110105'
        """
        return self.value[:6]

    def age_on(self, d: date) -> int:
        """Completed years of age on ``d``.

        >>> CitizenId("11010519491231002X").age_on(date(2024, 12, 30))
        74
        """
        return age_on(self.birth_date, d)
