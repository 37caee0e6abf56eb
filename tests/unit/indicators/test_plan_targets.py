"""The plans' quantified targets: the shipped data against the seed documents, and the command."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from zhucan.cli import main as cli_main
from zhucan.cli import plan as plan_cli
from zhucan.core.errors import NotFound
from zhucan.indicators.targets import (
    CONTRACT_KEYS,
    PLANS_DIR,
    PlanFileError,
    get_plan,
    load_plan,
    load_plans,
    plan_targets,
)

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"

COUNTS = {
    "lishui-2021-2025": 46,
    "banan-2021-2025": 26,
    "jiaxing-2021-2025": 47,
    "shanxi-2021-2025": 6,
    "zhejiang-2023": 16,
}
SOURCES = {
    "lishui-2021-2025": ("000_a1e747283835999b.txt", "丽水市残疾人事业发展“十四五”规划"),
    "banan-2021-2025": ("001_263aaca7cdd2ddaa.txt", "巴南区“十四五”残疾人保障和发展规划"),
    "jiaxing-2021-2025": ("002_ce8763cea49ce9f3.txt", "嘉兴市残疾人事业发展“十四五”规划"),
    "zhejiang-2023": ("003_c80241af03315187.txt", "浙江省残联2023年工作要点"),
    "shanxi-2021-2025": ("004_4ba8473ec43f3d1e.txt", "山西省“十四五”残疾人保障和发展规划"),
}


def _row(plan: str, indicator: str) -> dict[str, Any]:
    rows = [r for r in plan_targets(plan) if r["indicator"] == indicator]
    assert len(rows) == 1, (plan, indicator)
    return rows[0]


def _seed(plan: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}; quote checks skipped")
    return (SEEDS / SOURCES[plan][0]).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the plans


def test_every_plan_is_shipped_in_contract_order() -> None:
    assert [p.plan for p in load_plans()] == list(COUNTS)


@pytest.mark.parametrize(("plan", "count"), COUNTS.items())
def test_count_of_targets_per_plan(plan: str, count: int) -> None:
    assert len(plan_targets(plan)) == count


def test_all_targets_is_the_plans_in_order() -> None:
    rows = plan_targets()
    assert len(rows) == sum(COUNTS.values())
    assert [r["plan"] for r in rows] == [p for p, n in COUNTS.items() for _ in range(n)]


@pytest.mark.parametrize("plan", COUNTS)
def test_plan_identity_matches_its_source(plan: str) -> None:
    p = get_plan(plan)
    assert p.source_file == SOURCES[plan][0]
    assert p.name == SOURCES[plan][1]
    expected_year = 2023 if plan == "zhejiang-2023" else 2025
    assert {t.year for t in p.targets} == {expected_year}


def test_document_numbers_and_issuers() -> None:
    assert get_plan("banan-2021-2025").document_number == "巴南府发〔2022〕35号"
    assert get_plan("shanxi-2021-2025").document_number == "晋政发〔2022〕9号"
    assert get_plan("zhejiang-2023").document_number == "浙残联发〔2023〕1号"
    assert get_plan("lishui-2021-2025").document_number is None
    assert get_plan("jiaxing-2021-2025").issuer == "嘉兴市人民政府"
    assert get_plan("banan-2021-2025").issuer == "重庆市巴南区人民政府"


def test_unknown_plan_is_not_found() -> None:
    with pytest.raises(NotFound, match="nope"):
        plan_targets("nope")


# --------------------------------------------------------------------------- spot checks
# (plan, indicator, name, unit, baseline, target, target_text, comparator, attribute)
# fmt: off
SPOT = [
    # 丽水 table
    ("lishui-2021-2025", "disabled_household_income_growth", "残疾人家庭人均可支配收入年均增速",
     "%", None, None, "与全市生产总值增长同步", None, "预期性"),
    ("lishui-2021-2025", "living_subsidy_coverage", "困难残疾人生活补贴覆盖率", "%", 99, 99,
     None, ">", "约束性"),
    ("lishui-2021-2025", "nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "%", 98, 99,
     None, ">", "约束性"),
    ("lishui-2021-2025", "disability_home_coverage", "“残疾人之家”覆盖率", "%", 68, 85, None,
     ">=", "约束性"),
    ("lishui-2021-2025", "pension_insurance_enrollment", "残疾人城乡居民基本养老保险参保率",
     "%", 99, 99, None, ">=", "预期性"),
    ("lishui-2021-2025", "employment_rate", "残疾人就业率", "%", 53, 60, None, ">=", "预期性"),
    ("lishui-2021-2025", "upper_secondary_education_ratio", "残疾学生接受高中阶段教育比例", "%",
     67, 85, None, ">=", "约束性"),
    ("lishui-2021-2025", "culture_sports_service_coverage", "残疾人文体服务覆盖率", "%", 86, 95,
     None, ">=", "预期性"),
    # 丽水 text
    ("lishui-2021-2025", "vocational_training_cumulative", "累计培训残疾人", "人次", None, 7500,
     None, ">=", None),
    ("lishui-2021-2025", "home_modification_households", "残疾人家庭无障碍改造", "户", None,
     1800, None, ">=", None),
    ("lishui-2021-2025", "accessible_scenic_areas", "无障碍景区", "个", None, 25, None, ">=",
     None),
    ("lishui-2021-2025", "disabled_cadre_ratio", "市级残联机关残疾人干部比例", "%", None, 15,
     None, ">=", None),
    ("lishui-2021-2025", "employer_quota_ratio", "在职职工总数1.5%的比例安排残疾人就业", "%",
     None, 1.5, None, ">=", None),
    # 巴南 table (no baseline column)
    ("banan-2021-2025", "disabled_household_income_growth", "残疾人家庭人均收入年均增长", "%",
     None, None, "与全区生产总值增长基本同步", None, "预期性"),
    ("banan-2021-2025", "vocational_training_persons", "城乡残疾人职业技能培训人数", "人", None,
     1300, None, ">=", "预期性"),
    ("banan-2021-2025", "dibao_inclusion_ratio", "符合条件的残疾人纳入最低生活保障比例", "%",
     None, 100, None, ">=", "约束性"),
    ("banan-2021-2025", "pension_insurance_enrollment", "残疾人城乡居民基本养老保险参保率", "%",
     None, 92, None, ">", "预期性"),
    ("banan-2021-2025", "medical_insurance_enrollment", "残疾人城乡居民基本医疗保险参保率", "%",
     None, 98, None, ">", "预期性"),
    ("banan-2021-2025", "compulsory_education_enrollment", "残疾儿童少年义务教育入学率", "%",
     None, 97, None, ">", "预期性"),
    ("banan-2021-2025", "severe_home_modification_coverage",
     "有需求符合改造条件的困难重度残疾人家庭无障碍改造覆盖率", "%", None, 100, None, ">=",
     "约束性"),
    # 巴南 text
    ("banan-2021-2025", "care_service_coverage", "有需求的残疾人托养照护服务覆盖率", "%", None,
     75, None, ">=", None),
    ("banan-2021-2025", "family_doctor_contract_rate", "持证残疾人获得家庭医生签约服务率", "%",
     None, 90, None, ">=", None),
    ("banan-2021-2025", "psychiatric_community_rehab_rate", "居家患者接受社区康复服务", "%",
     None, 60, None, ">=", None),
    ("banan-2021-2025", "disability_home_demo_sites", "“残疾人之家”示范点", "个", None, 5, None,
     ">=", None),
    # 嘉兴 table
    ("jiaxing-2021-2025", "disabled_household_income_growth", "残疾人家庭人均可支配收入年均增长",
     "%", None, None, "与全市生产总值增长同步", None, "预期性"),
    ("jiaxing-2021-2025", "nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "%", 99, 99,
     None, ">", "约束性"),
    ("jiaxing-2021-2025", "disability_home_coverage", "残疾人之家覆盖率", "%", 85, 100, None,
     ">=", "约束性"),
    ("jiaxing-2021-2025", "child_rehab_institution_coverage", "规范化残疾儿童康复机构覆盖率",
     "%", 40, 95, None, ">=", "约束性"),
    ("jiaxing-2021-2025", "employment_rate", "残疾人就业率", "%", 60, 68, None, ">=", "预期性"),
    ("jiaxing-2021-2025", "upper_secondary_education_ratio", "残疾学生接受高中阶段教育比例",
     "%", 89, 89, None, ">=", "约束性"),
    ("jiaxing-2021-2025", "culture_sports_service_coverage", "残疾人文体服务覆盖率", "%", 90, 95,
     None, ">=", "预期性"),
    # 嘉兴 text
    ("jiaxing-2021-2025", "petition_closure_rate", "信访办结率", "%", None, 95, None, ">=",
     None),
    ("jiaxing-2021-2025", "home_modification_households", "残疾人家庭无障碍改造", "户", None,
     2500, None, ">=", None),
    ("jiaxing-2021-2025", "vocational_training_annual", "每年培训残疾人", "人次", None, 1600,
     None, ">=", None),
    ("jiaxing-2021-2025", "accessible_film_beneficiaries", "惠及残疾人", "人次", None, 10000,
     None, ">=", None),
    ("jiaxing-2021-2025", "zero_employment_households", "零就业残疾人家庭", "户", None, 0,
     "动态清零", "=", None),
    ("jiaxing-2021-2025", "accessible_communities_provincial", "省级无障碍社区", "个", None, 65,
     None, ">=", None),
    # 浙江 2023
    ("zhejiang-2023", "stable_employment_new", "新增残疾人稳定就业", "人", None, 4000, None,
     ">=", None),
    ("zhejiang-2023", "flexible_employment_new", "灵活就业", "人", None, 6000, None, ">=", None),
    ("zhejiang-2023", "vocational_training", "培训残疾人", "人次", None, 20000, None, ">=",
     None),
    ("zhejiang-2023", "autism_child_rehab_aid", "孤独症儿童康复救助", "人", None, 4500, None,
     ">=", None),
    ("zhejiang-2023", "child_rehab_services", "有康复需求残疾儿童接受康复服务", "人", None,
     10000, None, ">=", None),
    ("zhejiang-2023", "basic_rehab_coverage", "基本康复服务覆盖率", "%", None, 95, None, ">=",
     None),
    ("zhejiang-2023", "assistive_device_services", "辅助器具适配服务", "人次", None, 30000, None,
     ">=", None),
    ("zhejiang-2023", "precise_rehab_service_rate", "精准康复服务率", "%", None, 85, None, ">=",
     None),
    ("zhejiang-2023", "public_venue_accessibility_modifications", "重要公共服务场所无障碍改造",
     "个", None, 1000, None, ">=", None),
    ("zhejiang-2023", "home_modification_households", "残疾人家庭无障碍改造", "户", None, 6000,
     None, ">=", None),
    ("zhejiang-2023", "culture_sports_service_coverage", "全省残疾人文体服务覆盖率", "%", None,
     93, None, ">=", None),
    # 山西 (all six)
    ("shanxi-2021-2025", "zero_employment_household_employment", "零就业残疾人家庭至少有一人就业",
     "人", None, 1, None, ">=", None),
    ("shanxi-2021-2025", "new_project_accessibility_rate", "新建项目无障碍设施建设率", "%", None,
     100, None, "=", None),
    ("shanxi-2021-2025", "home_modification_households", "困难重度残疾人家庭无障碍改造", "户",
     None, 20000, None, ">=", None),
    ("shanxi-2021-2025", "care_facility_coverage", "残疾人关爱服务设施省、市全覆盖", "%", None,
     100, "全覆盖", "=", None),
    ("shanxi-2021-2025", "city_rehab_or_care_facility",
     "每个设区市都有一处专业化残疾人康复设施或托养设施", "处", None, 1, None, ">=", None),
    ("shanxi-2021-2025", "village_association_coverage", "村(社区)残疾人协会", "%", None, 100,
     "全覆盖", "=", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("plan", "indicator", "name", "unit", "baseline", "target", "text", "comparator", "attribute"),
    SPOT,
    ids=[f"{s[0]}:{s[1]}" for s in SPOT],
)
def test_spot_check_against_the_plan(
    plan: str,
    indicator: str,
    name: str,
    unit: str,
    baseline: float | None,
    target: float | None,
    text: str | None,
    comparator: str | None,
    attribute: str | None,
) -> None:
    row = _row(plan, indicator)
    assert row["name"] == name
    assert row["unit"] == unit
    assert row["baseline"] == baseline
    assert row["baseline_year"] == (2020 if baseline is not None else None)
    assert row["target"] == target
    assert row["target_text"] == text
    assert row["comparator"] == comparator
    assert row["attribute"] == attribute


def test_spot_checks_cover_enough_of_each_plan() -> None:
    for plan, count in COUNTS.items():
        assert sum(1 for s in SPOT if s[0] == plan) >= min(8, count), plan


def test_table_rows_per_plan() -> None:
    """丽水 and 嘉兴 have 14 table rows with 2020 baselines, 巴南 11 without, the others none."""
    tables = {p: [r for r in plan_targets(p) if r["attribute"]] for p in COUNTS}
    assert {p: len(rows) for p, rows in tables.items()} == {
        "lishui-2021-2025": 14,
        "banan-2021-2025": 11,
        "jiaxing-2021-2025": 14,
        "shanxi-2021-2025": 0,
        "zhejiang-2023": 0,
    }
    for plan in ("lishui-2021-2025", "jiaxing-2021-2025"):
        # every row has a baseline except the income one, whose target is not a number
        assert sum(r["baseline"] is None for r in tables[plan]) == 1
        binding = [r["name"] for r in tables[plan] if r["attribute"] == "约束性"]
        assert len(binding) == 9
    assert all(r["baseline"] is None for r in tables["banan-2021-2025"])
    assert sum(r["attribute"] == "约束性" for r in tables["banan-2021-2025"]) == 6


# --------------------------------------------------------------------------- against the seeds


def _number_forms(n: float) -> list[str]:
    forms = [f"{n:g}" if isinstance(n, float) else str(n)]
    if isinstance(n, int) and n >= 10000 and n % 10000 == 0:
        forms.append(f"{n // 10000}万")
    forms += {1: ["一"], 2: ["两", "二"]}.get(int(n), []) if n == int(n) else []
    return forms


@pytest.mark.parametrize("plan", COUNTS)
def test_every_quote_occurs_in_its_seed(plan: str) -> None:
    seed = _seed(plan)
    assert SOURCES[plan][1] in seed
    for row in plan_targets(plan):
        quote = row["source_quote"]
        assert quote in seed, (row["indicator"], quote)
        if row["baseline"] is not None:
            assert str(row["baseline"]) in quote, row["indicator"]
        if row["target_text"] is not None:
            assert row["target_text"] in quote, row["indicator"]
        if row["target"] is not None:
            forms = _number_forms(row["target"])
            assert any(f in quote for f in forms) or row["target_text"], row["indicator"]
        if row["attribute"] is not None:
            # table rows: the name as the plan writes it, and its attribute, are in the row
            assert row["name"] in quote, row["indicator"]
            assert row["attribute"] in quote, row["indicator"]


@pytest.mark.parametrize("plan", COUNTS)
def test_every_section_heading_occurs_in_its_seed(plan: str) -> None:
    def squash(s: str) -> str:
        return re.sub(r"\s+", " ", s)

    seed = squash(_seed(plan))
    for row in plan_targets(plan):
        for part in row["source_section"].split(" / "):
            assert squash(part) in seed, (row["indicator"], part)


# --------------------------------------------------------------------------- the file format


def _write(tmp_path: Path, text: str, name: str = "demo-2025.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
plan: demo-2025
name: 示范规划
issuer: 示范残联
document_number: null
published: 2021-12-16
period_start: 2021
period_end: 2025
source_file: x.txt
targets:
  - indicator: basic_rehab_coverage
    name: 残疾人基本康复服务覆盖率
    unit: "%"
    baseline: 98
    baseline_year: 2020
    target: 99
    target_text: null
    comparator: ">="
    attribute: 约束性
    year: 2025
    source_section: 表1
    source_quote: 残疾人基本康复服务覆盖率
"""


def test_a_good_file_loads(tmp_path: Path) -> None:
    plan = load_plan(_write(tmp_path, GOOD))
    assert plan.published == "2021-12-16"
    assert plan.targets[0].as_contract()["target"] == 99
    assert [p.plan for p in load_plans(tmp_path)] == ["demo-2025"]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('comparator: ">="', 'comparator: "=>"', "comparator"),
        ("attribute: 约束性", "attribute: 必须", "attribute"),
        ("target: 99", "target: high", "target"),
        ("target: 99", "target: null", "target_text"),
        ("baseline_year: 2020", "baseline_year: null", "baseline_year"),
        ("indicator: basic_rehab_coverage", "indicator: BasicRehab", "snake_case"),
        ("    year: 2025\n", "    year: 2030\n", "period"),
        ('    unit: "%"\n', "", "missing keys"),
        ("    source_quote:", "    colour: red\n    source_quote:", "unknown keys"),
        ("plan: demo-2025", "plan: other-2025", "file name"),
    ],
)
def test_a_bad_file_is_refused_with_file_and_reason(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(PlanFileError) as info:
        load_plan(path)
    assert "demo-2025.yaml" in info.value.zh
    assert "demo-2025.yaml" in info.value.en
    assert reason in info.value.en


def test_duplicate_indicator_is_refused(tmp_path: Path) -> None:
    body = GOOD.split("targets:\n")[1]
    path = _write(tmp_path, GOOD + body)
    with pytest.raises(PlanFileError, match="重复"):
        load_plan(path)


def test_unreadable_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="无法读取"):
        load_plan(_write(tmp_path, "plan: [unclosed\n"))


def test_shipped_files_are_all_loaded() -> None:
    assert sorted(p.stem for p in PLANS_DIR.glob("*.yaml")) == sorted(COUNTS)


# --------------------------------------------------------------------------- the command

runner = CliRunner()


def _check_contract(rows: list[dict[str, Any]]) -> None:
    number = (int, float)
    for row in rows:
        assert list(row)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
        assert set(row) - set(CONTRACT_KEYS) <= {"source_section", "source_quote"}
        assert isinstance(row["plan"], str) and row["plan"] in COUNTS
        assert isinstance(row["indicator"], str) and re.fullmatch(r"[a-z0-9_]+", row["indicator"])
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["unit"], str) and row["unit"]
        assert row["baseline"] is None or isinstance(row["baseline"], number)
        assert row["baseline_year"] in (2020, None)
        assert row["target"] is None or isinstance(row["target"], number)
        assert row["target_text"] is None or isinstance(row["target_text"], str)
        assert row["target"] is not None or row["target_text"] is not None
        assert row["comparator"] in (">", ">=", "=", "<=", None)
        assert row["attribute"] in ("约束性", "预期性", None)
        assert row["year"] in (2023, 2025)
        for key in ("baseline", "target"):
            assert not isinstance(row[key], bool)


def test_json_output_is_the_contract() -> None:
    result = runner.invoke(plan_cli.app, ["targets", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert len(rows) == sum(COUNTS.values())
    _check_contract(rows)


def test_json_output_for_one_plan() -> None:
    result = runner.invoke(plan_cli.app, ["targets", "--plan", "zhejiang-2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["plan"] for r in rows} == {"zhejiang-2023"}
    assert len(rows) == COUNTS["zhejiang-2023"]
    assert {r["year"] for r in rows} == {2023}


def test_text_output_is_a_table() -> None:
    result = runner.invoke(plan_cli.app, ["targets", "--plan", "jiaxing-2021-2025"])
    assert result.exit_code == 0, result.output
    assert "嘉兴市残疾人事业发展“十四五”规划" in result.stdout
    assert "信访办结率" in result.stdout
    assert "≥2500户" in result.stdout
    assert "47 targets" in result.stdout


def test_unknown_plan_raises_not_found() -> None:
    result = runner.invoke(plan_cli.app, ["targets", "--plan", "nope", "--format", "json"])
    assert isinstance(result.exception, NotFound)
    assert result.stdout == ""


def test_unknown_plan_through_the_entry_point_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real entry point turns NotFound into one line on stderr and exit code 2."""
    root = typer.Typer(pretty_exceptions_enable=False)
    root.add_typer(plan_cli.app, name="plan")
    monkeypatch.setattr(cli_main, "app", root)
    monkeypatch.setattr(sys, "argv", ["zhucan", "plan", "targets", "--plan", "nope"])
    with pytest.raises(SystemExit) as info:
        cli_main.main()
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "nope" in lines[0]
