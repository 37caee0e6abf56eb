"""Statistical division codes (统计用区划代码): 12 digits = province 2, city 2, county 2, town 3,
village 3. Pure string logic; no table of real regions.

A zero segment may sit above a non-zero one (东莞市 441900 has towns but no counties:
441900003000), so a level-4 code can have only two ancestors.
"""

from __future__ import annotations

import re

from zhucan.core._text import compact
from zhucan.core.errors import InvalidValue

_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 82))
PROVINCE_CODES = frozenset(str(c) for lo, hi in _PROVINCE_RANGES for c in range(lo, hi + 1))
LEVEL_LENGTHS = (2, 4, 6, 9, 12)
_INTEGRAL = re.compile(r"([0-9]+)(\.0*)?")


def normalize_region_code(raw: object) -> str:
    """A 2/4/6/9/12-digit code (str or int, any spacing or width) as 12 digits.

    >>> normalize_region_code("3301"), normalize_region_code(330102001)
    ('330100000000', '330102001000')
    >>> normalize_region_code("33010")
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 区划代码应为 2、4、6、9 或 12 位数字，实为 5 位：33010
    """
    if (  # already normalized (the common case), answered quickly
        type(raw) is str
        and len(raw) == 12
        and raw.isascii()
        and raw.isdigit()
        and raw[:2] in PROVINCE_CODES
    ):
        return raw
    if isinstance(raw, bool) or raw is None:
        raise InvalidValue(f"区划代码无效：{raw}", f"invalid region code: {raw}")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = compact(str(raw))
    if not text:
        raise InvalidValue("区划代码为空", "region code is empty")
    match = _INTEGRAL.fullmatch(text)
    if match is None:
        bad = "、".join(dict.fromkeys(c for c in text if not c.isascii() or not c.isdigit()))
        raise InvalidValue(
            f"区划代码只能包含数字，发现：{bad or text}",
            f"a region code may contain digits only, found: {bad or text}",
        )
    digits = match.group(1)
    if len(digits) not in LEVEL_LENGTHS:
        raise InvalidValue(
            f"区划代码应为 2、4、6、9 或 12 位数字，实为 {len(digits)} 位：{digits}",
            f"a region code has 2, 4, 6, 9 or 12 digits, got {len(digits)}: {digits}",
        )
    if digits[:2] not in PROVINCE_CODES:
        raise InvalidValue(
            f"区划代码前两位 {digits[:2]} 不是有效的省级代码",
            f"the first two digits {digits[:2]} are not a valid province code",
        )
    return digits.ljust(12, "0")


def region_level(code: str) -> int:
    """1 province, 2 city, 3 county, 4 town, 5 village: the most specific non-zero segment.

    >>> region_level("330000000000"), region_level("330102"), region_level("441900003000")
    (1, 3, 4)
    """
    code12 = normalize_region_code(code)
    return max(
        i + 1
        for i, end in enumerate(LEVEL_LENGTHS)
        if i == 0 or int(code12[LEVEL_LENGTHS[i - 1] : end]) != 0
    )


def significant_prefix(code: str) -> str:
    """The code cut to its level: 2, 4, 6, 9 or 12 digits.

    >>> significant_prefix("330100000000"), significant_prefix("441900003000")
    ('3301', '441900003')
    """
    code12 = normalize_region_code(code)
    return code12[: LEVEL_LENGTHS[region_level(code12) - 1]]


short_code = significant_prefix


def ancestor_codes(code: str) -> list[str]:
    """The 12-digit codes of the regions containing ``code``, province first, itself excluded.

    >>> ancestor_codes("330102001002")
    ['330000000000', '330100000000', '330102000000', '330102001000']
    >>> ancestor_codes("441900003000")
    ['440000000000', '441900000000']
    """
    prefix = significant_prefix(code)
    found: list[str] = []
    for length in LEVEL_LENGTHS:
        candidate = prefix[:length].ljust(12, "0")
        if length < len(prefix) and region_level(candidate) == LEVEL_LENGTHS.index(length) + 1:
            found.append(candidate)
    return found


def parent_code(code: str) -> str | None:
    """The 12-digit code of the nearest containing region, None for a province.

    >>> parent_code("330102000000"), parent_code("330000")
    ('330100000000', None)
    """
    ancestors = ancestor_codes(code)
    return ancestors[-1] if ancestors else None


def contains(outer: str, inner: str) -> bool:
    """True if region ``inner`` lies in (or is) region ``outer``.

    >>> contains("3301", "330102001002"), contains("3302", "330102"), contains("33", "33")
    (True, False, True)
    """
    return normalize_region_code(inner).startswith(significant_prefix(outer))
