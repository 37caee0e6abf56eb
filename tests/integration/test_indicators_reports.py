"""The evaluation report renders as HTML, PDF and xlsx; the statistical return as xlsx."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM
from zhucan.indicators.reports import write_evaluation_report
from zhucan.indicators.returns import returns_tables, write_returns
from zhucan.registry.regions import load_regions
from zhucan.registry.service import generate_population
from zhucan.synth.facilities import generate_facilities
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
    return engine


def test_evaluation_html_and_xlsx(lishui: Engine, tmp_path: Path) -> None:
    html = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.html")
    text = html.read_text(encoding="utf-8")
    assert "中期评估报告" in text and "<svg" in text and "<script" not in text
    assert "残疾人基本康复服务覆盖率" in text and "约束性" in text
    book = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.xlsx")
    names = zipfile.ZipFile(book).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_evaluation_pdf(lishui: Engine, tmp_path: Path) -> None:
    pdf = write_evaluation_report(lishui, "lishui-2021-2025", 2023, None, tmp_path / "r.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"NotoS" in data


def test_returns_totals_agree(lishui: Engine, tmp_path: Path) -> None:
    tables = returns_tables(lishui, "3311", 2023)
    totals = {name: t.filter(t["行"] == "合计")["合计"].item() for name, t in tables.items()}
    assert totals["类别×等级"] == totals["地区×类别"] == totals["城乡×类别"] > 0
    assert write_returns(lishui, "3311", 2023, tmp_path / "ret.xlsx").stat().st_size > 0
