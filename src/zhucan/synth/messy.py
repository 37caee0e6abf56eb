"""An import sheet (CONTRACTS §2) with the mistakes real ones contain, each on a known row.

Every data row varies in harmless ways an importer must accept: grades as 二级 / 2级 / 2,
categories as 肢体残疾 / 肢体 / 4, dates as 2021-03-05 / 2021/3/5 / 20210305 / 2021年3月5日 or
a real date cell, some IDs in full-width digits, a lower-case x, stray spaces, region codes
stored as numbers. A share ``error_rate`` of the rows carries exactly one fault from
``FAULTS``; ``MessyKey.bad_rows`` says which row has which, so those rows must be rejected
and every other row imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import xlsxwriter

from zhucan.synth.population import certificate_number

HEADERS = (
    "姓名",
    "身份证号",
    "残疾证号",
    "残疾类别",
    "残疾等级",
    "发证日期",
    "有效期至",
    "户籍区划代码",
    "户籍性质",
    "居住区划代码",
    "联系电话",
    "低保状态",
    "户主身份证号",
    "需长期照护",
    "死亡日期",
)
FLOAT_CITIZEN_ID = "float_citizen_id"  # the ID written as a number (Excel float, digits lost)
BAD_CHECK_DIGIT = "bad_check_digit"  # the ID's last character is wrong
CERTIFICATE_MISMATCH = "certificate_mismatch"  # 残疾证号's grade digit differs from 残疾等级
UNKNOWN_REGION = "unknown_region"  # 户籍区划代码 names no region (e.g. 331199000000)
EMPTY_NAME = "empty_name"  # 姓名 left empty
DUPLICATE_ROW = "duplicate_row"  # an identical copy of an earlier row: the copy is rejected
DEATH_BEFORE_BIRTH = "death_before_birth"  # 死亡日期 before the birth date in the ID
FAULTS = (
    FLOAT_CITIZEN_ID,
    BAD_CHECK_DIGIT,
    CERTIFICATE_MISMATCH,
    UNKNOWN_REGION,
    EMPTY_NAME,
    DUPLICATE_ROW,
    DEATH_BEFORE_BIRTH,
)

_COL = {h: i for i, h in enumerate(HEADERS)}
_HALF_CHARS, _FULL_CHARS = "0123456789X", "０１２３４５６７８９Ｘ"
_CATEGORY_ZH = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
_GRADE_ZH = ("一级", "二级", "三级", "四级")
_HUKOU_ZH = {"urban": ("城镇", "非农业"), "rural": ("农村", "农业")}
_ASSISTANCE_ZH = {"dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困", "none": "无"}
_DATE_CELL = 4  # date variant written as a real spreadsheet date cell


@dataclass(frozen=True)
class MessyKey:
    """What was written: ``rows`` data rows (rows 2…rows+1; header = row 1) and the bad ones."""

    rows: int
    bad_rows: dict[int, str]

    @property
    def good_rows(self) -> int:
        """The number of rows an importer must accept."""
        return self.rows - len(self.bad_rows)


def write_messy_sheet(
    frame: pl.DataFrame, path: Path, seed: int, error_rate: float = 0.1
) -> MessyKey:
    """Write ``frame`` (canonical person frame) as a messy .xlsx import sheet; return its key."""
    if not 0.0 <= error_rate <= 1.0:
        raise ValueError(f"error_rate must be within 0–1, got {error_rate}")
    rng = np.random.default_rng(seed)
    cells = _cells(frame, rng)
    faults = _assign_faults(frame, rng, error_rate)
    copies = np.array(sorted(i for i, f in faults.items() if f == DUPLICATE_ROW), dtype=np.int64)
    # Each copy goes after its original, somewhere among the rows that follow it.
    n = frame.height
    after = copies + 0.5 + np.floor(rng.random(len(copies)) * (n - copies))
    keys = np.r_[np.arange(n, dtype=np.float64), after]
    sources = np.r_[np.arange(n), copies]
    is_copy = np.r_[np.zeros(n, dtype=bool), np.ones(len(copies), dtype=bool)]
    order = np.argsort(keys, kind="stable")
    bad_rows: dict[int, str] = {}
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}
    )
    try:
        sheet = workbook.add_worksheet("残疾人名册")
        sheet.write_row(0, 0, HEADERS)
        for out, k in enumerate(order, start=1):
            i = int(sources[k])
            fault = DUPLICATE_ROW if is_copy[k] else faults.get(i)
            row = (
                cells[i]
                if fault in (None, DUPLICATE_ROW)
                else _apply(cells[i], fault, frame, i, rng)
            )
            if fault is not None and (fault != DUPLICATE_ROW or is_copy[k]):
                bad_rows[out + 1] = fault
            sheet.write_row(out, 0, row)
    finally:
        workbook.close()
    return MessyKey(rows=len(order), bad_rows=bad_rows)


def _pick(rng: np.random.Generator, n: int, shares: list[float]) -> pl.Series:
    """A variant index per row, drawn with ``shares``."""
    cum = np.cumsum(shares) / np.sum(shares)
    return pl.Series(np.searchsorted(cum, rng.random(n), side="right").astype(np.int64))


def _date_cells(column: pl.Series, rng: np.random.Generator) -> list[Any]:
    """Dates in one of five accepted forms: four kinds of text or a real date cell."""
    variant = _pick(rng, column.len(), [0.35, 0.2, 0.15, 0.1, 0.2])
    y, m, d = column.dt.year(), column.dt.month(), column.dt.day()
    text = pl.select(
        pl.when(variant == 0)
        .then(column.dt.strftime("%Y-%m-%d"))
        .when(variant == 1)
        .then(pl.format("{}/{}/{}", y, m, d))
        .when(variant == 2)
        .then(column.dt.strftime("%Y%m%d"))
        .otherwise(pl.format("{}年{}月{}日", y, m, d))
    ).to_series()
    return [
        day if v == _DATE_CELL else t
        for day, t, v in zip(column.to_list(), text.to_list(), variant.to_list(), strict=True)
    ]


def _cells(frame: pl.DataFrame, rng: np.random.Generator) -> list[list[Any]]:
    """Each row's cell values with harmless variants (all of them valid)."""
    n = frame.height
    cid = frame["citizen_id"]
    id_variant = _pick(rng, n, [0.85, 0.06, 0.05, 0.04])
    id_cells = pl.select(
        pl.when(id_variant == 1)
        .then(cid.str.replace_all("X", "x"))
        .when(id_variant == 2)
        .then(cid.str.replace_many(list(_HALF_CHARS), list(_FULL_CHARS)))
        .when(id_variant == 3)
        .then(pl.lit(" ") + cid + pl.lit(" "))
        .otherwise(cid)
    ).to_series()
    category = frame["category"].cast(pl.Int64)
    grade = frame["grade"].cast(pl.Int64)
    cat_zh = pl.Series(_CATEGORY_ZH).gather(category - 1)
    grade_zh = pl.Series(_GRADE_ZH).gather(grade - 1)
    cat_variant = _pick(rng, n, [0.5, 0.3, 0.1, 0.1]).to_list()
    grade_variant = _pick(rng, n, [0.5, 0.25, 0.15, 0.1]).to_list()
    cat_forms = zip(
        (cat_zh + "残疾").to_list(), cat_zh.to_list(), category.cast(pl.String).to_list(),
        category.to_list(), strict=True,
    )  # fmt: skip
    grade_forms = zip(
        grade_zh.to_list(), (grade.cast(pl.String) + "级").to_list(),
        grade.cast(pl.String).to_list(), grade.to_list(), strict=True,
    )  # fmt: skip
    hukou = frame["hukou_region"].to_list()
    as_number = (rng.random(n) < 0.05).tolist()
    hukou_type = [
        None if t is None else _HUKOU_ZH[t][k]
        for t, k in zip(frame["hukou_type"].to_list(), rng.integers(0, 2, n).tolist(), strict=True)
    ]
    blank_none = (rng.random(n) < 0.5).tolist()
    assistance = [
        None if a == "none" and blank else _ASSISTANCE_ZH[a]
        for a, blank in zip(frame["assistance"].to_list(), blank_none, strict=True)
    ]
    valid_until = frame["certificate_valid_until"]
    write_until = pl.Series(rng.random(n) < 0.7)
    columns: list[list[Any]] = [
        frame["name"].to_list(),
        id_cells.to_list(),
        certificate_number(frame).to_list(),
        [forms[v] for forms, v in zip(cat_forms, cat_variant, strict=True)],
        [forms[v] for forms, v in zip(grade_forms, grade_variant, strict=True)],
        _date_cells(frame["certificate_issued"], rng),
        _date_cells(pl.select(pl.when(write_until).then(valid_until)).to_series(), rng),
        [int(c) if num else c for c, num in zip(hukou, as_number, strict=True)],
        hukou_type,
        frame["residence_region"].to_list(),
        frame["phone"].to_list(),
        assistance,
        frame["household_head_id"].to_list(),
        [None if c is None else "是" if c else "否" for c in frame["needs_long_term_care"]],
        _date_cells(frame["death_date"], rng),
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def _assign_faults(
    frame: pl.DataFrame, rng: np.random.Generator, error_rate: float
) -> dict[int, str]:
    """Which frame rows get which fault; never the head of another person's household."""
    heads_of_others = frame.filter(pl.col("household_head_id") != pl.col("citizen_id"))[
        "household_head_id"
    ]
    eligible = np.flatnonzero((~frame["citizen_id"].is_in(heads_of_others.implode())).to_numpy())
    total = round(error_rate * frame.height)
    count = min(total, eligible.size)
    chosen = np.sort(rng.choice(eligible, size=count, replace=False))
    kinds = rng.permutation(np.resize(np.arange(len(FAULTS)), count))
    has_x = frame["citizen_id"].str.ends_with("X").to_numpy()
    faults: dict[int, str] = {}
    for i, k in zip(chosen.tolist(), kinds.tolist(), strict=True):
        fault = FAULTS[k]
        faults[i] = BAD_CHECK_DIGIT if fault == FLOAT_CITIZEN_ID and has_x[i] else fault
    return faults


def _apply(
    row: list[Any], fault: str, frame: pl.DataFrame, i: int, rng: np.random.Generator
) -> list[Any]:
    """A copy of ``row`` with ``fault`` put in."""
    row = list(row)
    cid: str = frame["citizen_id"][i]
    if fault == FLOAT_CITIZEN_ID:
        # What Excel keeps of an 18-digit number typed into a General cell: 15 digits.
        row[_COL["身份证号"]] = float(f"{int(cid):.14e}")
    elif fault == BAD_CHECK_DIGIT:
        wrong = "10X98765432".replace(cid[17], "")
        row[_COL["身份证号"]] = cid[:17] + wrong[int(rng.integers(0, len(wrong)))]
    elif fault == CERTIFICATE_MISMATCH:
        other = int(frame["grade"][i]) % 4 + 1
        row[_COL["残疾证号"]] = f"{cid}{frame['category'][i]}{other}"
    elif fault == UNKNOWN_REGION:
        row[_COL["户籍区划代码"]] = frame["hukou_region"][i][:4] + "99000000"
    elif fault == EMPTY_NAME:
        row[_COL["姓名"]] = None
    elif fault == DEATH_BEFORE_BIRTH:
        birth: date = frame["birth_date"][i]
        row[_COL["死亡日期"]] = (birth - timedelta(days=int(rng.integers(1, 3650)))).isoformat()
    return row
