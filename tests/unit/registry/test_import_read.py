"""Reading import sheets (xlsx, CSV in UTF-8/GB18030) and matching their headers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from zhucan.core.citizen_id import check_digit
from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.importing.headers import match_headers
from zhucan.registry.importing.read import RawSheet, read_table
from zhucan.registry.importing.validate import validate

REGIONS = {"331102000000", "331102001000", "331121000000"}
TODAY = date(2024, 6, 1)
HEADERS = ["姓名", "身份证号", "残疾证号", "户籍区划代码"]


def make_cid(birth: str = "19900101", seq: str = "123", region: str = "331102") -> str:
    """A valid citizen ID."""
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def known_regions(codes: Any) -> set[str]:
    """Stub region lookup."""
    return REGIONS & set(codes)


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Write rows to an xlsx; floats/ints as numbers, dates as date cells, text as text."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("人员")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(i, j, value, date_format)
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, value)
    book.close()
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    """Write rows as CSV text in ``encoding``."""
    text = "\r\n".join(",".join(cell for cell in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def cells(sheet: RawSheet, row: int) -> list[str | None]:
    """The values of data row ``row`` (0-based) of ``sheet``."""
    return list(sheet.rows.row(row))


# ------------------------------------------------------------------------ xlsx


def test_xlsx_numbers_and_dates_become_text(tmp_path: Path) -> None:
    cid = make_cid()
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["姓名", "身份证号", "联系电话", "残疾等级", "发证日期", "户籍区划代码"],
            ["张三", cid, 13812345678, 2, datetime(2021, 3, 5), 331102001000],
            ["李四", 330102199001011234, None, 2.5, None, "331102"],
        ],
    )
    sheet = read_table(path)
    assert sheet.headers == ["姓名", "身份证号", "联系电话", "残疾等级", "发证日期", "户籍区划代码"]
    assert cells(sheet, 0) == ["张三", cid, "13812345678", "2", "2021-03-05", "331102001000"]
    mangled = cells(sheet, 1)[1]
    assert mangled is not None and "e+17" in mangled
    assert mangled.startswith("3.30102199001")
    assert cells(sheet, 1)[2:4] == [None, "2.5"]
    assert sheet.row_numbers.to_list() == [2, 3]
    assert all(dtype == pl.String for dtype in sheet.rows.dtypes)


def test_float_mangled_id_in_xlsx_is_reported(tmp_path: Path) -> None:
    cid = make_cid()
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            [*HEADERS, "发证日期"],
            ["张三", float(cid), cid + "42", "331102", datetime(2021, 3, 5)],
            ["李四", make_cid(seq="125"), make_cid(seq="125") + "11", 331102001, "2021/3/5"],
        ],
    )
    result = validate(read_table(path), known_regions, today=TODAY)
    assert [(r.row, r.column) for r in result.rejected] == [(2, "身份证号")]
    assert "存成了数字" in result.rejected[0].reason_zh
    assert "as a number" in result.rejected[0].reason_en
    assert result.valid.get_column("row").to_list() == [3]
    assert result.valid.get_column("certificate_issued").to_list() == [date(2021, 3, 5)]
    assert result.valid.get_column("hukou_region").to_list() == ["331102001000"]


def test_real_excel_date_cell_is_read_as_date(tmp_path: Path) -> None:
    cid = make_cid()
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            [*HEADERS, "发证日期", "有效期至", "死亡日期"],
            ["张三", cid, cid + "42", "331102", datetime(2020, 2, 29), None, date(2024, 1, 2)],
        ],
    )
    result = validate(read_table(path), known_regions, today=TODAY)
    assert result.rejected == []
    row = result.valid.row(0, named=True)
    assert row["certificate_issued"] == date(2020, 2, 29)
    assert row["certificate_valid_until"] == date(2030, 2, 28)
    assert row["death_date"] == date(2024, 1, 2)


def test_blank_rows_are_skipped_but_row_numbers_kept(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [HEADERS, ["甲", "1", "2", "3"], [None, None, None, None], ["乙", "4", "5", "6"]],
    )
    sheet = read_table(path)
    assert sheet.row_numbers.to_list() == [2, 4]
    assert sheet.height == 2


def test_title_row_above_header_is_skipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["某县残疾人名册"], HEADERS, ["甲", "1", "2", "3"]])
    sheet = read_table(path)
    assert sheet.headers == HEADERS
    assert sheet.header_row == 2
    assert sheet.row_numbers.to_list() == [3]


def test_header_only_sheet_reads_no_rows(tmp_path: Path) -> None:
    sheet = read_table(write_xlsx(tmp_path / "a.xlsx", [HEADERS]))
    assert sheet.height == 0
    result = validate(sheet, known_regions, today=TODAY)
    assert result.read == 0 and result.rejected == [] and result.valid.height == 0


# ------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    cid = make_cid()
    path = write_csv(
        tmp_path / "a.csv",
        [[*HEADERS, "低保状态"], ["张三", cid, cid + "42", "331102", "低保边缘"]],
        encoding,
    )
    sheet = read_table(path)
    assert sheet.headers == [*HEADERS, "低保状态"]
    assert cells(sheet, 0) == ["张三", cid, cid + "42", "331102", "低保边缘"]
    result = validate(sheet, known_regions, today=TODAY)
    assert result.valid.get_column("assistance").to_list() == ["dibao_edge"]


def test_csv_empty_fields_are_none_and_ragged_rows_padded(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("姓名,身份证号,残疾证号,户籍区划代码\n张三,,  ,\n\n李四\n", encoding="utf-8")
    sheet = read_table(path)
    assert cells(sheet, 0) == ["张三", None, None, None]
    assert cells(sheet, 1) == ["李四", None, None, None]
    assert sheet.row_numbers.to_list() == [2, 4]


# --------------------------------------------------------------- unusable files


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    with pytest.raises(UnusableFile) as info:
        read_table(path)
    assert "不支持的文件类型" in info.value.zh and "unsupported" in info.value.en


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(UnusableFile) as info:
        read_table(path)
    assert "无法读取" in info.value.zh


def test_corrupt_xls(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_bytes(b"\x00\x01garbage" * 10)
    with pytest.raises(UnusableFile):
        read_table(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnusableFile) as info:
        read_table(tmp_path / "none.xlsx")
    assert "找不到文件" in info.value.zh


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b",,,\r\n"])
def test_empty_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    with pytest.raises(UnusableFile) as info:
        read_table(path)
    assert "空" in info.value.zh and "empty" in info.value.en


def test_empty_xlsx(tmp_path: Path) -> None:
    with pytest.raises(UnusableFile):
        read_table(write_xlsx(tmp_path / "a.xlsx", []))


def test_no_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(UnusableFile) as info:
        read_table(path)
    assert "表头" in info.value.zh and "header" in info.value.en


# --------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "headers",
    [
        ["name", "citizen_id", "certificate_no", "hukou_region"],
        ["NAME", "Citizen_ID", "Certificate No", "HUKOU_REGION"],
        ["姓名", "公民身份号码", "残疾证号", "户籍区划代码"],
        [" 姓名 ", "　身份证号　", "残疾证 号", "户籍区划代码\t"],
        ["姓　名", "身份证号", "残疾证号", "户籍区划代码"],
        ["*姓名", "＊身份证号", "残疾证号（必填）", "户籍区划代码"],
        ["ｎａｍｅ", "ｃｉｔｉｚｅｎ＿ｉｄ", "残疾证号", "户籍区划代码"],
    ],
)
def test_header_variants(headers: list[str]) -> None:
    match = match_headers(headers)
    assert match.columns == {"name": 0, "citizen_id": 1, "certificate_no": 2, "hukou_region": 3}
    assert match.unknown == []


def test_unknown_columns_listed() -> None:
    match = match_headers(["序号", *HEADERS, "备注", "", "残疾类别"])
    assert match.unknown == ["序号", "备注", "第G列（无表头）"]
    assert match.columns["category"] == 7


def test_unknown_columns_in_validation(tmp_path: Path) -> None:
    cid = make_cid()
    path = write_csv(
        tmp_path / "a.csv",
        [["序号", *HEADERS, "备注"], ["1", "张三", cid, cid + "42", "331102", "x"]],
    )
    result = validate(read_table(path), known_regions, today=TODAY)
    assert result.unknown_columns == ["序号", "备注"]
    assert result.valid.height == 1


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        (["姓名", "身份证号", "残疾证号"], "户籍区划代码"),
        (["name", "certificate_no", "hukou_region"], "身份证号"),
        (["身份证号", "户籍区划代码"], "姓名、残疾证号"),
    ],
)
def test_missing_required_column(headers: list[str], missing: str) -> None:
    with pytest.raises(UnusableFile) as info:
        match_headers(headers)
    assert f"缺少必填列：{missing}" in info.value.zh
    assert "missing required column" in info.value.en


def test_missing_required_column_from_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号"], ["张三", make_cid()]])
    with pytest.raises(UnusableFile) as info:
        validate(read_table(path), known_regions)
    assert "残疾证号" in info.value.zh and "户籍区划代码" in info.value.zh


def test_duplicated_header() -> None:
    with pytest.raises(UnusableFile) as info:
        match_headers([*HEADERS, "公民身份号码"])
    assert "重复" in info.value.zh
    assert "“身份证号”（第B列）" in info.value.zh and "“公民身份号码”（第E列）" in info.value.zh
    assert "repeats" in info.value.en
