"""The evaluation report as a workbook: tables a 残工委 submits, with native Excel charts."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from zhucan.indicators import trajectory as tr
from zhucan.indicators.definitions import get_definition
from zhucan.indicators.report_data import Evaluation
from zhucan.indicators.report_html import paths, target_text, title_of

_HEAD = ["序号", "指标", "属性", "基期值", "目标", "现值", "应达值", "预计期末值", "状态", "单位"]


def write_xlsx(e: Evaluation, out: Path) -> None:
    """Write the report's workbook to ``out``."""
    book = xlsxwriter.Workbook(str(out))
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "align": "center"})
    cell = book.add_format({"border": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    computed = [r for r in e.progress if r.get("status") is not None]

    sheet = book.add_worksheet("完成情况")
    sheet.write(0, 0, title_of(e), title)
    sheet.write(1, 0, f"{e.region_name}（{e.region}） 统计截止日期 {e.as_of.isoformat()}")
    sheet.write_row(3, 0, _HEAD, head)
    for i, r in enumerate(computed, start=1):
        sheet.write_row(
            3 + i,
            0,
            [
                i,
                r["name"],
                r["attribute"] or "",
                r.get("start_value"),
                target_text(r),
                r["actual"],
                r["expected"],
                r["projected"],
                tr.STATUS_ZH[r["status"]],
                r["unit"],
            ],
            cell,
        )
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 9, 12)

    data = book.add_worksheet("指标走势")
    data.write(0, 0, "指标", head)
    data.write(0, 1, "系列", head)
    data.write_row(0, 2, [int(y) for y in e.years], head)
    chart_sheet = book.add_worksheet("走势图")
    for i, r in enumerate(computed):
        row = 1 + 2 * i
        data.write(row, 0, r["name"])
        data.write(row, 1, "实际值")
        data.write_row(row, 2, e.series[r["indicator"]])
        data.write(row + 1, 0, r["name"])
        data.write(row + 1, 1, "规划路径")
        data.write_row(row + 1, 2, paths(e, r))
        chart = book.add_chart({"type": "line"})
        last = 1 + len(e.years)
        for k, name in enumerate(("实际值", "规划路径")):
            chart.add_series(
                {
                    "name": name,
                    "categories": ["指标走势", 0, 2, 0, last],
                    "values": ["指标走势", row + k, 2, row + k, last],
                    "line": {"dash_type": "dash"} if k else {},
                    "marker": {"type": "circle"},
                }
            )
        chart.set_title({"name": r["name"], "name_font": {"size": 11}})
        chart.set_y_axis({"name": r["unit"]})
        chart.set_size({"width": 520, "height": 260})
        chart_sheet.insert_chart(1 + (i // 2) * 14, 1 + (i % 2) * 9, chart)
    data.set_column(0, 0, 40)

    kids = book.add_worksheet("下级地区")
    kids.write_row(0, 0, ["指标", "地区代码", "地区", "分子", "分母", "值", "单位"], head)
    n = 1
    for r in computed:
        for kid in e.children.get(r["indicator"], []):
            kids.write_row(
                n,
                0,
                [
                    r["name"],
                    kid["region"],
                    kid["region_name"],
                    kid["numerator"],
                    kid["denominator"],
                    kid["value"],
                    kid["unit"],
                ],
            )
            n += 1
    kids.set_column(0, 0, 40)
    kids.set_column(1, 2, 16)

    notes = book.add_worksheet("指标口径")
    notes.write_row(0, 0, ["指标代码", "指标", "口径", "分子表达式", "分母表达式"], head)
    for i, r in enumerate(computed, start=1):
        d = get_definition(r["indicator"])
        notes.write_row(i, 0, [d.id, d.name, d.definition, d.numerator, d.denominator or ""])
    notes.set_column(0, 1, 30)
    notes.set_column(2, 2, 80)
    notes.write(len(computed) + 2, 0, "状态口径：见报告正文“总体情况”。", bold)
    book.close()
