"""Reform pricing without a database: gainers, losers, cost by town, text and xlsx."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from zhucan.core.errors import InvalidValue
from zhucan.policy.doctests import default_person, facts_frame
from zhucan.policy.loader import POLICY_DIR, load_policies
from zhucan.policy.simulate import reform_set, simulate_snapshot, table_lines, write_xlsx

REFORM = "chongqing.banan.nursing_subsidy_reform"
AS_OF = date(2025, 6, 1)


def person(region: str, category: int, grade: int, **extra: Any) -> dict[str, Any]:
    return {
        **default_person(AS_OF),
        "name": "张三丰",
        "citizen_id_masked": "500113********0011",
        "hukou_region": region,
        "category": category,
        "grade": grade,
        "needs_long_term_care": True,
        **extra,
    }


PEOPLE = [
    person("500113001001", 5, 3),  # gains 50
    person("500113001002", 6, 4),  # gains 50
    person("500113002001", 5, 4),  # gains 50 (another town)
    person("500113002001", 4, 3),  # physical grade 3: no
    person("500113002001", 5, 3, needs_long_term_care=False),  # no care need
    person("500113002001", 5, 3, similar_allowance=Decimal("60")),  # keeps the higher allowance
    person("500113001001", 4, 1),  # 110 before and after
    person("500103001001", 5, 3),  # 渝中区: outside the reform
]


def test_gainers_and_cost_by_town() -> None:
    sim = simulate_snapshot(load_policies(), REFORM, facts_frame(PEOPLE), AS_OF, "500113")
    assert [g["person_id"] for g in sim.gainers] == [1, 2, 3]
    assert sim.gainers[0]["name_masked"] == "张*丰"
    assert sim.totals == {
        "people": 8,
        "eligible_before": 1,
        "eligible_after": 4,
        "gainers": 3,
        "losers": 0,
        "monthly_before": 110.0,
        "monthly_after": 260.0,
        "monthly_cost": 150.0,
        "yearly_cost": 1800.0,
    }
    by_town = {t["town"]: (t["gainers"], t["monthly_cost"]) for t in sim.towns}
    assert by_town == {"500113001": (2, 100.0), "500113002": (1, 50.0), "500103001": (0, 0.0)}
    lines = table_lines(sim)
    assert lines[-2].startswith("合计") and "1,800.00" in lines[-2]
    assert "grade34_standard" in lines[-1]


def test_limit_and_losers_from_a_reform_file(tmp_path: Path) -> None:
    text = (POLICY_DIR / "chongqing" / "banan_nursing_subsidy_reform.yaml").read_text("utf-8")
    cut = tmp_path / "cut.yaml"
    cut.write_text(text.replace("value: 110}", "value: 90}"), encoding="utf-8")
    sim = simulate_snapshot(load_policies(), str(cut), facts_frame(PEOPLE), AS_OF, limit=1)
    assert sim.totals["gainers"] == 3 and len(sim.gainers) == 1
    assert sim.totals["losers"] == 1
    assert sim.losers == [
        {
            "person_id": 7,
            "citizen_id_masked": "500113********0011",
            "name_masked": "张*丰",
            "town": "500113001",
            "category": 4,
            "grade": 1,
            "before": 110.0,
            "after": 90.0,
            "change": -20.0,
        }
    ]
    assert sim.totals["monthly_cost"] == 150.0 - 20.0
    out = tmp_path / "sim.xlsx"
    write_xlsx(sim, out)
    book = CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name("按乡镇").to_python()
    assert rows[0][:2] == ["town", "name"] and rows[-1][0] == "合计"


def test_reform_set_refuses_what_is_not_a_reform(tmp_path: Path) -> None:
    policies = load_policies()
    with pytest.raises(InvalidValue, match="不是改革方案"):
        reform_set(policies, "chongqing.nursing_subsidy")
    with pytest.raises(InvalidValue, match="找不到改革方案"):
        reform_set(policies, "nope")
    with_reform, doc = reform_set(policies, REFORM)
    assert with_reform is policies and doc.id == REFORM
    with pytest.raises(InvalidValue, match="没有生效的版本"):
        simulate_snapshot(policies, REFORM, facts_frame(PEOPLE), date(2024, 6, 1))
