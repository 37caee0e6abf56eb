"""Citizen IDs: properties of GB 11643 and every rejection message."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.citizen_id import (
    CitizenId,
    check_digit,
    is_valid_citizen_id,
    mask_citizen_id,
    normalize_citizen_id,
)
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import PROVINCE_CODES

GOOD = "11010519491231002X"
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    county = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date.today()))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = f"{province}{county}{birth:%Y%m%d}{seq}"
    return first17 + check_digit(first17)


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


@given(valid_ids())
def test_valid_ids_parse_and_read(value: str) -> None:
    cid = CitizenId.parse(value)
    assert cid.value == value == normalize_citizen_id(value)
    assert cid.birth_date == date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    assert cid.sex == ("M" if int(value[16]) % 2 else "F")
    assert cid.region_prefix == value[:6]
    assert cid.age_on(cid.birth_date) == 0


@given(valid_ids(), st.integers(0, 17), st.integers(1, 10))
def test_changing_one_character_fails(value: str, pos: int, shift: int) -> None:
    alphabet = "0123456789X"
    changed = alphabet[(alphabet.index(value[pos]) + shift) % 11]
    assert not is_valid_citizen_id(value[:pos] + changed + value[pos + 1 :])


@given(valid_ids())
def test_normalize_is_idempotent_and_width_insensitive(value: str) -> None:
    messy = "　" + to_fullwidth(value[:9]) + " \t" + value[9:].lower() + "\n"
    assert normalize_citizen_id(messy) == value
    assert normalize_citizen_id(normalize_citizen_id(messy)) == value


@given(valid_ids())
def test_mask_keeps_only_ends(value: str) -> None:
    masked = mask_citizen_id(value)
    assert masked == value[:6] + "********" + value[-4:]
    assert value[6:14] not in masked


def test_int_accepted_and_repr_masked() -> None:
    assert normalize_citizen_id(110105194912310011) == "110105194912310011"
    assert repr(CitizenId(GOOD.lower())) == "CitizenId('110105********002X')"
    assert CitizenId(GOOD.lower()) == CitizenId.parse(GOOD)


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        ("", "身份证号为空", "empty"),
        ("　 ", "身份证号为空", "empty"),
        (None, "身份证号为空", "empty"),
        ("3.30102E+17", "存成了数字", "format the column as text"),
        ("3.30102199001011e17", "存成了数字", "lost its last digits"),
        (3.30102199001011e17, "存成了数字", "as a number"),
        ("330102199001011234.0", "存成了数字", "as a number"),
        ("110105491231002", "15 位的第一代身份证号", "first-generation"),
        ("1101051949123100", "应为 18 位，实为 16 位", "got 16"),
        ("11010519491231002X1", "应为 18 位，实为 19 位", "got 19"),
        ("110105-19491231-002X", "非法字符：-", "invalid characters: -"),
        ("11010519491231002A", "非法字符：A", "invalid characters: A"),
        ("110105X9491231002X", "第 7 位是 X；X 只能是最后一位", "character 7 is X"),
        ("110105194912310023", "校验位错误：应为 X，实为 3", "expected X, got 3"),
        ("330102199002300000", "出生日期 19900230 不存在", "19900230 does not exist"),
        ("110105189912310000", "早于 1900 年", "before 1900"),
        ("110105299912310000", "晚于今天", "in the future"),
        ("990105194912310000", "前两位 99 不是有效的省级行政区代码", "province code"),
        (True, "布尔值", "boolean"),
        ([1], "类型无效", "invalid type"),
    ],
)
def test_error_messages(raw: object, zh: str, en: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_citizen_id(raw)
    assert zh in info.value.zh
    assert en in info.value.en


def test_birth_date_is_checked_against_given_today() -> None:
    with pytest.raises(InvalidValue, match="晚于今天"):
        normalize_citizen_id(GOOD, today=date(1949, 12, 30))
    assert normalize_citizen_id(GOOD, today=date(1949, 12, 31)) == GOOD


def test_check_digit_rejects_bad_input() -> None:
    with pytest.raises(InvalidValue):
        check_digit("1234")
