"""Why a payment line exists, as Chinese text built column-wise (Polars expressions)."""

from __future__ import annotations

import polars as pl

from zhucan.core.money import yuan_text
from zhucan.registry.facts import FactKind

_KIND_ZH = {k.value: k.zh for k in FactKind} | {
    "certificate": "残疾人证状态",
    "enrollment": "享受资格记录",
    "failed": "银行发放失败",
}
_VALUE_ZH = {
    "none": "无",
    "dibao": "低保",
    "dibao_edge": "低保边缘",
    "tekun": "特困",
    "valid": "有效",
    "cancelled": "注销",
}


def change_text() -> pl.Expr:
    """A change row (kind, value, valid_from, source, at) as one sentence."""
    kind = pl.col("kind").replace_strict(_KIND_ZH, default=pl.col("kind"))
    value = pl.col("value").replace_strict(_VALUE_ZH, default=pl.col("value"))
    since = pl.when(pl.col("valid_from").is_not_null()).then(
        pl.concat_str([pl.lit("（"), pl.col("valid_from").str.slice(0, 10), pl.lit(" 起）")])
    )
    failed = pl.concat_str(
        [
            pl.col("value"),
            pl.lit(" 月发放失败（"),
            pl.col("source").fill_null("银行退回"),
            pl.lit("），结转补发"),
        ]
    )
    general = pl.concat_str(
        [
            kind,
            pl.lit("："),
            value,
            since.fill_null(""),
            pl.lit("，"),
            pl.col("at"),
            pl.lit(" 由「"),
            pl.col("source").fill_null(""),
            pl.lit("」登记"),
        ]
    )
    return pl.when(pl.col("kind") == "failed").then(failed).otherwise(general)


def line_reason() -> pl.Expr:
    """The reason of a line (columns kind, month, entitled/booked fen, policy, version, change)."""
    rule = pl.concat_str(
        [
            pl.lit("政策 "),
            pl.col("policy").fill_null("（无适用政策）"),
            pl.lit(" 版本 "),
            pl.col("version").fill_null("-"),
            pl.lit("，参数 "),
            pl.col("params").fill_null("{}"),
        ]
    )
    regular = pl.concat_str(
        [pl.col("month"), pl.lit(" 月按月发放 "), yuan_text("amount_fen"), pl.lit(" 元；"), rule]
    )
    unmet = pl.when((pl.col("entitled_fen") == 0) & (pl.col("failed").list.len() > 0)).then(
        pl.concat_str([pl.lit("；不符合条件："), pl.col("failed").list.join("、")])
    )
    head = pl.when(pl.col("kind") == "arrears").then(pl.lit("补发 ")).otherwise(pl.lit("追回 "))
    adjust = pl.concat_str(
        [
            head,
            pl.col("month"),
            pl.lit(" 月 "),
            yuan_text("amount_fen").str.strip_prefix("-"),
            pl.lit(" 元（应发 "),
            yuan_text("entitled_fen"),
            pl.lit(" 元，已发 "),
            yuan_text("booked_fen"),
            pl.lit(" 元）；原因："),
            pl.col("change").fill_null("享受条件或金额变化"),
            unmet.fill_null(""),
            pl.lit("；"),
            rule,
        ]
    )
    return pl.when(pl.col("kind") == "regular").then(regular).otherwise(adjust)
