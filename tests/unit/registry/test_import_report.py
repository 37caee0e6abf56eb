"""The rejection report: rejected rows as text in their original columns, plus their reasons."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from zhucan.core.citizen_id import check_digit
from zhucan.registry.importing.read import read_table
from zhucan.registry.importing.report import write_rejection_report
from zhucan.registry.importing.validate import validate

REGIONS = {"331102000000", "331102001000", "331121000000"}
TODAY = date(2024, 6, 1)
HEADERS = ["序号", "姓名", "身份证号", "残疾证号", "户籍区划代码", "联系电话"]


def make_cid(seq: str) -> str:
    """A valid citizen ID born 1990-01-01."""
    first17 = "33110219900101" + seq
    return first17 + check_digit(first17)


def known_regions(codes: Iterable[str]) -> set[str]:
    """Stub region lookup."""
    return REGIONS & set(codes)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    """Write rows as UTF-8 CSV."""
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def read_xlsx(path: Path, sheet: int = 0) -> list[list[Any]]:
    """All cells of one sheet of an xlsx."""
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet).to_python()
    )
    return rows


def test_report_holds_rejected_rows_with_reasons(tmp_path: Path) -> None:
    good, bad = make_cid("123"), make_cid("125")
    source = write_csv(
        tmp_path / "in.csv",
        [
            HEADERS,
            ["1", "张三", good, good + "42", "331102", "13812345678"],
            ["2", "", bad, bad + "42", "339999", "123"],
            ["3", "王五", "3.30102E+17", "", "331102", ""],
        ],
    )
    sheet = read_table(source)
    result = validate(sheet, known_regions, today=TODAY)
    assert result.rejected_rows == [3, 4]
    report = tmp_path / "rejected.xlsx"
    write_rejection_report(sheet, result.rejected, report)

    book = CalamineWorkbook.from_path(str(report))
    assert book.sheet_names == ["未导入的行", "说明"]
    rows = read_xlsx(report)
    assert rows[0] == [*HEADERS, "原行号", "错误原因"]
    assert rows[1][:6] == ["2", "", bad, bad + "42", "339999", "123"]
    assert rows[1][6] == 3
    reasons = str(rows[1][7])
    assert reasons.startswith("姓名为空（必填项）；户籍区划代码：区划代码 339999000000 不存在")
    assert "；联系电话格式无效：123；" in reasons
    assert rows[2][:6] == ["3", "王五", "3.30102E+17", "", "331102", ""]
    assert rows[2][6] == 4
    assert "存成了数字" in str(rows[2][7]) and "残疾证号为空" in str(rows[2][7])
    assert len(rows) == 3
    help_text = " ".join(str(r[0]) for r in read_xlsx(report, 1))
    assert "重新导入" in help_text


def test_report_ids_stay_text_and_can_be_reimported(tmp_path: Path) -> None:
    cid = make_cid("127")
    source = write_csv(
        tmp_path / "in.csv",
        [HEADERS, ["1", "李四", cid, cid + "42", "3311", "0578-1234567"]],
    )
    sheet = read_table(source)
    result = validate(sheet, known_regions, today=TODAY)
    report = tmp_path / "rejected.xlsx"
    write_rejection_report(sheet, result.rejected, report)

    again = read_table(report)
    assert again.headers == [*HEADERS, "原行号", "错误原因"]
    assert again.rows.row(0)[2] == cid  # not a float
    second = validate(again, known_regions, today=TODAY)
    assert second.unknown_columns == ["序号", "原行号", "错误原因"]
    assert [(r.row, r.column) for r in second.rejected] == [(2, "户籍区划代码")]


def test_report_in_english(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADERS, ["1", "", make_cid("129"), "", "331102", ""]])
    sheet = read_table(source)
    result = validate(sheet, known_regions, today=TODAY)
    report = tmp_path / "rejected.xlsx"
    write_rejection_report(sheet, result.rejected, report, lang="en")
    rows = read_xlsx(report)
    assert rows[0][:6] == HEADERS
    assert "is required but empty" in str(rows[1][7])


def test_empty_report(tmp_path: Path) -> None:
    cid = make_cid("131")
    source = write_csv(tmp_path / "in.csv", [HEADERS, ["1", "赵六", cid, cid + "11", "331102", ""]])
    sheet = read_table(source)
    report = tmp_path / "rejected.xlsx"
    write_rejection_report(sheet, [], report)
    assert read_xlsx(report) == [[*HEADERS, "原行号", "错误原因"]]
