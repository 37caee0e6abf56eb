"""The evaluation report renders as HTML, PDF and xlsx; the statistical return as xlsx."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM
from zhucan.indicators.reports import write_evaluation_report
from zhucan.indicators.returns import returns_tables, write_returns
from zhucan.indicators.service import compute_indicators
from zhucan.registry.regions import load_regions
from zhucan.registry.service import generate_population
from zhucan.synth.facilities import generate_facilities
from zhucan.synth.programs import generate_programs
from zhucan.synth.support import generate_support


@pytest.fixture
def lishui(tmp_path: Path) -> Engine:
    from zhucan.storage.engine import make_engine
    from zhucan.storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    upgrade(engine)
    load_regions(engine, ["33"])
    generate_population(engine, "3311", 1500, 3, date(2021, 1, 1), SYSTEM)
    generate_facilities(engine, "3311", date(2023, 12, 31), seed=3)
    generate_support(engine, "3311", date(2023, 12, 31), seed=3)
    generate_programs(engine, "331100000000", date(2023, 12, 31), seed=3)
    return engine


def test_synthetic_programs_are_counted(lishui: Engine) -> None:
    rows = {
        r["indicator"]: r
        for r in compute_indicators(lishui, "3311", date(2023, 12, 31))
        if r["region"] == "331100000000"
    }
    for indicator in ("living_subsidy_coverage", "nursing_subsidy_coverage"):
        assert rows[indicator]["denominator"] > 0 and 90 <= rows[indicator]["value"] <= 100
    assert rows["petition_closure_rate"]["denominator"] > 0
    assert rows["graduate_employment_rate"]["denominator"] > 0


def test_evaluation_html_and_xlsx(lishui: Engine, tmp_path: Path) -> None:
    html = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.html")
    text = html.read_text(encoding="utf-8")
    assert "中期评估报告" in text and "<svg" in text and "<script" not in text
    assert "残疾人基本康复服务覆盖率" in text and "约束性" in text
    book = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.xlsx")
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        sheets = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        charts = [z.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
        strings = z.read("xl/sharedStrings.xml").decode()
    assert sheets == ["完成情况", "指标走势", "走势图", "下级地区", "未纳入监测", "指标口径"]
    assert charts and all("指标走势!$C$" in c for c in charts)  # every chart has its data
    assert strings.count("实际值") >= 1 and "规划出处" in strings


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_evaluation_pdf(lishui: Engine, tmp_path: Path) -> None:
    pdf = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"NotoS" in data
    if shutil.which("pdftotext") is None:
        return
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert 8 <= pages <= 40
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "丽水市残疾人事业发展", "中期评估报告（2023年）", "一、总体情况", "二、主要指标完成情况",
        "困难残疾人生活补贴覆盖率", "重度残疾人护理补贴覆盖率",
        "五、未纳入系统监测的目标", "附：指标口径", "第 1 页", f"共 {pages} 页", "单位：%",
    ):  # fmt: skip
        assert words in text, words
    # the running head is on every page but the first
    assert text.count("截至 2023-12-31") == pages - 1
    assert "\ufffd" not in text and "□" not in text  # every glyph has its character


def test_returns_totals_agree(lishui: Engine, tmp_path: Path) -> None:
    tables = returns_tables(lishui, "3311", 2023)
    totals = {name: t.filter(t["行"] == "合计")["合计"].item() for name, t in tables.items()}
    assert totals["类别×等级"] == totals["地区×类别"] == totals["城乡×类别"] > 0
    assert write_returns(lishui, "3311", 2023, tmp_path / "ret.xlsx").stat().st_size > 0
