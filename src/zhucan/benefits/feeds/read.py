"""Read a feed file into effective-dated fact changes, rejecting bad rows with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from zhucan.benefits.feeds.formats import (
    ASSISTANCE,
    COLUMNS,
    DEATH,
    HR_BENEFITS,
    INSURED,
    MEDICAL,
    MOVE,
    FeedKind,
)
from zhucan.core.citizen_id import is_valid_citizen_id
from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.importing.read import read_table

CHANGE_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int32(),
    "citizen_id": pl.String(),
    "name": pl.String(),
    "kind": pl.String(),
    "value": pl.String(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
    "close_only": pl.Boolean(),
}


@dataclass(frozen=True)
class FeedRows:
    """The fact changes a feed asks for, and the rows rejected (row, reason)."""

    changes: pl.DataFrame
    rejected: list[tuple[int, str]]
    read: int


def _date(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars().str.replace_all(r"[/.年月]", "-").str.strip_suffix("日")
    return pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False), text.str.to_date("%Y%m%d", strict=False)
    )


def read_feed(kind: FeedKind, path: Path) -> FeedRows:
    """Read ``path`` as a feed of ``kind`` (CSV or a workbook's first sheet)."""
    sheet = read_table(path)
    headers = {h.strip(): f"c{i}" for i, h in enumerate(sheet.headers)}
    cols = {}
    for col in COLUMNS[kind]:
        found = next((headers[h] for h in col.headers if h in headers), None)
        if found is None and col.required:
            raise UnusableFile(
                f"{kind.zh}数据文件缺少列“{col.headers[0]}”（见 docs/feeds.md）",
                f"the {kind.value} feed lacks the column '{col.headers[0]}' (see docs/feeds.md)",
            )
        cols[col.name] = (pl.col(found) if found else pl.lit(None, pl.String)).str.strip_chars()
    raw = sheet.rows.select(**cols).with_columns(
        pl.Series("row", sheet.row_numbers, pl.Int32),
        pl.col("citizen_id").str.to_uppercase(),
        _date("start").alias("valid_from"),
        (_date("end") if "end" in cols else pl.lit(None, pl.Date)).alias("valid_to"),
    )
    frame, rejected = _to_changes(kind, raw)
    ok_id = [is_valid_citizen_id(c) for c in frame["citizen_id"].to_list()]
    bad = frame.filter(~pl.Series(ok_id, dtype=pl.Boolean))
    rejected += [(r, "身份证号无效") for r in bad["row"].to_list()]
    frame = frame.filter(pl.Series(ok_id, dtype=pl.Boolean))
    no_date = frame.filter(pl.col("valid_from").is_null())
    rejected += [(r, "日期无效或缺失") for r in no_date["row"].to_list()]
    frame = frame.filter(pl.col("valid_from").is_not_null())
    backwards = frame.filter(pl.col("valid_to") <= pl.col("valid_from"))
    rejected += [(r, "结束日期早于开始日期") for r in backwards["row"].to_list()]
    frame = frame.filter(~(pl.col("valid_to") <= pl.col("valid_from")).fill_null(False))
    return FeedRows(frame.select(list(CHANGE_SCHEMA)), sorted(rejected), sheet.height)


def _to_changes(kind: FeedKind, raw: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Map a feed's own values to fact kinds and values; unknown values are rejected."""
    if kind is FeedKind.CIVIL_AFFAIRS:
        value = pl.col("status").replace_strict(ASSISTANCE, default=None)
        frame = raw.with_columns(
            pl.lit("assistance").alias("kind"),
            value.alias("value"),
            pl.lit(False).alias("close_only"),
        )
        what = "救助类别应为 低保、低保边缘、特困 或 无"
    elif kind is FeedKind.PUBLIC_SECURITY:
        death = pl.col("change").is_in(list(DEATH))
        move = pl.col("change").is_in(list(MOVE)) & pl.col("new_region").str.contains(r"^\d{12}$")
        frame = raw.with_columns(
            pl.when(death)
            .then(pl.lit("death"))
            .when(move)
            .then(pl.lit("hukou_region"))
            .alias("kind"),
            pl.when(death)
            .then(pl.col("valid_from").dt.to_string("%Y-%m-%d"))
            .when(move)
            .then(pl.col("new_region"))
            .alias("value"),
            pl.lit(False).alias("close_only"),
        )
        what = "变动类型应为 死亡 或 迁出（迁出须有 12 位迁入地区划代码）"
    elif kind is FeedKind.HUMAN_RESOURCES:
        ok = pl.col("benefit").is_in(list(HR_BENEFITS))
        frame = raw.with_columns(
            pl.lit("other_benefit").alias("kind"),
            pl.when(ok).then(pl.col("benefit")).alias("value"),
            pl.lit(False).alias("close_only"),
        )
        what = f"待遇类型应为 {'、'.join(sorted(HR_BENEFITS))} 之一"
    else:
        ok = pl.col("benefit").is_in(list(MEDICAL)) & pl.col("status").is_in(list(INSURED))
        stopped = pl.col("status").replace_strict(INSURED, default=None).not_()
        frame = raw.with_columns(
            pl.lit("other_benefit").alias("kind"),
            pl.when(ok).then(pl.col("benefit")).alias("value"),
            stopped.fill_null(False).alias("close_only"),
        )
        what = "险种或参保状态无法识别"
    bad = frame.filter(pl.col("value").is_null() | pl.col("kind").is_null())
    rejected = [(r, what) for r in bad["row"].to_list()]
    return frame.filter(pl.col("value").is_not_null() & pl.col("kind").is_not_null()), rejected
