"""Statistical returns (年度统计报表): the yearly tables a federation reports upward, as xlsx.

Computed from the registry as of 31 December: certificate holders by category and grade,
age band, urban/rural and sub-region; social assistance; services received in the year;
employment and insurance. Each table is one sheet with a total row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import xlsxwriter
from sqlalchemy import Engine

from zhucan.core.region_code import LEVEL_LENGTHS, normalize_region_code, region_level
from zhucan.core.region_code import significant_prefix as prefix_of
from zhucan.indicators.holders import holders_on
from zhucan.indicators.service import regions_under
from zhucan.support.kinds import ServiceKind

CATEGORIES = {1: "视力", 2: "听力", 3: "言语", 4: "肢体", 5: "智力", 6: "精神", 7: "多重"}
AGE_BANDS = [(0, 6, "0-6岁"), (7, 17, "7-17岁"), (18, 59, "18-59岁"), (60, 200, "60岁及以上")]


def _crosstab(frame: pl.DataFrame, row: pl.Expr, col: pl.Expr, cols: list[str]) -> pl.DataFrame:
    counts = frame.group_by(row.alias("行"), col.alias("列")).len()
    wide = counts.pivot(on="列", index="行", values="len").fill_null(0)
    for c in cols:
        if c not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.UInt32).alias(c))
    wide = wide.select("行", *cols).with_columns(pl.sum_horizontal(cols).alias("合计"))
    total = wide.select(pl.lit("合计").alias("行"), *(pl.col(c).sum() for c in [*cols, "合计"]))
    return pl.concat([wide.sort("行"), total], how="vertical_relaxed")


def returns_tables(engine: Engine, region: str, year: int) -> dict[str, pl.DataFrame]:
    """The return's tables for ``region`` as of 31 December of ``year``."""
    code = normalize_region_code(region)
    day = date(year, 12, 31)
    kinds = {k.value: k.zh for k in ServiceKind}
    flags = [f"services:{k}" for k in kinds]
    columns = ["age", "category", "grade", "urban", "assistance", "employed", *flags]
    (people,) = holders_on(engine, prefix_of(code), [day], columns)
    regions = regions_under(engine, code)
    width = LEVEL_LENGTHS[min(region_level(code), 4)]
    names = dict(zip(regions["region"], regions["name"], strict=True))
    area = (
        pl.col("hukou_region")
        .str.slice(0, width)
        .str.pad_end(12, "0")
        .replace_strict(names, default="其他")
        .alias("地区")
    )
    category = pl.col("category").replace_strict(CATEGORIES, default="未知")
    cats = list(CATEGORIES.values())
    band = pl.lit(None, pl.String)
    for lo, hi, label in reversed(AGE_BANDS):
        band = pl.when(pl.col("age").is_between(lo, hi)).then(pl.lit(label)).otherwise(band)
    grade = pl.col("grade").cast(pl.String) + pl.lit("级")
    served = (
        people.unpivot(flags, index="hukou_region", variable_name="services", value_name="got")
        .filter(pl.col("got"))
        .with_columns(pl.col("services").str.slice(len("services:")))
    )
    working = people.filter(pl.col("age").is_between(16, 59))
    return {
        "类别×等级": _crosstab(people, category, grade, ["1级", "2级", "3级", "4级"]),
        "年龄段×类别": _crosstab(people, band, category, cats),
        "城乡×类别": _crosstab(
            people,
            pl.when(pl.col("urban")).then(pl.lit("城镇")).otherwise(pl.lit("农村")),
            category,
            cats,
        ),
        "地区×类别": _crosstab(people, area, category, cats),
        "低保特困": _crosstab(
            people,
            area,
            pl.col("assistance").replace_strict(
                {"none": "无", "dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困"},
                default="无",
            ),
            ["低保", "低保边缘", "特困", "无"],
        ),
        "当年服务人数": _crosstab(
            served,
            area,
            pl.col("services").replace_strict(kinds, default="其他"),
            list(kinds.values()),
        ),
        "就业(16-59岁)": _crosstab(
            working,
            area,
            pl.when(pl.col("employed")).then(pl.lit("就业")).otherwise(pl.lit("未就业")),
            ["就业", "未就业"],
        ),
    }


def write_returns(engine: Engine, region: str, year: int, out: Path) -> Path:
    """Write the statistical return workbook to ``out``."""
    tables = returns_tables(engine, region, year)
    book = xlsxwriter.Workbook(str(out))
    head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    cell = book.add_format({"border": 1})
    for name, table in tables.items():
        sheet = book.add_worksheet(name[:31])
        sheet.write(0, 0, f"{name}（截至 {year}-12-31，{normalize_region_code(region)}）")
        sheet.write_row(2, 0, table.columns, head)
        for i, row in enumerate(table.iter_rows(), start=3):
            sheet.write_row(i, 0, row, cell)
        sheet.set_column(0, 0, 18)
    book.close()
    return out
