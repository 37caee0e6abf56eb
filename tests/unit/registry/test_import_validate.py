"""Validation of import sheet rows: every rule, all errors of a row, duplicates, defaults."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import polars as pl
import pytest

from zhucan.core.citizen_id import check_digit
from zhucan.registry.frame import PERSON_FRAME_SCHEMA
from zhucan.registry.importing.read import RawSheet
from zhucan.registry.importing.validate import Rejection, Validation, validate

REGIONS = {"331102000000", "331102001000", "331121000000"}
TODAY = date(2024, 6, 1)
CID = "331102" + "19900101" + "123"
CID += check_digit(CID)


def make_cid(birth: str = "19900101", seq: str = "123", region: str = "331102") -> str:
    """A valid citizen ID; an odd ``seq`` makes a man."""
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def known_regions(codes: Iterable[str]) -> set[str]:
    """Stub region lookup."""
    return REGIONS & set(codes)


def person(**overrides: str | None) -> dict[str, str | None]:
    """A valid row of the required columns (Chinese headers), with overrides."""
    row: dict[str, str | None] = {
        "姓名": "张三",
        "身份证号": CID,
        "残疾证号": CID + "42",
        "户籍区划代码": "331102001",
    }
    row.update(overrides)
    return row


def sheet(*rows: Mapping[str, str | None], first_row: int = 2) -> RawSheet:
    """A RawSheet whose headers are the union of the rows' keys, in first-seen order."""
    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    columns = {f"c{j}": [row.get(h) for row in rows] for j, h in enumerate(headers)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    numbers = pl.Series("row", range(first_row, first_row + len(rows)), dtype=pl.Int32)
    return RawSheet(headers=headers, rows=frame, row_numbers=numbers)


def check(*rows: Mapping[str, str | None]) -> Validation:
    """Validate rows against the stub regions, as of TODAY."""
    return validate(sheet(*rows), known_regions, today=TODAY)


def only_error(*rows: Mapping[str, str | None]) -> Rejection:
    """The single rejection of the rows."""
    result = check(*rows)
    assert len(result.rejected) == 1, result.rejected
    return result.rejected[0]


# --------------------------------------------------------------- a valid row


def test_valid_row_gives_exact_canonical_values() -> None:
    head = make_cid("19600505", "222")
    result = check(
        person(
            姓名=" 张　三 ",
            身份证号=f" {CID} ",
            残疾类别="肢体残疾",
            残疾等级="二级",
            发证日期="2021/3/5",
            户籍性质="农业",
            居住区划代码="331121",
            联系电话="0578-1234567",
            低保状态="低保",
            户主身份证号=head,
            需长期照护="是",
        )
    )
    assert result.rejected == []
    assert result.read == 1
    assert result.valid.columns == [*PERSON_FRAME_SCHEMA, "row"]
    assert result.valid.schema["row"] == pl.Int32
    assert dict(result.valid.schema) == {**PERSON_FRAME_SCHEMA, "row": pl.Int32()}
    assert result.valid.row(0, named=True) == {
        "citizen_id": CID,
        "name": "张三",
        "sex": "M",
        "birth_date": date(1990, 1, 1),
        "category": 4,
        "grade": 2,
        "certificate_issued": date(2021, 3, 5),
        "certificate_valid_until": date(2031, 3, 5),
        "certificate_status": "valid",
        "hukou_region": "331102001000",
        "hukou_type": "rural",
        "residence_region": "331121000000",
        "phone": "0578-1234567",
        "assistance": "dibao",
        "household_head_id": head,
        "needs_long_term_care": True,
        "death_date": None,
        "since": None,
        "row": 2,
    }


def test_minimal_row_defaults() -> None:
    woman = make_cid("19851231", "124")
    row = check(person(身份证号=woman.lower(), 残疾证号=woman + "73")).valid.row(0, named=True)
    assert row["citizen_id"] == woman
    assert row["sex"] == "F"
    assert (row["category"], row["grade"]) == (7, 3)  # from the certificate number
    assert row["assistance"] == "none"
    assert row["certificate_issued"] is None and row["certificate_valid_until"] is None
    assert row["hukou_type"] is None and row["needs_long_term_care"] is None


def test_full_width_and_x_citizen_id_normalized() -> None:
    cid = make_cid("19491231", "002", "110105")
    assert cid.endswith("X")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in cid[:-1]) + "ｘ"
    result = check(
        person(身份证号=f"　{wide} ", 残疾证号=cid.lower() + "11", 户籍区划代码="331102")
    )
    assert result.rejected == []
    assert result.valid.get_column("citizen_id").to_list() == [cid]


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("残疾类别", "视力", 1),
        ("残疾类别", "听力残疾", 2),
        ("残疾类别", "7", 7),
        ("残疾等级", "一级", 1),
        ("残疾等级", "3级", 3),
        ("残疾等级", "4", 4),
        ("户籍性质", "城镇", "urban"),
        ("户籍性质", "非农业", "urban"),
        ("户籍性质", "农村", "rural"),
        ("低保状态", "低保边缘", "dibao_edge"),
        ("低保状态", "特困", "tekun"),
        ("低保状态", "无", "none"),
        ("需长期照护", "否", False),
        ("需长期照护", "Y", True),
        ("需长期照护", "0", False),
        ("需长期照护", "true", True),
        ("联系电话", "13812345678", "13812345678"),
        ("联系电话", "05781234567", "0578-1234567"),
        ("联系电话", "2123456", "2123456"),
        ("发证日期", "2021-03-05", date(2021, 3, 5)),
        ("发证日期", "20210305", date(2021, 3, 5)),
        ("发证日期", "2021年3月5日", date(2021, 3, 5)),
        ("发证日期", "44260", date(2021, 3, 5)),  # an Excel serial
        ("有效期至", "2026/3/5", date(2026, 3, 5)),
        ("死亡日期", "2024-05-31", date(2024, 5, 31)),
    ],
)
def test_accepted_values(field: str, raw: str, expected: object) -> None:
    names = {
        "残疾类别": "category",
        "残疾等级": "grade",
        "户籍性质": "hukou_type",
        "低保状态": "assistance",
        "需长期照护": "needs_long_term_care",
        "联系电话": "phone",
        "发证日期": "certificate_issued",
        "有效期至": "certificate_valid_until",
        "死亡日期": "death_date",
    }
    cert = {"残疾类别": f"{expected}2", "残疾等级": f"4{expected}"}.get(field, "42")
    result = check(person(**{field: raw, "残疾证号": CID + cert}))
    assert result.rejected == []
    assert result.valid.get_column(names[field]).to_list() == [expected]


def test_valid_until_defaults_to_issued_plus_ten_years() -> None:
    result = check(person(发证日期="2020-02-29"), person(身份证号=None))
    assert result.valid.get_column("certificate_valid_until").to_list() == [date(2030, 2, 28)]


# -------------------------------------------------------------- every rule


@pytest.mark.parametrize(
    ("column", "value", "reason_zh", "reason_en"),
    [
        ("姓名", None, "姓名为空（必填项）", "required"),
        ("身份证号", None, "身份证号为空（必填项）", "required"),
        ("残疾证号", None, "残疾证号为空（必填项）", "required"),
        ("户籍区划代码", None, "户籍区划代码为空（必填项）", "required"),
        ("身份证号", "3.30102E+17", "存成了数字（3.30102E+17）", "as a number"),
        ("身份证号", CID[:17] + "0", "校验位错误", "check digit"),
        ("身份证号", "330102900101123", "15 位", "15-digit"),
        ("身份证号", CID[:16], "应为 18 位，实为 16 位", "18 characters"),
        ("身份证号", CID[:10] + "A" + CID[11:], "非法字符：A", "invalid characters"),
        ("身份证号", "331102199002301231", "出生日期 19900230 不存在", "does not exist"),
        ("身份证号", "991102199001011231", "省级", "province"),
        ("残疾证号", CID + "4", "应为 20 位", "20 characters"),
        ("残疾证号", CID + "82", "第 19 位", "category"),
        ("残疾证号", CID + "45", "第 20 位", "grade"),
        ("残疾证号", make_cid(seq="999") + "42", "与身份证号不一致", "does not match"),
        ("残疾类别", "聋", "无法识别的残疾类别", "unknown disability category"),
        ("残疾等级", "五级", "无法识别的残疾等级", "unknown disability grade"),
        ("发证日期", "2021-3", "无法识别的日期", "unrecognised date"),
        ("发证日期", "2021-02-30", "日期不存在：2021-02-30", "no such date"),
        ("发证日期", "2025-01-01", "发证日期 2025-01-01 晚于今天", "future"),
        ("发证日期", "1989-12-31", "早于出生日期 1990-01-01", "before the birth date"),
        ("有效期至", "明年", "无法识别的日期", "unrecognised date"),
        ("户籍区划代码", "3311", "实为 4 位", "6 (county)"),
        ("户籍区划代码", "33110", "实为 5 位", "got 5"),
        ("户籍区划代码", "33110A", "只能包含数字", "digits only"),
        ("户籍区划代码", "331199", "区划代码 331199000000 不存在", "does not exist"),
        ("居住区划代码", "330102001", "区划代码 330102001000 不存在", "does not exist"),
        ("户籍性质", "居民", "无法识别的户籍性质", "unknown hukou type"),
        ("联系电话", "1381234567", "联系电话格式无效", "invalid phone"),
        ("联系电话", "12812345678", "13–19", "13-19"),
        ("联系电话", "13812345678/13912345678", "只能填写一个号码", "only one"),
        ("联系电话", "5781234567", "区号前的 0", "leading 0"),
        ("低保状态", "困难", "无法识别的低保状态", "unknown assistance"),
        ("户主身份证号", CID[:17] + "0", "校验位错误", "check digit"),
        ("需长期照护", "可能", "应为 是 或 否", "expected 是"),
        ("死亡日期", "1989-01-01", "死亡日期 1989-01-01 早于出生日期 1990-01-01", "before"),
        ("死亡日期", "2024-06-02", "死亡日期 2024-06-02 晚于今天", "future"),
    ],
)
def test_each_rule(column: str, value: str | None, reason_zh: str, reason_en: str) -> None:
    extra = {"发证日期": "2021-03-05"} if column == "有效期至" else {}
    other = make_cid(seq="321")
    error = only_error(
        person(**{column: value}, **extra), person(身份证号=other, 残疾证号=other + "42")
    )
    assert (error.row, error.column, error.value) == (2, column, value or "")
    assert reason_zh in error.reason_zh
    assert reason_en in error.reason_en
    assert error.reason("en") == error.reason_en


@pytest.mark.parametrize(
    ("column", "value", "reason_zh", "reason_en"),
    [
        ("残疾类别", "视力", "残疾类别为 4（肢体），而填写的是 1（视力）", "category 4 (physical)"),
        ("残疾等级", "3", "残疾等级为 2（二级），而填写的是 3（三级）", "grade 2 (grade 2)"),
    ],
)
def test_certificate_disagrees_with_category_or_grade(
    column: str, value: str, reason_zh: str, reason_en: str
) -> None:
    error = only_error(person(**{column: value}))
    assert (error.row, error.column, error.value) == (2, "残疾证号", CID + "42")
    assert reason_zh in error.reason_zh and reason_en in error.reason_en


def test_certificate_disagreements_all_reported() -> None:
    other = make_cid(seq="999")
    result = check(person(残疾证号=other + "11", 残疾类别="肢体", 残疾等级="2"))
    assert [r.column for r in result.rejected] == ["残疾证号"] * 3
    assert "与身份证号不一致" in result.rejected[0].reason_zh


def test_valid_until_before_issued() -> None:
    error = only_error(person(发证日期="2021-03-05", 有效期至="2021-03-04"))
    assert error.column == "有效期至"
    assert error.reason_zh == "有效期至 2021-03-04 早于发证日期 2021-03-05"


def test_errors_name_the_files_own_header() -> None:
    row = {"name": "张三", "公民身份号码": CID[:17] + "0", "certificate_no": CID + "42"}
    error = only_error(row | {"hukou_region": "331102"})
    assert error.column == "公民身份号码"


def test_all_errors_of_a_row_are_reported() -> None:
    result = check(
        person(身份证号="12345"),
        person(
            姓名=None,
            身份证号=make_cid(seq="555"),
            残疾证号=make_cid(seq="555") + "42",
            残疾类别="视力",
            残疾等级="五级",
            发证日期="昨天",
            户籍区划代码="339999",
            联系电话="110",
            低保状态="有",
            需长期照护="maybe",
        ),
    )
    assert result.valid.height == 0
    assert [(r.row, r.column) for r in result.rejected] == [
        (2, "身份证号"),
        (3, "姓名"),
        (3, "残疾证号"),
        (3, "户籍区划代码"),
        (3, "残疾等级"),
        (3, "发证日期"),
        (3, "联系电话"),
        (3, "低保状态"),
        (3, "需长期照护"),
    ]
    assert result.rejected_rows == [2, 3]
    assert "视力" in result.rejected[2].reason_zh


def test_region_codes_checked_with_one_call() -> None:
    calls: list[list[str]] = []

    def lookup(codes: Iterable[str]) -> set[str]:
        calls.append(sorted(codes))
        return REGIONS & set(codes)

    rows = [
        person(身份证号=make_cid(seq=f"{i:03d}"), 残疾证号=make_cid(seq=f"{i:03d}") + "11")
        | {"户籍区划代码": code, "居住区划代码": "331121000000"}
        for i, code in enumerate(["331102", "331102000000", "331102001", "339999", "331102"])
    ]
    result = validate(sheet(*rows), lookup, today=TODAY)
    assert calls == [["331102000000", "331102001000", "331121000000", "339999000000"]]
    assert result.rejected_rows == [5]


# -------------------------------------------------------------- duplicates


def test_identical_duplicates_keep_the_first() -> None:
    other = make_cid(seq="777")
    result = check(
        person(),
        person(身份证号=other, 残疾证号=other + "11"),
        person(),
        person(),
    )
    assert result.valid.get_column("row").to_list() == [2, 3]
    assert [(r.row, r.column, r.reason_zh) for r in result.rejected] == [
        (4, "身份证号", "与第2行重复（同一身份证号）"),
        (5, "身份证号", "与第2行重复（同一身份证号）"),
    ]
    assert result.rejected[0].value == CID


def test_differing_duplicates_are_all_rejected() -> None:
    result = check(person(), person(联系电话="13812345678"), person(姓名="张叁"))
    assert result.valid.height == 0
    assert [(r.row, r.reason_zh) for r in result.rejected] == [
        (2, "与第3、4行身份证号相同但内容不同，请核对后保留一行"),
        (3, "与第2、4行身份证号相同但内容不同，请核对后保留一行"),
        (4, "与第2、3行身份证号相同但内容不同，请核对后保留一行"),
    ]
    assert "row 3, 4" in result.rejected[0].reason_en


def test_duplicates_compare_trimmed_cells() -> None:
    result = check(person(), person(身份证号=f" {CID} ", 姓名="张三 "))
    assert [(r.row, r.reason_zh) for r in result.rejected] == [(3, "与第2行重复（同一身份证号）")]


def test_certificate_of_another_rows_person() -> None:
    other = make_cid(seq="777")
    result = check(person(), person(身份证号=other, 残疾证号=CID + "42"))
    assert result.valid.get_column("row").to_list() == [2]
    error = result.rejected[0]
    assert (error.row, error.column, error.value) == (3, "残疾证号", CID + "42")
    assert (
        error.reason_zh == "残疾证号前 18 位是第2行的身份证号，与本行身份证号不一致（是否错行？）"
    )
    assert "row 2" in error.reason_en
    assert len(result.rejected) == 1


# ----------------------------------------------------------------- sizes


def test_many_rows_with_repeated_values() -> None:
    rows = [
        person(
            身份证号=make_cid(seq=f"{i:03d}"),
            残疾证号=make_cid(seq=f"{i:03d}") + "61",
            残疾类别="精神",
            发证日期="2020-01-01",
        )
        for i in range(500)
    ]
    result = check(*rows)
    assert result.valid.height == 500 and result.rejected == []
    assert result.valid.get_column("category").unique().to_list() == [6]
    assert result.valid.get_column("row").to_list() == list(range(2, 502))


def test_json_entry() -> None:
    error = only_error(person(姓名=None))
    assert error.to_json() == {
        "row": 2,
        "column": "姓名",
        "value": "",
        "reason": "姓名为空（必填项）",
    }
    assert error.to_json("en")["reason"] == "姓名 (name) is required but empty"
