"""Read the first sheet of an Excel/ODS workbook or a CSV file into columns of text.

Every cell becomes text (or None when empty) so that validation sees what the caseworker
typed: a float that an ID was mangled into stays a float text (``3.301021990010112e+17``)
and is reported as such, integral numbers lose their ``.0``, date cells become ISO dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from zhucan.registry.importing.errors import UnusableFile

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
# Floats at or above this cannot be phone numbers or codes: they are mangled IDs.
_MANGLED_FLOAT = 1e15
# A title row (one merged cell) may sit above the header; look this far for the header.
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RawSheet:
    """The header texts and the data rows of a sheet, every value as text or None.

    ``rows`` has one String column per original column, named ``c0``, ``c1``, …;
    ``row_numbers`` holds each data row's row number as the spreadsheet shows it.
    """

    headers: list[str]
    rows: pl.DataFrame
    row_numbers: pl.Series
    header_row: int = 1

    @property
    def height(self) -> int:
        """The number of (non-blank) data rows."""
        return self.rows.height


def column_name(index: int) -> str:
    """The internal name of the ``index``-th column of ``RawSheet.rows``.

    >>> column_name(0), column_name(12)
    ('c0', 'c12')
    """
    return f"c{index}"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str | None:
    """The text of one spreadsheet cell value; None for an empty cell.

    >>> cell_text(13812345678.0), cell_text(2.0), cell_text(2.5)
    ('13812345678', '2', '2.5')
    >>> cell_text(3.301021990010112e17), cell_text(date(2021, 3, 5)), cell_text("  ")
    ('3.301021990010112e+17', '2021-03-05', None)
    """
    if isinstance(value, str):
        return value if value.strip() else None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _MANGLED_FLOAT:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def read_table(path: Path) -> RawSheet:
    """Read the first sheet of an .xlsx/.xlsm/.xlsb/.xls/.ods/.csv file, or raise UnusableFile."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise UnusableFile(
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请使用 .xlsx、.xls 或 .csv 文件",
            f"unsupported file type '{path.suffix or '(none)'}': use an .xlsx, .xls or .csv file",
        )
    if not path.is_file():
        raise UnusableFile(f"找不到文件：{path}", f"file not found: {path}")
    cells = _read_csv(path) if suffix in CSV_SUFFIXES else _read_workbook(path, suffix)
    return _to_sheet(cells)


def _unreadable(path: Path, exc: BaseException) -> UnusableFile:
    return UnusableFile(
        f"无法读取文件“{path.name}”：文件已损坏或不是所标明的格式（{exc}）",
        f"cannot read '{path.name}': the file is damaged or not of its stated type ({exc})",
    )


def _read_workbook(path: Path, suffix: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            return []
        sheet: list[list[Any]] = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        return sheet
    except PasswordError:
        raise UnusableFile(
            f"文件“{path.name}”设有密码，请取消密码后再导入",
            f"'{path.name}' is password-protected; remove the password and import again",
        ) from None
    except Exception as exc:
        if suffix != ".xls":
            raise _unreadable(path, exc) from exc
        try:
            return _read_xls_with_xlrd(path)
        except Exception as exc2:
            raise _unreadable(path, exc2) from exc2


def _read_xls_with_xlrd(path: Path) -> list[list[Any]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheet = book.sheet_by_index(0)
    rows: list[list[Any]] = []
    for r in range(sheet.nrows):
        values: list[Any] = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                values.append(bool(cell.value))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                values.append(None)
            else:
                values.append(cell.value)
        rows.append(values)
    return rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnusableFile(
            "CSV 文件的编码无法识别：请另存为 UTF-8 或 GB18030（GBK）编码",
            "cannot tell the CSV file's encoding: save it as UTF-8 or GB18030 (GBK)",
        ) from exc


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if "\x00" in text:
        raise _unreadable(path, ValueError("binary content"))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _unreadable(path, exc) from exc


def _find_header(cells: Sequence[Sequence[Any]]) -> int:
    """Index of the header row: the first non-blank row, skipping a one-cell title row."""
    nonblank = [i for i, row in enumerate(cells) if any(cell_text(v) is not None for v in row)]
    if not nonblank:
        raise UnusableFile(
            "工作表是空的（只读取第一个工作表）",
            "the sheet is empty (only the first sheet is read)",
        )
    for i in nonblank[:_HEADER_SEARCH_ROWS]:
        if sum(cell_text(v) is not None for v in cells[i]) >= 2:
            return i
    return nonblank[0]


def _to_sheet(cells: list[list[Any]]) -> RawSheet:
    header_index = _find_header(cells)
    header_cells = cells[header_index]
    if not any(isinstance(v, str) and v.strip() for v in header_cells):
        raise UnusableFile(
            f"第{header_index + 1}行应为表头（列名），但其中没有文字",
            f"row {header_index + 1} should be the header (column names) but holds no text",
        )
    data = cells[header_index + 1 :]
    width = max([len(header_cells), *(len(r) for r in data)])
    headers = [(cell_text(v) or "").strip() for v in header_cells]
    headers += [""] * (width - len(headers))
    columns: dict[str, pl.Series] = {}
    for j in range(width):
        values = [
            (v if v.strip() else None) if type(v) is str else cell_text(v)
            for v in (row[j] if j < len(row) else None for row in data)
        ]
        columns[column_name(j)] = pl.Series(column_name(j), values, dtype=pl.String)
    numbers = pl.Series("row", range(header_index + 2, header_index + 2 + len(data)), pl.Int32)
    frame = pl.DataFrame(list(columns.values())) if columns else pl.DataFrame()
    if width:
        keep = ~pl.all_horizontal(pl.all().is_null())
        mask = frame.select(keep.alias("keep")).to_series()
        frame, numbers = frame.filter(mask), numbers.filter(mask)
    # Drop trailing/inner columns that have neither a header nor any value.
    used = [
        j
        for j in range(width)
        if headers[j] or frame.get_column(column_name(j)).null_count() < frame.height
    ]
    if len(used) < width:
        frame = frame.select(
            [pl.col(column_name(j)).alias(column_name(k)) for k, j in enumerate(used)]
        )
        headers = [headers[j] for j in used]
    return RawSheet(headers=headers, rows=frame, row_numbers=numbers, header_row=header_index + 1)
