"""The rejection report: the rejected rows as they were, with their errors, to fix and re-import."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import polars as pl
import xlsxwriter

from zhucan.registry.importing.read import RawSheet, column_name
from zhucan.registry.importing.validate import Rejection

MIN_WIDTH = 8
MAX_WIDTH = 40
REASON_WIDTH = 70
_LABELS = {
    "zh": {"sheet": "未导入的行", "row": "原行号", "reasons": "错误原因", "help": "说明"},
    "en": {
        "sheet": "Rejected rows",
        "row": "原行号 (row)",
        "reasons": "错误原因 (errors)",
        "help": "说明 (help)",
    },
}
_HELP = {
    "zh": [
        "这些行没有导入。每行的错误写在“错误原因”列，出错的单元格标为红色。",
        "怎样改正后重新导入：",
        "1. 直接在“未导入的行”工作表中按“错误原因”逐项改正（不要改动第一行表头）。",
        "2. 身份证号、残疾证号、电话、区划代码等请保持“文本”格式，"
        "以免末几位变成 0 或丢失开头的 0。",
        "3. 日期可写作 2021-03-05、2021/3/5、20210305 或 2021年3月5日。",
        "4. 改好后保存本文件并重新导入；“原行号”和“错误原因”两列会被自动忽略，可以不删。",
        "5. 同一身份证号出现多行时，请核对后只保留正确的一行。",
        "已成功导入的行不在本文件中，重新导入本文件不会重复或覆盖它们。",
    ],
    "en": [
        "These rows were not imported. Each row's errors are in the 错误原因 (errors) column;",
        "the cells in error are marked red.",
        "To fix and import again:",
        "1. Correct each error in the first sheet; do not change the header row.",
        "2. Keep citizen IDs, certificate numbers, phones and region codes formatted as text,",
        "   so that the spreadsheet does not round them or drop leading zeros.",
        "3. Dates may be written 2021-03-05, 2021/3/5, 20210305 or 2021年3月5日.",
        "4. Save this file and import it again; the 原行号 and 错误原因 columns are ignored.",
        "5. Where one citizen ID has several rows, keep only the correct one.",
        "Rows already imported are not in this file; re-importing it does not duplicate them.",
    ],
}


def display_width(text: str) -> int:
    """Width in Excel character units: East Asian wide characters count twice.

    >>> display_width("abc"), display_width("身份证号")
    (3, 8)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _reason_text(rejection: Rejection, lang: str) -> str:
    reason = rejection.reason(lang)
    column = rejection.column
    return reason if not column or reason.startswith(column) else f"{column}：{reason}"


def write_rejection_report(
    sheet: RawSheet, rejected: list[Rejection], path: Path, lang: str = "zh"
) -> None:
    """Write the rejected rows (original columns first, as text), 原行号 and 错误原因 as xlsx."""
    labels = _LABELS["en" if lang.startswith("en") else "zh"]
    by_row: dict[int, list[Rejection]] = defaultdict(list)
    for rejection in rejected:
        by_row[rejection.row].append(rejection)
    frame = sheet.rows.with_columns(sheet.row_numbers.alias("_row")).filter(
        pl.col("_row").is_in(pl.Series(list(by_row), dtype=pl.Int32).implode())
    )
    frame = frame.sort("_row")
    column_of: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        column_of.setdefault(header, index)
    width = len(sheet.headers)

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    try:
        text = book.add_format({"num_format": "@"})
        bold = book.add_format(
            {"bold": True, "num_format": "@", "bg_color": "#DDEBF7", "border": 1}
        )
        bad = book.add_format({"num_format": "@", "bg_color": "#FFC7CE", "font_color": "#9C0006"})
        wrap = book.add_format({"num_format": "@", "text_wrap": True, "font_color": "#9C0006"})
        ws = book.add_worksheet(labels["sheet"])
        headers = [*sheet.headers, labels["row"], labels["reasons"]]
        widths = [display_width(h) for h in headers]
        values = [frame.get_column(column_name(j)).to_list() for j in range(width)]
        if width and frame.height:
            # UTF-8: a wide (CJK) character takes 3 bytes and 2 columns; ASCII 1 and 1.
            cols = pl.col(pl.String)
            chars = cols.str.len_chars()
            longest = frame.select((chars + (cols.str.len_bytes() - chars) // 2).max().fill_null(0))
            for j in range(width):
                widths[j] = max(widths[j], int(longest.item(0, column_name(j))))
        for j, w in enumerate(widths[:width]):
            ws.set_column(j, j, min(max(w + 2, MIN_WIDTH), MAX_WIDTH), text)
        ws.set_column(width, width, max(widths[width] + 2, MIN_WIDTH), text)
        ws.set_column(width + 1, width + 1, REASON_WIDTH, wrap)
        ws.freeze_panes(1, 0)
        for j, header in enumerate(headers):
            ws.write_string(0, j, header, bold)
        for i, row_number in enumerate(frame.get_column("_row").to_list(), start=1):
            errors = by_row[row_number]
            bad_columns = {column_of[e.column] for e in errors if e.column in column_of}
            for j in range(width):
                value = values[j][i - 1]
                if value is not None:
                    ws.write_string(i, j, value, bad if j in bad_columns else text)
                elif j in bad_columns:
                    ws.write_blank(i, j, None, bad)
            ws.write_number(i, width, row_number)
            ws.write_string(i, width + 1, "；".join(_reason_text(e, lang) for e in errors), wrap)
        help_sheet = book.add_worksheet(labels["help"])
        help_sheet.set_column(0, 0, 100)
        for i, line in enumerate(_HELP["en" if lang.startswith("en") else "zh"]):
            help_sheet.write_string(i, 0, line, bold if i == 0 else None)
    finally:
        book.close()
