"""Work lists: certificates about to expire (to invite renewal) and steps past their deadline.

Both are one set-based query each, scoped in SQL to the actor's jurisdiction (and the
region asked for), returned as Polars frames.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from sqlalchemy import Engine

from zhucan.access.scope import Actor, jurisdiction_prefix
from zhucan.core.errors import Forbidden, InvalidValue
from zhucan.core.region_code import contains, normalize_region_code
from zhucan.storage.bulk import read_frame

EXPIRING_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "name": pl.String(),
    "citizen_id_masked": pl.String(),
    "region": pl.String(),
    "town": pl.String(),
    "town_name": pl.String(),
    "category": pl.Int8(),
    "grade": pl.Int8(),
    "valid_until": pl.Date(),
    "days_left": pl.Int32(),
}
OVERDUE_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.Int64(),
    "kind": pl.String(),
    "step": pl.String(),
    "person_id": pl.Int64(),
    "name": pl.String(),
    "citizen_id_masked": pl.String(),
    "region": pl.String(),
    "office_region": pl.String(),
    "due_from": pl.Date(),
    "deadline": pl.Date(),
    "days_overdue": pl.Int32(),
}


def _prefix(actor: Actor, region: str | None) -> str:
    """The region prefix to list: the one asked for, inside the actor's jurisdiction."""
    code = normalize_region_code(region) if region else actor.jurisdiction or None
    if code and actor.jurisdiction and not contains(actor.jurisdiction, code):
        raise Forbidden("无权查看辖区外的数据", "that region is outside your jurisdiction")
    return jurisdiction_prefix(code) if code else ""


def expiring(
    engine: Engine,
    actor: Actor,
    within_days: int = 90,
    as_of: date | None = None,
    region: str | None = None,
) -> pl.DataFrame:
    """Valid certificates of living people expiring within ``within_days`` of ``as_of``
    that have no open renewal case, with the town (乡镇/街道) that should invite renewal."""
    if not 0 <= within_days <= 3660:
        raise InvalidValue(
            f"天数应在 0–3660 之间，实为 {within_days}", f"days must be 0-3660, got {within_days}"
        )
    day = as_of or date.today()
    last = day + timedelta(days=within_days)
    prefix = _prefix(actor, region)
    sql = (
        "SELECT p.id AS person_id, p.name, p.citizen_id_masked, p.region, "
        "substr(p.region, 1, 9) AS town, r.name AS town_name, c.category, c.grade, c.valid_until "
        "FROM certificate c JOIN person p ON p.id = c.person_id "
        "LEFT JOIN region r ON r.code = substr(p.region, 1, 9) || '000' "
        f"WHERE c.status = 'valid' AND c.retracted_at IS NULL AND c.valid_from <= '{day}' "
        f"AND (c.valid_to IS NULL OR c.valid_to > '{day}') "
        f"AND c.valid_until >= '{day}' AND c.valid_until <= '{last}' "
        f"AND p.region LIKE '{prefix}%' "
        "AND NOT EXISTS (SELECT 1 FROM fact d WHERE d.person_id = p.id AND d.kind = 'death' "
        f"AND d.retracted_at IS NULL AND d.valid_from <= '{day}') "
        "AND NOT EXISTS (SELECT 1 FROM certificate_case k WHERE k.person_id = p.id "
        "AND k.kind = 'renewal' AND k.state = 'open') "
        "ORDER BY c.valid_until, p.id"
    )
    frame = read_frame(engine, sql, {"valid_until": pl.Date()})
    frame = frame.with_columns(
        (pl.col("valid_until") - pl.lit(day)).dt.total_days().alias("days_left")
    )
    return frame.select([pl.col(c).cast(t) for c, t in EXPIRING_SCHEMA.items()])


def overdue(
    engine: Engine, actor: Actor, as_of: date | None = None, region: str | None = None
) -> pl.DataFrame:
    """Steps of open cases not done by their deadline, oldest deadline first."""
    day = as_of or date.today()
    prefix = _prefix(actor, region)
    sql = (
        "SELECT k.id AS case_id, k.kind, s.step, k.person_id, p.name, p.citizen_id_masked, "
        "k.region, s.office_region, s.due_from, s.deadline "
        "FROM certificate_case_step s JOIN certificate_case k ON k.id = s.case_id "
        "JOIN person p ON p.id = k.person_id "
        f"WHERE k.state = 'open' AND s.done_on IS NULL AND s.deadline < '{day}' "
        f"AND (k.region LIKE '{prefix}%' OR k.target_region LIKE '{prefix}%') "
        "ORDER BY s.deadline, k.id"
    )
    frame = read_frame(engine, sql, {"due_from": pl.Date(), "deadline": pl.Date()})
    frame = frame.with_columns(
        (pl.lit(day) - pl.col("deadline")).dt.total_days().alias("days_overdue")
    )
    return frame.select([pl.col(c).cast(t) for c, t in OVERDUE_SCHEMA.items()])
