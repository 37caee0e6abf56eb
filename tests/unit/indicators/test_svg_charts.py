"""The report's SVG charts have round axes, units and legends that do not rely on colour."""

from __future__ import annotations

import re

from zhucan.indicators.svg import bar_chart, line_chart, ticks


def _labels(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def test_line_chart_axis_unit_and_legend() -> None:
    svg = line_chart(
        "残疾人就业率", ["2020", "2021", "2022"], {"实际值": [53.0, 55.5, 56.3],
                                                 "规划路径": [53.0, 55.0, 57.0]}, "%"
    )  # fmt: skip
    labels = _labels(svg)
    axis = [x for x in labels if x.isdigit() and len(x) == 2]
    assert axis == ["53", "54", "55", "56", "57"]
    assert "单位：%" in labels and "年末" in labels
    assert "实际值（实线）" in labels and "规划路径（虚线）" in labels
    assert svg.count('stroke-dasharray="5 4"') == 2  # the dashed path and its legend sample


def test_percent_axis_stays_within_0_100_and_counts_start_at_zero() -> None:
    assert ticks(0.0, 99.0, "%")[-1] == 100.0 and ticks(0.0, 99.0, "%")[0] == 0.0
    assert ticks(96.0, 99.9, "%")[-1] <= 100.0
    assert ticks(3.0, 82.0, "家")[0] == 0.0


def test_bar_chart_scale_line_and_marks() -> None:
    svg = bar_chart("覆盖率", [("莲都区", 80.0), ("青田县", 95.5)], 90.0, "%")
    labels = _labels(svg)
    assert {"0", "25", "50", "75", "100"} <= set(labels)
    assert "80 ▼" in labels and "95.5" in labels  # below the line: marked, not only red
    assert any("应达 90%" in x for x in labels)
