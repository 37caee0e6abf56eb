"""The messy import sheet: every row it calls bad has its fault, every other row is valid."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from zhucan.core.certificate_no import CertificateNo
from zhucan.core.citizen_id import CitizenId
from zhucan.core.dates import parse_date
from zhucan.core.disability import parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.synth import messy
from zhucan.synth.messy import FAULTS, HEADERS, MessyKey, write_messy_sheet

AS_OF = date(2025, 6, 30)


def read_rows(path: Path) -> list[list[Any]]:
    """Every row of the first sheet as Python values ("" for empty cells)."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def faults_of(
    cells: dict[str, Any], known_regions: set[str], earlier: set[tuple[Any, ...]]
) -> set[str]:
    """The faults a careful importer finds in one row (by header)."""
    found: set[str] = set()
    if cells["姓名"] == "":
        found.add(messy.EMPTY_NAME)
    raw_id = cells["身份证号"]
    cid: CitizenId | None = None
    if isinstance(raw_id, float):
        found.add(messy.FLOAT_CITIZEN_ID)
    else:
        try:
            cid = CitizenId.parse(raw_id)
        except InvalidValue as e:
            assert "校验位" in e.zh, e.zh
            found.add(messy.BAD_CHECK_DIGIT)
    cert = CertificateNo.parse(cells["残疾证号"])
    if cid is not None and cert.citizen_id != cid.value:
        found.add(messy.BAD_CHECK_DIGIT)
    category, grade = parse_category(cells["残疾类别"]), parse_grade(cells["残疾等级"])
    if (cert.category, cert.grade) != (category, grade):
        found.add(messy.CERTIFICATE_MISMATCH)
    if normalize_region_code(cells["户籍区划代码"]) not in known_regions:
        found.add(messy.UNKNOWN_REGION)
    assert normalize_region_code(cells["居住区划代码"]) in known_regions
    parse_date(cells["发证日期"])
    if cells["有效期至"] != "":
        parse_date(cells["有效期至"])
    if cells["死亡日期"] != "" and parse_date(cells["死亡日期"]) < cert_birth(cert):
        found.add(messy.DEATH_BEFORE_BIRTH)
    if cells["户主身份证号"] != "":
        CitizenId.parse(cells["户主身份证号"])
    content = tuple(cells.values())
    if content in earlier:
        found.add(messy.DUPLICATE_ROW)
    earlier.add(content)
    return found


def cert_birth(cert: CertificateNo) -> date:
    """The birth date in a certificate number's citizen ID."""
    return CitizenId(cert.citizen_id).birth_date


@pytest.fixture(scope="module")
def small(people: pl.DataFrame) -> pl.DataFrame:
    """The first 1,400 synthetic people."""
    return people.head(1_400)


@pytest.fixture(scope="module")
def sheet(small: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MessyKey]:
    """A messy sheet of the small frame and its key."""
    path = tmp_path_factory.mktemp("messy") / "people.xlsx"
    return path, write_messy_sheet(small, path, seed=11, error_rate=0.1)


def test_key_counts(small: pl.DataFrame, sheet: tuple[Path, MessyKey]) -> None:
    path, key = sheet
    rows = read_rows(path)
    assert rows[0] == list(HEADERS)
    assert key.rows == len(rows) - 1
    kinds = Counter(key.bad_rows.values())
    assert key.rows == small.height + kinds[messy.DUPLICATE_ROW]
    assert len(key.bad_rows) == round(0.1 * small.height)
    assert set(kinds) == set(FAULTS)
    assert min(key.bad_rows) >= 2 and max(key.bad_rows) <= key.rows + 1
    assert key.good_rows == key.rows - len(key.bad_rows)


def test_bad_rows_have_their_fault_and_others_none(
    villages: pl.DataFrame, sheet: tuple[Path, MessyKey]
) -> None:
    path, key = sheet
    rows = read_rows(path)
    known = set(villages["code"])
    earlier: set[tuple[Any, ...]] = set()
    for number, values in enumerate(rows[1:], start=2):
        found = faults_of(dict(zip(HEADERS, values, strict=True)), known, earlier)
        expected = {key.bad_rows[number]} if number in key.bad_rows else set()
        assert found == expected, (number, values)


def test_valid_variants_present(sheet: tuple[Path, MessyKey]) -> None:
    path, _ = sheet
    columns = list(zip(*read_rows(path)[1:], strict=True))
    ids = columns[HEADERS.index("身份证号")]
    assert any(isinstance(v, str) and "１" in v for v in ids)  # full-width digits
    assert any(isinstance(v, str) and v != v.strip() for v in ids)
    grades = set(columns[HEADERS.index("残疾等级")])
    assert {"二级", "2级"} <= grades and (2.0 in grades or "2" in grades)
    categories = set(columns[HEADERS.index("残疾类别")])
    assert {"肢体残疾", "肢体"} <= categories and ("4" in categories or 4.0 in categories)
    issued = columns[HEADERS.index("发证日期")]
    assert any(isinstance(v, date) for v in issued)
    texts = [v for v in issued if isinstance(v, str)]
    assert any("年" in v for v in texts) and any("/" in v for v in texts)
    assert any(len(v) == 8 and v.isdigit() for v in texts) and any("-" in v for v in texts)
    assert any(isinstance(v, float) for v in columns[HEADERS.index("户籍区划代码")])


def test_deterministic_and_clean(small: pl.DataFrame, tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    key_a = write_messy_sheet(small, a, seed=3)
    assert key_a == write_messy_sheet(small, b, seed=3)
    assert read_rows(a) == read_rows(b)
    clean = write_messy_sheet(small, tmp_path / "clean.xlsx", seed=3, error_rate=0.0)
    assert clean == MessyKey(rows=small.height, bad_rows={})
    with pytest.raises(ValueError, match="error_rate"):
        write_messy_sheet(small, tmp_path / "x.xlsx", seed=3, error_rate=1.5)
