"""The policy benchmark's people: synthetic Zhejiang holders with income, care and benefit facts.

One seeded draw gives the canonical person frame (``synth.population.generate``) plus the
facts the rules read beyond the import sheet; from it come the snapshot the engine takes,
plain numpy arrays for the hand-written and OpenFisca versions, and CONTRACTS §3 JSON people.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from zhucan.policy.frame_snapshot import snapshot_of
from zhucan.policy.policy_set import PolicySet
from zhucan.synth.population import generate

INJURY = "工伤保险生活护理费"
ORPHAN = "孤儿基本生活费"
ASSISTANCE_CODES = {"none": 0, "dibao": 1, "dibao_edge": 2, "tekun": 3}
SELF_CARE_CODES = {"none": 1, "partial": 2, "full": 3}
_MONEY = pl.Decimal(38, 4)


def _money(rng: np.random.Generator, n: int, known: float, high_fen: int) -> pl.Series:
    """Yuan amounts with fen (as decimals), null where unknown."""
    fen = rng.integers(0, high_fen, n)
    text = [f"{f // 100}.{f % 100:02d}" for f in fen.tolist()]
    return pl.Series(text).cast(_MONEY).set(pl.Series(rng.random(n) >= known), None)


def people(villages: pl.DataFrame, n: int, as_of: date, seed: int = 7) -> pl.DataFrame:
    """The canonical frame plus self-care, institution, incomes, allowances and benefits."""
    frame = generate(villages, n, seed, as_of)
    rng = np.random.default_rng(seed + 1)
    care = rng.choice(np.array(["", "none", "partial", "full"]), n, p=[0.4, 0.2, 0.2, 0.2])
    draw = rng.random(n)
    benefits = np.where(draw < 0.03, INJURY, np.where(draw < 0.05, ORPHAN, ""))
    return frame.with_columns(
        pl.Series("self_care", care).replace("", None),
        pl.Series("institutional_care", rng.random(n) < 0.1),
        _money(rng, n, 0.5, 300_000).alias("household_income_per_head"),
        _money(rng, n, 0.5, 250_000).alias("personal_income"),
        _money(rng, n, 0.15, 50_000).alias("similar_allowance"),
        pl.Series("other_benefits", benefits)
        .replace("", None)
        .map_elements(lambda b: [b], return_dtype=pl.List(pl.String))
        .fill_null([]),
    )


def snapshot(frame: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The engine's input: a snapshot-shaped frame, person ids 1…n in frame order."""
    return snapshot_of(frame, as_of)


def arrays(snap: pl.DataFrame) -> dict[str, np.ndarray]:
    """Plain numpy inputs (the names the OpenFisca worker uses); unknown incomes are inf."""
    inf = float("inf")

    def money(column: str, missing: float) -> np.ndarray:
        values = snap.get_column(column).cast(pl.Float64).fill_null(missing)
        return values.to_numpy().astype(np.float64)

    benefits = snap.get_column("other_benefits")
    return {
        "zc_county": snap.get_column("hukou_region").str.slice(0, 6).cast(pl.Int32).to_numpy(),
        "zc_certificate_valid": snap.get_column("certificate_valid").fill_null(False).to_numpy(),
        "zc_alive": snap.get_column("alive").fill_null(False).to_numpy(),
        "zc_age": snap.get_column("age").cast(pl.Int32).to_numpy(),
        "zc_category": snap.get_column("category").cast(pl.Int32).fill_null(0).to_numpy(),
        "zc_grade": snap.get_column("grade").cast(pl.Int32).fill_null(0).to_numpy(),
        "zc_long_term_care": snap.get_column("needs_long_term_care").to_numpy(),
        "zc_assistance": snap.get_column("assistance")
        .replace_strict(ASSISTANCE_CODES, return_dtype=pl.Int32)
        .to_numpy(),
        "zc_household_income": money("household_income_per_head", inf),
        "zc_personal_income": money("personal_income", inf),
        "zc_similar_allowance": money("similar_allowance", -1.0),
        "zc_self_care": snap.get_column("self_care")
        .replace_strict(SELF_CARE_CODES, default=0, return_dtype=pl.Int32)
        .to_numpy(),
        "zc_institutional_care": snap.get_column("institutional_care").to_numpy(),
        "zc_orphan_allowance": benefits.list.contains(ORPHAN).to_numpy(),
        "zc_injury_care": benefits.list.contains(INJURY).to_numpy(),
    }


def rule_parameters(policies: PolicySet, as_of: date) -> dict[str, dict[str, float]]:
    """The Zhejiang living and nursing parameters on ``as_of``, read from the shipped YAML."""
    living = policies.get("zhejiang.living_subsidy")
    nursing = policies.get("zhejiang.nursing_subsidy")
    base = living.parameter_values(as_of)

    def num(value: Any) -> float:
        return float(value) if isinstance(value, Decimal | int) else float("nan")

    out = {k: num(base[k]) for k in ("dibao_standard", "edge_factor", "living_rate")}
    out |= {k: num(base[k]) for k in ("working_age_from", "working_age_to")}
    for region in ("331102", "3311", "3304"):
        out[f"dibao_{region}"] = num(living.parameter_values(as_of, region)["dibao_standard"])
    care = nursing.parameter_values(as_of)
    keys = ("tier_none", "tier_partial", "tier_full", "institutional_factor")
    return {"living": out, "nursing": {k: num(care[k]) for k in keys}}


_YES = {True: "是", False: "否"}
_ASSIST_ZH = {"none": "无", "dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困"}
_SHEET = (
    "name", "citizen_id", "category", "grade", "certificate_issued", "certificate_valid_until",
    "hukou_region", "hukou_type", "residence_region", "phone", "household_head_id",
    "death_date",
)  # fmt: skip


def json_people(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """CONTRACTS §3 input for the rows of ``frame`` (sheet fields as text, plus the facts)."""
    text = frame.select(
        *(pl.col(c).cast(pl.String) for c in _SHEET),
        pl.concat_str("citizen_id", pl.col("category").cast(pl.String), pl.col("grade")).alias(
            "certificate_no"
        ),
        pl.col("assistance").replace_strict(_ASSIST_ZH, return_dtype=pl.String),
        pl.col("needs_long_term_care").replace_strict(_YES, return_dtype=pl.String),
        pl.col("institutional_care").replace_strict(_YES, return_dtype=pl.String),
        "self_care",
        *(
            pl.col(c).cast(pl.String).str.replace(r"0+$", "").str.strip_suffix(".")
            for c in ("household_income_per_head", "personal_income", "similar_allowance")
        ),
        "other_benefits",
    )
    return [{k: v for k, v in row.items() if v is not None} for row in text.to_dicts()]
