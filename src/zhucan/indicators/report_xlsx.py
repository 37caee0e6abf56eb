"""The evaluation report as a workbook: tables a 残工委 submits, with native Excel charts."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from zhucan.indicators import trajectory as tr
from zhucan.indicators.definitions import get_definition
from zhucan.indicators.report_data import Evaluation
from zhucan.indicators.report_html import paths, target_text, title_of, unmonitored_reason

_HEAD = ["序号", "指标", "属性", "基期值", "目标", "现值", "应达值", "预计期末值", "状态", "单位"]


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every printed page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_footer("&C第 &P 页 共 &N 页")


def write_xlsx(e: Evaluation, out: Path) -> None:
    """Write the report's workbook to ``out``."""
    book = xlsxwriter.Workbook(str(out))
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "align": "center"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    num = book.add_format({"border": 1, "num_format": "0.00", "valign": "vcenter"})
    count = book.add_format({"border": 1, "num_format": "0", "valign": "vcenter"})
    title = book.add_format({"bold": True, "font_size": 14})
    computed = [r for r in e.progress if r.get("status") is not None]

    sheet = book.add_worksheet("完成情况")
    sheet.write(0, 0, title_of(e), title)
    sheet.write(1, 0, f"{e.region_name}（{e.region}） 统计截止日期 {e.as_of.isoformat()}")
    sheet.write_row(3, 0, _HEAD, head)
    for i, r in enumerate(computed, start=1):
        sheet.write_row(3 + i, 0, [i, r["name"], r["attribute"] or "—"], cell)
        sheet.write(3 + i, 3, r.get("start_value"), num)
        sheet.write(3 + i, 4, target_text(r), cell)
        for col, key in ((5, "actual"), (6, "expected"), (7, "projected")):
            sheet.write(3 + i, col, r[key], num)
        sheet.write_row(3 + i, 8, [tr.STATUS_ZH[r["status"]], r["unit"]], cell)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 9, 11)
    sheet.freeze_panes(4, 2)
    _print_setup(sheet, 3)

    data = book.add_worksheet("指标走势")
    data.write(0, 0, "指标", head)
    data.write(0, 1, "系列", head)
    data.write_row(0, 2, [int(y) for y in e.years], head)
    chart_sheet = book.add_worksheet("走势图")
    for i, r in enumerate(computed):
        row = 1 + 2 * i
        data.write_row(row, 0, [r["name"], "实际值"], cell)
        data.write_row(row, 2, e.series[r["indicator"]], num)
        data.write_row(row + 1, 0, [r["name"], "规划路径"], cell)
        data.write_row(row + 1, 2, paths(e, r), num)
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
        chart.set_y_axis({"name": f"单位：{r['unit']}", "num_format": "0.##"})
        chart.set_x_axis({"name": "年末"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 520, "height": 260})
        chart_sheet.insert_chart(1 + (i // 2) * 14, 1 + (i % 2) * 9, chart)
    data.set_column(0, 0, 40)
    data.set_column(1, 1, 10)
    data.set_column(2, 1 + len(e.years), 10)
    data.freeze_panes(1, 2)
    _print_setup(data, 0)

    kids = book.add_worksheet("下级地区")
    kids.write_row(0, 0, ["指标", "地区代码", "地区", "分子", "分母", "值", "单位"], head)
    n = 1
    for r in computed:
        for kid in e.children.get(r["indicator"], []):
            kids.write_row(
                n,
                0,
                [r["name"], kid["region"], kid["region_name"]],
                cell,
            )
            kids.write_row(n, 3, [kid["numerator"], kid["denominator"]], count)
            kids.write(n, 5, kid["value"], num)
            kids.write(n, 6, kid["unit"], cell)
            n += 1
    kids.set_column(0, 0, 40)
    kids.set_column(1, 2, 16)
    kids.set_column(3, 6, 10)
    kids.freeze_panes(1, 0)
    _print_setup(kids, 0)

    others = book.add_worksheet("未纳入监测")
    others.write_row(0, 0, ["指标", "目标", "属性", "说明"], head)
    rest = [r for r in e.progress if r.get("status") is None]
    for i, r in enumerate(rest, start=1):
        why = unmonitored_reason(r)
        others.write_row(i, 0, [r["name"], target_text(r), r["attribute"] or "—", why], cell)
    others.set_column(0, 0, 44)
    others.set_column(1, 2, 14)
    others.set_column(3, 3, 44)
    _print_setup(others, 0)

    notes = book.add_worksheet("指标口径")
    notes.write_row(
        0, 0, ["指标代码", "指标", "口径", "分子表达式", "分母表达式", "口径英文", "规划出处"], head
    )
    for i, r in enumerate(computed, start=1):
        d = get_definition(r["indicator"])
        texts = [d.id, d.name, d.definition, d.numerator, d.denominator or ""]
        notes.write_row(i, 0, [*texts, d.definition_en, d.source], cell)
    notes.set_column(0, 1, 30)
    notes.set_column(2, 2, 80)
    notes.set_column(3, 4, 36)
    notes.set_column(5, 6, 50)
    _print_setup(notes, 0)
    notes.write(len(computed) + 2, 0, "状态口径：见报告正文“总体情况”。", bold)
    book.close()
