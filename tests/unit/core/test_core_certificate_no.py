"""Disability certificate numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.core.certificate_no import CertificateNo, check_agrees, disagreements
from zhucan.core.citizen_id import check_digit
from zhucan.core.disability import Category, Grade
from zhucan.core.errors import InvalidValue

ID = "11010519491231002X"


@given(
    st.sampled_from(Category), st.sampled_from(Grade), st.text("0123456789", min_size=3, max_size=3)
)
def test_make_parse_round_trip(category: Category, grade: Grade, seq: str) -> None:
    first17 = "11010519700101" + seq
    cid = first17 + check_digit(first17)
    cert = CertificateNo.make(cid.lower(), category, grade)
    assert CertificateNo.parse(cert.value) == cert
    assert CertificateNo.parse(f" {cert.value[:10]}　{cert.value[10:].lower()} ") == cert
    assert (cert.citizen_id, cert.category, cert.grade) == (cid, category, grade)
    assert disagreements(cert, cid, category, grade) == []
    check_agrees(cert, cid, category, grade)


def test_repr_masks_the_citizen_id() -> None:
    cert = CertificateNo.parse(ID + "42")
    assert repr(cert) == "CertificateNo('110105********002X', Category.PHYSICAL, Grade.TWO)"
    assert str(cert) == ID + "42"


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        ("", "残疾人证号为空", "empty"),
        (1.1e19, "存成了数字", "as a number"),
        (ID, "实为 18 位，像是只填了身份证号", "bare citizen ID"),
        (ID + "4", "实为 19 位", "got 19"),
        (
            "110105194912310023" + "42",
            "身份证号部分）有误：身份证号校验位错误：应为 X，实为 3",
            "expected X, got 3",
        ),
        ("110105194902300000" + "42", "出生日期 19490230 不存在", "citizen-ID part"),
        (ID + "82", "第 19 位（残疾类别）应为 1–7，实为 8", "(category)"),
        (ID + "0" + "2", "第 19 位（残疾类别）应为 1–7，实为 0", "got 0"),
        (ID + "45", "第 20 位（残疾等级）应为 1–4，实为 5", "(grade)"),
        (ID + "4B", "第 20 位（残疾等级）应为 1–4，实为 B", "got B"),
    ],
)
def test_parse_errors(raw: object, zh: str, en: str) -> None:
    with pytest.raises(InvalidValue) as info:
        CertificateNo.parse(raw)
    assert zh in info.value.zh
    assert en in info.value.en


def test_disagreements() -> None:
    cert = CertificateNo.parse(ID + "42")
    other = "110105194912310011"
    found = disagreements(cert, other, Category.HEARING, Grade.ONE)
    assert [e.zh for e in found] == [
        "残疾人证号前 18 位与身份证号不一致（从第 17 位起不同）",
        "残疾人证号中的残疾类别为 4（肢体），而填写的是 2（听力）",
        "残疾人证号中的残疾等级为 2（二级），而填写的是 1（一级）",
    ]
    assert "category 4 (physical), but 2 (hearing)" in found[1].en
    assert disagreements(cert) == []
    with pytest.raises(InvalidValue, match="残疾等级"):
        check_agrees(cert, grade=Grade.ONE)
