"""The registry commands end to end, as a caseworker runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factories import citizen_id
from zhucan.access import audit
from zhucan.access.scope import SYSTEM
from zhucan.registry import service
from zhucan.registry.regions import load_regions
from zhucan.registry.tables import person
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade

HEADER = [
    "姓名",
    "身份证号",
    "残疾证号",
    "残疾类别",
    "残疾等级",
    "发证日期",
    "户籍区划代码",
    "低保状态",
    "联系电话",
    "备注",
]


def zhucan(db_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line against ``db_url``."""
    env = {**os.environ, "ZHUCAN_DATABASE_URL": db_url, "ZHUCAN_ENVIRONMENT": "test"}
    return subprocess.run(
        [sys.executable, "-m", "zhucan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def write_csv(path: Path, rows: list[list[str]], encoding: str = "gb18030") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def sheet_rows() -> list[list[str]]:
    a = citizen_id(seq=11)
    b = citizen_id("331121", date(1985, 2, 3), seq=12)
    bad_check = citizen_id(seq=13)[:-1] + ("0" if citizen_id(seq=13)[-1] != "0" else "1")
    return [
        [
            "张三",
            a,
            a + "42",
            "肢体",
            "二级",
            "2020/3/5",
            "331102001001",
            "低保",
            "13812345678",
            "x",
        ],
        ["李四", b, b + "51", "智力残疾", "1级", "2021年1月2日", "331121", "", "", ""],
        ["王五", bad_check, bad_check + "11", "视力", "1", "20200101", "331102", "无", "", ""],
        [
            "赵六",
            citizen_id(seq=15),
            citizen_id(seq=15) + "32",
            "言语",
            "2",
            "2020-01-01",
            "331199000000",
            "特困",
            "",
            "",
        ],
        [
            "张三",
            a,
            a + "42",
            "肢体",
            "二级",
            "2020/3/5",
            "331102001001",
            "低保",
            "13812345678",
            "x",
        ],
    ]


@pytest.fixture
def ready_db(db_url: str) -> str:
    engine = make_engine(db_url)
    upgrade(engine)
    load_regions(engine, ["33"])
    engine.dispose()
    return db_url


def test_missing_schema_is_one_clear_line(db_url: str, tmp_path: Path) -> None:
    result = zhucan(db_url, "regions", "load", "--province", "33", cwd=tmp_path)
    assert result.returncode == 2
    assert "zhucan db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_import_accepts_and_rejects_exactly(ready_db: str, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "名册.csv", sheet_rows())
    first = zhucan(
        ready_db,
        "import",
        "persons",
        str(sheet),
        "--format",
        "json",
        "--report",
        str(tmp_path / "bad.xlsx"),
        cwd=tmp_path,
    )
    assert first.returncode == 1, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["read"], summary["created"], summary["updated"]) == (5, 2, 0)
    assert sorted({r["row"] for r in summary["rejected"]}) == [4, 5, 6]
    by_row: dict[int, dict[str, str]] = {}
    for r in summary["rejected"]:
        by_row.setdefault(r["row"], {})[r["column"]] = r["reason"]
    assert "校验位" in by_row[4]["身份证号"]
    assert set(by_row[5]) == {"户籍区划代码"}
    assert "第2行" in by_row[6]["身份证号"]
    assert summary["unknown_columns"] == ["备注"]
    assert (tmp_path / "bad.xlsx").stat().st_size > 0

    again = json.loads(
        zhucan(ready_db, "import", "persons", str(sheet), "--format", "json", cwd=tmp_path).stdout
    )
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)

    rows = sheet_rows()
    rows[0][7] = rows[4][7] = "无"  # 低保 ends
    changed = json.loads(
        zhucan(
            ready_db,
            "import",
            "persons",
            str(write_csv(tmp_path / "v2.csv", rows, "utf-8-sig")),
            "--format",
            "json",
            cwd=tmp_path,
        ).stdout
    )
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)

    verify = zhucan(ready_db, "audit", "verify", "--format", "json", cwd=tmp_path)
    assert json.loads(verify.stdout)["ok"] is True and json.loads(verify.stdout)["checked"] == 3


def test_unusable_file_imports_nothing(ready_db: str, tmp_path: Path) -> None:
    path = tmp_path / "缺列.csv"
    path.write_text("姓名,身份证号\n张三,110101199003071234\n", encoding="utf-8")
    result = zhucan(ready_db, "import", "persons", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "残疾证号" in result.stderr
    engine = make_engine(ready_db)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(person)).scalar_one() == 0


def test_dry_run_writes_nothing(ready_db: str, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "名册.csv", sheet_rows())
    result = zhucan(
        ready_db, "import", "persons", str(sheet), "--dry-run", "--format", "json", cwd=tmp_path
    )
    assert json.loads(result.stdout)["created"] == 2
    engine = make_engine(ready_db)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(person)).scalar_one() == 0


def test_crash_midway_leaves_nothing(
    ready_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(audit, "record", boom)
    engine = make_engine(ready_db)
    with pytest.raises(RuntimeError):
        service.import_persons(engine, write_csv(tmp_path / "a.csv", sheet_rows()), SYSTEM)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(person)).scalar_one() == 0


def test_export_is_masked_by_default(ready_db: str, tmp_path: Path) -> None:
    zhucan(
        ready_db,
        "import",
        "persons",
        str(write_csv(tmp_path / "a.csv", sheet_rows())),
        cwd=tmp_path,
    )
    out = tmp_path / "out.csv"
    result = zhucan(
        ready_db, "export", "persons", "--out", str(out), "--format", "csv", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "331102********" in text and citizen_id(seq=11) not in text
    assert "138****5678" in text
    counts = json.loads(
        zhucan(
            ready_db, "person", "counts", "--region", "3311", "--format", "json", cwd=tmp_path
        ).stdout
    )
    assert counts["total"] == 2
    assert {r["code"]: r["count"] for r in counts["by_region"]} == {
        "331102000000": 1,
        "331121000000": 1,
    }
