"""Parsers of the sheet's simple columns: name, phone, hukou type, assistance, care, region.

Each takes the cell text and returns the canonical value or raises InvalidValue with a
Chinese and an English reason. Citizen IDs, certificate numbers, categories, grades and
dates are parsed by :mod:`zhucan.core`.
"""

from __future__ import annotations

import re

from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code

_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20  # ideographic space
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def halfwidth(text: str) -> str:
    """Full-width ASCII variants and the ideographic space to ASCII; invisible characters removed.

    >>> halfwidth("ＡＢ１　２")
    'AB1 2'
    """
    return text.translate(_HALFWIDTH).translate(_INVISIBLE)


def compact(text: str) -> str:
    """``halfwidth`` and every whitespace removed.

    >>> compact(" 1 ３８\\t")
    '138'
    """
    return "".join(halfwidth(text).split())


# ---------------------------------------------------------------------------- name

_NAME_DOTS = str.maketrans(dict.fromkeys("•・．.‧∙⋅", "·"))
NAME_MAX = 50


def parse_name(raw: str) -> str:
    """A person's name: trimmed; padding spaces inside a Chinese name removed.

    >>> parse_name(" 张　三 "), parse_name("买买提•艾力"), parse_name("John  Smith")
    ('张三', '买买提·艾力', 'John Smith')
    """
    text = " ".join(raw.replace("\u3000", " ").translate(_INVISIBLE).split())
    text = text.translate(_NAME_DOTS)
    if _CJK.search(text):
        text = text.replace(" ", "")
    if not text:
        raise InvalidValue("姓名为空", "name is empty")
    if any(c.isdigit() for c in text):
        raise InvalidValue(
            f"姓名中不应含有数字：{text}（是否填错了列？）",
            f"a name should not contain digits: {text} (wrong column?)",
        )
    if len(text) > NAME_MAX:
        raise InvalidValue(
            f"姓名过长（{len(text)} 个字，最多 {NAME_MAX} 个）",
            f"name too long ({len(text)} characters, at most {NAME_MAX})",
        )
    return text


# --------------------------------------------------------------------------- phone

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(
    r"(0[12][0-9]|0[3-9][0-9]{2})-?([1-9][0-9]{6,7})(?:(?:-|转|分机|ext\.?|x)([0-9]{1,6}))?"
)
_LOCAL = re.compile(r"[2-9][0-9]{6,7}")
_SEPARATORS = re.compile(r"[/,，、;；|]")


def parse_phone(raw: str) -> str:
    """An 11-digit mobile number or a landline as ``0578-1234567`` (optionally ``-ext``).

    >>> parse_phone("138 1234 5678"), parse_phone("+86-138-1234-5678"), parse_phone("(0578)1234567")
    ('13812345678', '13812345678', '0578-1234567')
    >>> parse_phone("05781234567"), parse_phone("010-12345678转801"), parse_phone("2123456")
    ('0578-1234567', '010-12345678-801', '2123456')
    >>> parse_phone("0578-2123456-801"), parse_phone("0578 2123456")
    ('0578-2123456-801', '0578-2123456')
    """
    if _MOBILE.fullmatch(raw):
        return raw
    text = halfwidth(raw).strip().lower()
    chunks = [c for c in text.split() if len(re.sub(r"[^0-9]", "", c)) >= 7]
    if _SEPARATORS.search(text.strip(" /,，、;；|")) or len(chunks) > 1:
        raise InvalidValue(
            f"联系电话只能填写一个号码：{raw.strip()}",
            f"give only one phone number: {raw.strip()}",
        )
    text = re.sub(r"[\s()（）-]+", "-", text).strip("-")
    digits = text.replace("-", "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
    if _MOBILE.fullmatch(digits):
        return digits
    match = _LANDLINE.fullmatch(text) or _LANDLINE.fullmatch(digits)
    if match:
        area, number, ext = match.groups()
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    if _LOCAL.fullmatch(digits):
        return digits
    hint_zh, hint_en = "", ""
    if digits.isdigit() and len(digits) == 11 and digits.startswith("1"):
        hint_zh, hint_en = "（手机号应以 13–19 开头）", " (a mobile number starts with 13-19)"
    elif digits.isdigit() and len(digits) in (9, 10, 11) and digits[0] in "3456789":
        hint_zh = "（区号前的 0 可能被表格去掉了，请把该列设为“文本”格式）"
        hint_en = " (the spreadsheet may have dropped the area code's leading 0)"
    elif digits.isdigit() and len(digits) in (10, 12):
        hint_zh, hint_en = (
            f"（位数不对：{len(digits)} 位）",
            f" (wrong length: {len(digits)} digits)",
        )
    raise InvalidValue(
        f"联系电话格式无效：{raw.strip()}；应为 11 位手机号或带区号的固定电话（如 0578-1234567）"
        + hint_zh,
        f"invalid phone number {raw.strip()}: expected an 11-digit mobile number or a landline "
        "with area code (e.g. 0578-1234567)" + hint_en,
    )


# ----------------------------------------------------------------- coded values

_HUKOU_TYPES = {
    "城镇": "urban",
    "非农业": "urban",
    "非农": "urban",
    "城市": "urban",
    "urban": "urban",
    "农村": "rural",
    "农业": "rural",
    "rural": "rural",
}
_ASSISTANCE = {
    "低保": "dibao",
    "城乡低保": "dibao",
    "城市低保": "dibao",
    "城镇低保": "dibao",
    "农村低保": "dibao",
    "最低生活保障": "dibao",
    "dibao": "dibao",
    "低保边缘": "dibao_edge",
    "低边": "dibao_edge",
    "dibao_edge": "dibao_edge",
    "特困": "tekun",
    "特困供养": "tekun",
    "五保": "tekun",
    "tekun": "tekun",
    "无": "none",
    "否": "none",
    "非低保": "none",
    "none": "none",
}
_YES_NO = {
    "是": True,
    "否": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "1": True,
    "0": False,
    "true": True,
    "false": False,
    "需要": True,
    "不需要": False,
}


def parse_hukou_type(raw: str) -> str:
    """城镇/非农业 → "urban", 农村/农业 → "rural".

    >>> parse_hukou_type("农业户口"), parse_hukou_type("非农业"), parse_hukou_type("Urban")
    ('rural', 'urban', 'urban')
    """
    key = compact(raw).lower().removesuffix("户口").removesuffix("户籍")
    if key in _HUKOU_TYPES:
        return _HUKOU_TYPES[key]
    raise InvalidValue(
        f"无法识别的户籍性质：{raw.strip()}；应为 城镇（非农业）或 农村（农业）",
        f"unknown hukou type {raw.strip()}: expected 城镇 (urban, 非农业) or 农村 (rural, 农业)",
    )


def parse_assistance(raw: str) -> str:
    """低保 → "dibao", 低保边缘 → "dibao_edge", 特困 → "tekun", 无 → "none".

    >>> parse_assistance("低保户"), parse_assistance("低保边缘户"), parse_assistance("特困人员")
    ('dibao', 'dibao_edge', 'tekun')
    """
    key = compact(raw).lower().replace("对象", "")
    for suffix in ("供养人员", "人员", "家庭", "户"):
        if key.removesuffix(suffix) in _ASSISTANCE:
            key = key.removesuffix(suffix)
            break
    if key in _ASSISTANCE:
        return _ASSISTANCE[key]
    raise InvalidValue(
        f"无法识别的低保状态：{raw.strip()}；应为 低保、低保边缘、特困 或 无",
        f"unknown assistance status {raw.strip()}: expected 低保 (dibao), "
        "低保边缘 (dibao_edge), 特困 (tekun) or 无 (none)",
    )


def parse_yes_no(raw: str) -> bool:
    """是/否, Y/N, yes/no, 1/0, true/false.

    >>> parse_yes_no("是"), parse_yes_no(" N "), parse_yes_no("TRUE")
    (True, False, True)
    """
    key = compact(raw).lower()
    if key in _YES_NO:
        return _YES_NO[key]
    raise InvalidValue(
        f"无法识别的值：{raw.strip()}；应为 是 或 否",
        f"unrecognised value {raw.strip()}: expected 是 (yes) or 否 (no)",
    )


# ---------------------------------------------------------------------- regions

_INTEGRAL = re.compile(r"([0-9]+)(?:\.0*)?")
REGION_DIGITS = (6, 9, 12)


def parse_region(raw: str) -> str:
    """A 6/9/12-digit statistical division code as 12 digits (existence is checked elsewhere).

    >>> parse_region("331102"), parse_region("331102001")
    ('331102000000', '331102001000')
    >>> parse_region("3311")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    zhucan.core.errors.InvalidValue: 区划代码应精确到县级（6 位）...，实为 4 位：3311
    """
    match = _INTEGRAL.fullmatch(compact(raw))
    if match and len(match.group(1)) not in REGION_DIGITS and len(match.group(1)) in (2, 4):
        digits = match.group(1)
        raise InvalidValue(
            "区划代码应精确到县级（6 位）、乡镇（9 位）或村（12 位），"
            f"实为 {len(digits)} 位：{digits}",
            f"a region code needs 6 (county), 9 (town) or 12 (village) digits, "
            f"got {len(digits)}: {digits}",
        )
    return normalize_region_code(raw)
