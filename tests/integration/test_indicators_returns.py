"""Statistical returns on the hand-built county: every table counted by hand."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sqlalchemy import Engine
from tests.integration.test_indicators_small import _world

from zhucan.indicators.returns import returns_tables, write_returns


def _cells(table, row: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = table.filter(table["行"] == row)
    return {c: found[c].item() for c in table.columns if c != "行"}


def test_returns_hand_counted(engine: Engine, tmp_path: Path) -> None:
    _world(engine)  # holders on 2024-12-31: #1, #2 (甲街道), #3 (乙镇), all 肢体 二级, 低保
    t = returns_tables(engine, "331102", 2024)
    assert _cells(t["类别×等级"], "肢体")["2级"] == 3
    assert _cells(t["类别×等级"], "合计")["合计"] == 3
    assert _cells(t["地区×类别"], "甲街道")["肢体"] == 2
    assert _cells(t["地区×类别"], "乙镇")["肢体"] == 1
    assert _cells(t["低保特困"], "甲街道")["低保"] == 2
    assert _cells(t["城乡×类别"], "农村")["合计"] == 3
    served = t["当年服务人数"]  # #1 康复 in March, #3 康复 in May and 辅助器具 in August
    assert _cells(served, "甲街道")["康复服务"] == 1
    assert _cells(served, "乙镇")["康复服务"] == 1 and _cells(served, "乙镇")["辅助器具适配"] == 1
    assert _cells(served, "合计")["合计"] == 3
    bands = _cells(t["年龄段×类别"], "合计")
    assert bands["合计"] == 3
    out = write_returns(engine, "331102", 2024, tmp_path / "r.xlsx")
    with zipfile.ZipFile(out) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        strings = book.read("xl/sharedStrings.xml").decode()
    assert names == list(t)
    assert all(f"<t>{h}</t>" in strings for h in ("行", "1级", "4级", "合计", "甲街道"))
