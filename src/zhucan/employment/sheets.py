"""Read employer and declaration sheets: match headers, parse each distinct value once.

A row with any error is rejected whole and reported (row number, column, value, reason),
in the same form as the person import, so the same rejection report can be written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from zhucan.core._text import compact
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.credit_code import normalize_credit_code
from zhucan.core.errors import InvalidValue
from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.importing.headers import normalize_header
from zhucan.registry.importing.read import RawSheet, column_name
from zhucan.registry.importing.validate import Rejection
from zhucan.registry.importing.values import parse_name, parse_region, parse_yes_no

Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    """One sheet column: field, header, accepted synonyms, parser, result type, required."""

    field: str
    header: str
    parser: Parser
    dtype: pl.DataType
    required: bool = False
    synonyms: tuple[str, ...] = ()


def parse_count(raw: str) -> int:
    """A non-negative whole number of people.

    >>> parse_count(" 120 "), parse_count("120.0")
    (120, 120)
    """
    try:
        value = Decimal(compact(raw).replace(",", ""))
    except InvalidOperation:
        raise InvalidValue(
            f"人数应为整数：{raw}", f"a head count must be a whole number: {raw}"
        ) from None
    if value < 0 or value != value.to_integral_value():
        raise InvalidValue(f"人数应为非负整数：{raw}", f"a head count must be ≥ 0 and whole: {raw}")
    return int(value)


def parse_wage(raw: str) -> Decimal:
    """Yuan per year, positive, at most 2 decimals.

    >>> parse_wage("85,000.5")
    Decimal('85000.50')
    """
    try:
        value = Decimal(compact(raw).replace(",", "").removesuffix("元"))
    except InvalidOperation:
        raise InvalidValue(
            f"工资应为金额（元）：{raw}", f"a wage must be an amount in yuan: {raw}"
        ) from None
    if value <= 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidValue(f"工资应为正数，最多两位小数：{raw}", f"a wage must be > 0: {raw}")
    return value.quantize(Decimal("0.01"))


def parse_org_name(raw: str) -> str:
    """An organisation's name: spaces trimmed and collapsed, not empty.

    >>> parse_org_name(" 丽水市第1 福利厂 ")
    '丽水市第1 福利厂'
    """
    text = " ".join(raw.split())
    if not text:
        raise InvalidValue("单位名称为空", "the employer name is empty")
    return text[:200]


def parse_person_id(raw: str) -> str:
    """A citizen ID, or the citizen ID inside a 20-character certificate number."""
    text = compact(raw).upper()
    return normalize_citizen_id(text[:18] if len(text) == 20 else text)


CODE = Column(
    "credit_code", "统一社会信用代码", normalize_credit_code, pl.String(), True, ("信用代码",)
)
EMPLOYER_COLUMNS = (
    CODE,
    Column("name", "单位名称", parse_org_name, pl.String(), True, ("用人单位名称", "单位")),
    Column("region", "所在区划代码", parse_region, pl.String(), True, ("区划代码", "所在地")),
    Column("staff", "在职职工人数", parse_count, pl.Int64(), True, ("职工人数",)),
    Column("average_wage", "职工年平均工资", parse_wage, pl.Decimal(14, 2), False, ("年平均工资",)),
)
DECLARATION_COLUMNS = (
    CODE,
    Column("staff", "在职职工人数", parse_count, pl.Int64(), False, ("职工人数",)),
    Column("average_wage", "职工年平均工资", parse_wage, pl.Decimal(14, 2), False, ("年平均工资",)),
    Column(
        "citizen_id",
        "残疾职工身份证号",
        parse_person_id,
        pl.String(),
        True,
        ("身份证号", "残疾人证号", "残疾证号", "公民身份号码"),
    ),
    Column("employee_name", "残疾职工姓名", parse_name, pl.String(), True, ("姓名",)),
    Column("insurance_claimed", "是否缴纳社保", parse_yes_no, pl.Boolean(), False, ("社保",)),
)


@dataclass(frozen=True)
class ParsedSheet:
    """Valid rows (parsed columns plus ``row``) and every rejection."""

    valid: pl.DataFrame
    rejected: list[Rejection]
    read: int = 0


def _match(sheet: RawSheet, columns: tuple[Column, ...]) -> dict[str, int]:
    lookup = {normalize_header(t): c.field for c in columns for t in (c.header, *c.synonyms)}
    found: dict[str, int] = {}
    for index, text in enumerate(sheet.headers):
        field = lookup.get(normalize_header(text)) if text else None
        if field is not None and field not in found:
            found[field] = index
    missing = [c.header for c in columns if c.required and c.field not in found]
    if missing:
        raise UnusableFile(
            f"缺少必填列：{'、'.join(missing)}", f"missing required column(s): {', '.join(missing)}"
        )
    return found


def parse_sheet(sheet: RawSheet, columns: tuple[Column, ...]) -> ParsedSheet:
    """Parse every known column of ``sheet``; each distinct text is parsed once."""
    where = _match(sheet, columns)
    frame = sheet.rows.with_columns(sheet.row_numbers.alias("row"))
    out = frame.select("row")
    errors: list[pl.DataFrame] = []
    for col in columns:
        if col.field not in where:
            out = out.with_columns(pl.lit(None, col.dtype).alias(col.field))
            continue
        raw = frame.get_column(column_name(where[col.field]))
        values: dict[str, Any] = {}
        problems: dict[str, InvalidValue] = {}
        for text in raw.drop_nulls().unique().to_list():
            try:
                values[text] = col.parser(text)
            except InvalidValue as exc:
                problems[text] = exc
        out = out.with_columns(
            raw.replace_strict(values, default=None, return_dtype=col.dtype).alias(col.field)
        )
        bad = frame.select("row", raw.alias("value")).filter(
            pl.col("value").is_in(list(problems)) | (pl.col("value").is_null() & col.required)
        )
        header = sheet.headers[where[col.field]]
        errors.append(
            bad.with_columns(pl.lit(header).alias("column")).with_columns(
                pl.col("value").fill_null("")
            )
        )
        errors[-1] = errors[-1].with_columns(
            pl.col("value")
            .replace_strict({k: v.zh for k, v in problems.items()}, default="必填项为空")
            .alias("zh"),
            pl.col("value")
            .replace_strict({k: v.en for k, v in problems.items()}, default="required value empty")
            .alias("en"),
        )
    rejected = [
        Rejection(row, column, value, zh, en)
        for part in errors
        for row, value, column, zh, en in part.select("row", "value", "column", "zh", "en").rows()
    ]
    bad_rows = {r.row for r in rejected}
    return ParsedSheet(
        out.filter(~pl.col("row").is_in(list(bad_rows))),
        sorted(rejected, key=lambda r: r.row),
        sheet.height,
    )
