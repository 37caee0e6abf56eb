"""The Zhejiang living and nursing subsidy rules written by hand: numpy (the floor) and a loop.

Both take the arrays of ``policy_data.arrays`` and the parameters read from the shipped YAML
(``policy_data.rule_parameters``) and return amounts in fen per person (0: not eligible).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

Params = dict[str, dict[str, float]]


def _fen(yuan: float) -> int:
    """Yuan to fen, half-up, exactly as ``round_yuan`` does on the decimal."""
    return int((Decimal(str(yuan)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _zones(p: dict[str, float]) -> tuple[list[float], list[int], list[int]]:
    """Per 低保 zone (default, 331102, 3311, 3304): standard, edge line and amount in fen."""
    std = [p["dibao_standard"], p["dibao_331102"], p["dibao_3311"], p["dibao_3304"]]
    edge = [_fen(s * p["edge_factor"]) for s in std]
    amount = [_fen(float(Decimal(str(s)) * Decimal(str(p["living_rate"])))) for s in std]
    return std, edge, amount


def _tiers(p: dict[str, float]) -> list[list[int]]:
    """Nursing amount in fen by self-care code (0 unknown … 3 full) and institution (0/1)."""
    tier = [p["tier_full"], p["tier_none"], p["tier_partial"], p["tier_full"]]
    factor = Decimal(str(p["institutional_factor"]))
    return [[_fen(t), _fen(float(Decimal(str(t)) * factor))] for t in tier]


def numpy_rules(a: dict[str, np.ndarray], params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Living and nursing amounts in fen, vectorized with numpy."""
    p = params["living"]
    _, edge, amount = _zones(p)
    county = a["zc_county"]
    city = county // 100
    zone = np.select([county == 331102, city == 3311, city == 3304], [1, 2, 3], 0)
    edge_line = np.asarray(edge, dtype=np.float64)[zone] / 100
    base = a["zc_certificate_valid"] & a["zc_alive"] & (county // 10000 == 33)
    age = a["zc_age"]
    low = (
        (a["zc_assistance"] == 1)
        | (a["zc_assistance"] == 2)
        | (a["zc_household_income"] < edge_line)
        | (
            (age >= p["working_age_from"])
            & (age <= p["working_age_to"])
            & (a["zc_personal_income"] < edge_line)
        )
    )
    living = np.where(
        base & low & ~a["zc_orphan_allowance"], np.asarray(amount, dtype=np.int64)[zone], 0
    )
    tiers = np.asarray(_tiers(params["nursing"]), dtype=np.int64)
    care = tiers[a["zc_self_care"], a["zc_institutional_care"].astype(np.int64)]
    grade, category = a["zc_grade"], a["zc_category"]
    severe = (grade == 1) | (grade == 2) | (((category == 5) | (category == 6)) & (grade >= 3))
    nursing = np.where(
        base
        & severe
        & a["zc_long_term_care"]
        & ~a["zc_injury_care"]
        & ~(a["zc_similar_allowance"] >= care / 100),
        care,
        0,
    )
    return living.astype(np.int64), nursing.astype(np.int64)


def loop_rules(a: dict[str, np.ndarray], params: Params) -> tuple[list[int], list[int]]:
    """The same rules one person at a time in plain Python."""
    p = params["living"]
    _, edge, amount = _zones(p)
    tiers = _tiers(params["nursing"])
    wa_from, wa_to = p["working_age_from"], p["working_age_to"]
    names = [
        "zc_county", "zc_certificate_valid", "zc_alive", "zc_age", "zc_category", "zc_grade",
        "zc_long_term_care", "zc_assistance", "zc_household_income", "zc_personal_income",
        "zc_similar_allowance", "zc_self_care", "zc_institutional_care", "zc_orphan_allowance",
        "zc_injury_care",
    ]  # fmt: skip
    living: list[int] = []
    nursing: list[int] = []
    for county, valid, alive, age, cat, grade, ltc, assist, hh, own, similar, care, inst, orphan, injury in zip(  # noqa: E501
        *(a[n].tolist() for n in names), strict=True
    ):  # fmt: skip
        zone = (
            1
            if county == 331102
            else 2
            if county // 100 == 3311
            else 3
            if county // 100 == 3304
            else 0
        )
        base = valid and alive and county // 10000 == 33
        line = edge[zone] / 100
        low = assist in (1, 2) or hh < line or (wa_from <= age <= wa_to and own < line)
        living.append(amount[zone] if base and low and not orphan else 0)
        fen = tiers[care][1 if inst else 0]
        severe = grade in (1, 2) or (cat in (5, 6) and grade in (3, 4))
        ok = base and severe and ltc and not injury and not similar >= fen / 100
        nursing.append(fen if ok else 0)
    return living, nursing
