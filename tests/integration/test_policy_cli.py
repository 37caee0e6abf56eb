"""``zhucan policy …`` end to end: output, JSON and exit codes, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import typer
from python_calamine import CalamineWorkbook
from sqlalchemy import Engine
from typer.testing import CliRunner

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.cli import policy
from zhucan.core.errors import ZhucanError
from zhucan.policy import loader
from zhucan.registry.regions import load_regions
from zhucan.registry.service import villages_of
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import fact
from zhucan.registry.write import Provenance, write_people
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.engine import get_engine
from zhucan.synth.population import generate

REFORM = "chongqing.banan.nursing_subsidy_reform"
INJURY = "工伤保险生活护理费"
root = typer.Typer()
root.add_typer(policy.app, name="policy")


def run(*args: str) -> tuple[int, str]:
    """Run ``zhucan policy …``; a ZhucanError exits 2 as in ``zhucan.cli.main``."""
    result = CliRunner().invoke(root, ["policy", *args])
    if isinstance(result.exception, ZhucanError):
        return 2, result.exception.zh
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


@pytest.fixture
def configured(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The test database as the configured one."""
    monkeypatch.setenv("ZHUCAN_DATABASE_URL", db_url)
    get_engine.cache_clear()
    yield engine
    get_engine.cache_clear()


# ----------------------------------------------------------------------------- list, test


def test_list_shows_documents_versions_and_example_parameters() -> None:
    code, text = run("list", "--format", "json")
    assert code == 0
    docs = {d["id"]: d for d in json.loads(text)}
    assert docs[REFORM]["status"] == "reform"
    assert docs[REFORM]["jurisdiction"] == "500113"
    assert docs[REFORM]["example_parameters"] == ["grade34_standard"]
    assert docs["national.living_subsidy"]["example_parameters"] == ["living_standard"]
    assert docs["chongqing.nursing_subsidy"]["example_parameters"] == []
    assert docs["national.employment_levy"]["versions"][0]["effective_to"] == "2023-01-01"
    code, text = run("list")
    assert code == 0 and "【改革方案】" in text and "示例参数" in text


def test_test_passes_on_shipped_documents() -> None:
    code, text = run("test", "--format", "json")
    data = json.loads(text)
    assert code == 0
    assert data["failures"] == [] and data["tests"] == data["passed"] > 100


def test_test_lists_failures_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = loader.POLICY_DIR / "chongqing" / "nursing_subsidy.yaml"
    broken = tmp_path / "nursing_subsidy.yaml"
    text = source.read_text(encoding="utf-8")
    wrong = text.replace('amount: "110.00"}', 'amount: "111.00"}', 1)
    broken.write_text(wrong, encoding="utf-8")
    monkeypatch.setattr(loader, "POLICY_DIR", tmp_path)
    code, out = run("test", "--format", "json")
    assert code == 1
    [failure] = json.loads(out)["failures"]
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(lines, 1) if "一级残疾人：110元" in s)
    assert failure["file"] == str(broken) and failure["line"] == line
    assert "111.00" in failure["reason"]
    code, out = run("test")
    assert code == 1 and f"{broken}:{line}" in out.replace("\n", "")


# ----------------------------------------------------------------------------- eval


def _person(cid: str, region: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "测试",
        "citizen_id": cid,
        "hukou_region": region,
        "certificate_issued": "2019-03-01",
        **extra,
    }


EVAL_CASES = [
    # (region, extra fields, (jurisdiction, living amount or None), (…, nursing amount or None))
    # 2024-06-01: Zhejiang 低保 standard 1080 (莲都区), 1200 (嘉兴), 1120 (省), × 0.3; nursing
    # tiers 300/200/100 × 1.5 in an institution; Chongqing 100 and 110; Shanxi 505 × 0.22 =
    # 111.10, × 0.5 for grade 3–4 intellectual/mental = 55.55 (round_yuan keeps the fen).
    (
        "110101001001",
        {"category": 4, "grade": 2, "assistance": "低保", "needs_long_term_care": "是"},
        ("national", 80.0),
        ("national", 100.0),
    ),
    (
        "110101001001",
        {"category": 4, "grade": 3, "assistance": "无"},
        ("national", None),
        ("national", None),
    ),
    (
        "331102001001",
        {
            "category": 4,
            "grade": 1,
            "assistance": "低保",
            "needs_long_term_care": "是",
            "self_care": "partial",
            "institutional_care": "是",
        },
        ("zhejiang", 324.0),
        ("zhejiang", 300.0),
    ),
    (
        "330402001001",
        {"category": 5, "grade": 3, "assistance": "低保边缘", "needs_long_term_care": "是"},
        ("zhejiang", 360.0),
        ("zhejiang", 100.0),
    ),
    (
        "330102001001",
        {
            "category": 1,
            "grade": 2,
            "household_income_per_head": "1600",
            "needs_long_term_care": "是",
            "other_benefits": [INJURY],
        },
        ("zhejiang", 336.0),
        ("zhejiang", None),
    ),
    (
        "500113001001",
        {"category": 4, "grade": 1, "assistance": "低保", "needs_long_term_care": "是"},
        ("chongqing", 100.0),
        ("chongqing", 110.0),
    ),
    (
        "500113001001",
        {"category": 5, "grade": 3, "needs_long_term_care": "是"},
        ("chongqing", None),
        ("chongqing", None),
    ),
    (
        "140105001001",
        {"category": 4, "grade": 1, "assistance": "低保", "needs_long_term_care": "是"},
        ("shanxi", 111.1),
        ("shanxi", 111.1),
    ),
    (
        "140105001001",
        {"category": 6, "grade": 4, "needs_long_term_care": "是", "similar_allowance": "55"},
        ("shanxi", None),
        ("shanxi", 55.55),
    ),
]


def test_eval_every_jurisdiction_with_hand_checked_amounts(tmp_path: Path) -> None:
    people = [
        _person(citizen_id(region[:6], date(1970, 1, 1), seq=i + 1), region, **extra)
        for i, (region, extra, _, _) in enumerate(EVAL_CASES)
    ]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    code, text = run("eval", "--input", str(path), "--as-of", "2024-06-01", "--format", "json")
    assert code == 0
    result = json.loads(text)
    assert [r["citizen_id"] for r in result] == [p["citizen_id"] for p in people]
    for r, (region, _, *expected) in zip(result, EVAL_CASES, strict=True):
        for program, (where, amount) in zip(
            ("living_subsidy", "nursing_subsidy"), expected, strict=True
        ):
            got = r["programs"][program]
            assert set(got) == {"eligible", "amount", "policy", "version", "reasons"}
            assert got["policy"] == f"{where}.{program}", (region, got)
            assert got["eligible"] is (amount is not None), (region, program, got)
            assert got["amount"] == (amount or 0.0), (region, program, got)
            assert got["reasons"]


def test_eval_gives_an_error_entry_for_a_bad_person(tmp_path: Path) -> None:
    good = _person(citizen_id("500113"), "500113001001", category=4, grade=1)
    bad_id = citizen_id("500113", seq=2)[:17] + "0"
    bad = _person(bad_id, "500113001001", category=9, grade=1)
    path = tmp_path / "people.json"
    path.write_text(json.dumps([bad, good], ensure_ascii=False), encoding="utf-8")
    code, text = run("eval", "--input", str(path), "--as-of", "2024-06-01", "--format", "json")
    assert code == 1
    first, second = json.loads(text)
    assert first["citizen_id"] == bad_id and first["programs"] == {}
    fields = [e["field"] for e in first["errors"]]
    assert "citizen_id" in fields and "category" in fields
    assert all(set(e) == {"field", "value", "reason"} for e in first["errors"])
    assert "errors" not in second and second["programs"]["nursing_subsidy"]["eligible"] is False


def test_eval_rejects_an_unusable_file(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_text('{"not": "a list"}', encoding="utf-8")
    code, text = run("eval", "--input", str(path), "--as-of", "2024-06-01", "--format", "json")
    assert code == 2 and "JSON" in text
    code, _ = run("eval", "--input", str(tmp_path / "none.json"), "--as-of", "2024-06-01")
    assert code == 2


# ----------------------------------------------------------------------------- explain


def test_explain_a_registered_person(configured: Engine) -> None:
    cid = citizen_id("331102", date(1960, 5, 17), seq=11)
    other = citizen_id("331102", date(1961, 5, 17), seq=13)
    frame = person_frame(
        person_row(citizen_id=cid, grade=1, assistance="dibao"),
        person_row(citizen_id=other, grade=3, assistance="none", needs_long_term_care=False),
    )
    with configured.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("test", "t", datetime(2024, 1, 1)))
    args = ("explain", "--program", "living_subsidy", "--as-of", "2024-06-01")
    code, text = run(*args, "--person", cid, "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert data["eligible"] is True and data["amount"] == 324.0
    assert data["policy"] == "zhejiang.living_subsidy"
    assert data["citizen_id_masked"] == cid[:6] + "********" + cid[-4:]
    assert [p["name"] for p in data["parameters"] if p["example"]] == ["dibao_standard"]
    assert any("1080" in line for line in data["lines"])
    code, text = run(*args, "--person", other)
    assert code == 0
    assert "不符合：低保或低保边缘家庭" in text and "结论：不符合条件，金额 0.00 元/月" in text
    code, _ = run(*args, "--person", citizen_id("331102", seq=99))
    assert code == 2
    code, _ = run("explain", "--program", "nope", "--as-of", "2024-06-01", "--person", cid)
    assert code == 2


# ----------------------------------------------------------------------------- simulate


def _banan_population(engine: Engine, n: int, as_of: date) -> None:
    """Synthetic 巴南区 people, half needing long-term care, some with overlapping benefits."""
    load_regions(engine, ["50"])
    frame = generate(villages_of(engine, "500113"), n, 5, as_of)
    rng = np.random.default_rng(5)
    frame = frame.with_columns(pl.Series("needs_long_term_care", rng.random(n) < 0.5))
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("test", "t", datetime(2025, 1, 1)))
    picks = rng.choice(np.arange(1, n + 1), size=n // 5, replace=False).tolist()
    rows = [
        (pid, "other_benefit", INJURY) if i % 2 else (pid, "similar_allowance", ["49.99", "50"][i % 4 // 2])  # noqa: E501
        for i, pid in enumerate(picks)
    ]  # fmt: skip
    facts = pl.DataFrame(rows, schema=["person_id", "kind", "value"], orient="row").with_columns(
        pl.int_range(10_000_000, 10_000_000 + len(rows)).alias("id"),
        pl.lit(date(2024, 1, 1)).alias("valid_from"),
        pl.lit(None, pl.Date).alias("valid_to"),
        pl.lit("test").alias("source"),
        pl.lit("t").alias("recorded_by"),
        pl.lit(datetime(2025, 1, 1)).alias("recorded_at"),
        pl.lit(None, pl.Datetime("us")).alias("retracted_at"),
    )
    with engine.begin() as conn:
        bulk_insert(conn, fact, facts)


def test_simulate_prices_the_banan_reform(configured: Engine, tmp_path: Path) -> None:
    as_of = date(2025, 6, 1)
    _banan_population(configured, 3000, as_of)
    snap = snapshot(configured, as_of, SYSTEM, region="500113")
    expected = snap.filter(
        pl.col("category").is_in([5, 6])
        & pl.col("grade").is_in([3, 4])
        & pl.col("certificate_valid")
        & pl.col("alive")
        & pl.col("needs_long_term_care")
        & ~pl.col("other_benefits").list.contains(INJURY)
        & (pl.col("similar_allowance").is_null() | (pl.col("similar_allowance") < 50))
    )
    assert expected.height > 20
    out = tmp_path / "sim.xlsx"
    args = ("simulate", "--reform", REFORM, "--region", "500113", "--as-of", as_of.isoformat())
    code, text = run(*args, "--limit", "5000", "--out", str(out), "--format", "json")
    assert code == 0
    data = json.loads(text)
    totals = data["totals"]
    gained = {g["person_id"] for g in data["gainers"]}
    assert gained == set(expected.get_column("person_id").to_list())
    assert all(g["before"] == 0 and g["after"] == 50 for g in data["gainers"])
    assert totals["gainers"] == expected.height and totals["losers"] == 0 and data["losers"] == []
    assert totals["monthly_cost"] == sum(g["after"] for g in data["gainers"]) == 50 * len(gained)
    assert totals["yearly_cost"] == 12 * totals["monthly_cost"]
    assert totals["people"] == snap.height
    assert totals["eligible_after"] - totals["eligible_before"] == len(gained)
    towns = data["towns"]
    assert all(len(t["town"]) == 9 and t["town"].startswith("500113") for t in towns)
    assert sum(t["monthly_cost"] for t in towns) == totals["monthly_cost"]
    assert sum(t["gainers"] for t in towns) == totals["gainers"]
    assert all(t["name"] for t in towns)
    assert data["example_parameters"] == ["grade34_standard"]
    sheets = CalamineWorkbook.from_path(str(out)).sheet_names
    assert sheets == ["按乡镇", "受益人员", "受损人员"]
    code, text = run(*args, "--limit", "2")
    assert code == 0 and "合计" in text and "列出前 2 人" in text
    code, text = run(*args, "--limit", "2", "--format", "json")
    assert len(json.loads(text)["gainers"]) == 2


def test_simulate_refuses_what_is_not_a_reform(configured: Engine, tmp_path: Path) -> None:
    load_regions(configured, ["50"])
    base = ("--region", "500113", "--as-of", "2025-06-01")
    assert run("simulate", "--reform", "chongqing.nursing_subsidy", *base)[0] == 2
    assert run("simulate", "--reform", "no.such.reform", *base)[0] == 2
    early = ("--region", "500113", "--as-of", "2024-06-01")
    code, text = run("simulate", "--reform", REFORM, *early)
    assert code == 2 and "没有生效的版本" in text
    copy = tmp_path / "reform.yaml"
    shutil.copy(loader.POLICY_DIR / "chongqing" / "banan_nursing_subsidy_reform.yaml", copy)
    code, text = run("simulate", "--reform", str(copy), *base, "--format", "json")
    assert code == 0 and json.loads(text)["totals"]["people"] == 0
