"""Masking functions and their Polars expressions agree."""

from __future__ import annotations

import polars as pl
import pytest

from zhucan.access.masking import (
    mask_certificate_no,
    mask_citizen_id,
    mask_citizen_id_expr,
    mask_name,
    mask_phone,
    mask_phone_expr,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330102199001011234", "330102********1234"),
        ("33010219900101123X", "330102********123X"),
        ("330102900101123", "330102*****1123"),  # old 15-digit number
        ("", ""),
        ("1234567890", "**********"),
    ],
)
def test_mask_citizen_id(value: str, masked: str) -> None:
    assert mask_citizen_id(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0578-1234567", "0578-***4567"),
        ("010-12345678", "010-****5678"),
        ("0578 1234567", "0578 ***4567"),
        ("05781234567", "*******4567"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("张", "*"), ("", "")],
)
def test_mask_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


def test_mask_certificate_no() -> None:
    assert mask_certificate_no("33010219900101123442") == "330102********123442"
    assert mask_certificate_no("3301021990010112344X") == "330102********12344X"


def test_masking_keeps_the_length() -> None:
    for value in ["330102199001011234", "13812345678", "0578-1234567", "欧阳娜娜"]:
        for mask in (mask_citizen_id, mask_phone, mask_name, mask_certificate_no):
            assert len(mask(value)) == len(value)


IDS = ["330102199001011234", "33010219900101123X", "330102900101123", "12345", "", None]
PHONES = [
    "13812345678",
    "0578-1234567",
    "010 12345678",
    "05781234567",
    "138123456789",
    "12",
    "",
    None,
]


def test_citizen_id_expr_matches_scalar() -> None:
    out = pl.DataFrame({"id": IDS}).select(mask_citizen_id_expr("id"))["id"].to_list()
    assert out == [None if v is None else mask_citizen_id(v) for v in IDS]


def test_phone_expr_matches_scalar() -> None:
    out = pl.DataFrame({"tel": PHONES}).select(mask_phone_expr("tel"))["tel"].to_list()
    assert out == [None if v is None else mask_phone(v) for v in PHONES]


def test_exprs_keep_other_columns_and_scale() -> None:
    n = 100_000
    df = pl.DataFrame(
        {
            "id": [f"3301021990{i:08d}" for i in range(n)],
            "tel": [f"138{i:08d}" for i in range(n)],
            "name": ["张三"] * n,
        }
    )
    out = df.with_columns(mask_citizen_id_expr("id"), mask_phone_expr("tel"))
    assert out.columns == ["id", "tel", "name"]
    assert out["id"][7] == "330102********0007"
    assert out["tel"][7] == "138****0007"
