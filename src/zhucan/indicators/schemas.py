"""The fact schemas indicator expressions are checked against, one per kind of row counted."""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.policy.expr.facts import LABELS, schema_from
from zhucan.policy.expr.types import FactSchema
from zhucan.support.kinds import FacilityKind, ServiceKind

#: The first day the five-year plans count from (``*_plan`` columns start here).
PLAN_START = date(2021, 1, 1)

#: The columns of a certificate holder's row (:mod:`zhucan.indicators.state`).
PERSON_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "hukou_region": pl.String(),
    "household_id": pl.Int64(),
    "sex": pl.String(),
    "age": pl.Int32(),
    "category": pl.Int8(),
    "grade": pl.Int8(),
    "urban": pl.Boolean(),
    "assistance": pl.String(),
    "institutional_care": pl.Boolean(),
    "needs_long_term_care": pl.Boolean(),
    "employed": pl.Boolean(),
    "needs": pl.List(pl.String()),
    "services": pl.List(pl.String()),
    "services_plan": pl.List(pl.String()),
    "insurance": pl.List(pl.String()),
    **{f"{k.value}_times": pl.Int64() for k in ServiceKind},
    **{f"{k.value}_times_plan": pl.Int64() for k in ServiceKind},
}

_PERSON_LABELS: dict[str, tuple[str, str]] = {
    **{k: v for k, v in LABELS.items() if k in PERSON_SCHEMA},
    "employed": ("就业", "employed"),
    "needs": ("当年需求", "needs of the year"),
    "services": ("当年已获服务", "services received this year to date"),
    "services_plan": ("规划期内已获服务", "services received since 2021"),
    "insurance": ("参保险种", "insurance schemes enrolled"),
    **{f"{k.value}_times": (f"当年{k.zh}人次", f"{k.value} this year") for k in ServiceKind},
    **{
        f"{k.value}_times_plan": (f"规划期{k.zh}人次", f"{k.value} since 2021") for k in ServiceKind
    },
}
PERSON_FACTS: FactSchema = schema_from(PERSON_SCHEMA, _PERSON_LABELS)

FACILITY_FRAME_SCHEMA: dict[str, pl.DataType] = {
    "kind": pl.String(),
    "stars": pl.Int64(),
    "workshop": pl.Boolean(),
    "standardized": pl.Boolean(),
    "designated": pl.Boolean(),
    "capacity": pl.Int64(),
}
FACILITY_FACTS: FactSchema = schema_from(
    FACILITY_FRAME_SCHEMA,
    {
        "kind": ("设施类别", "facility kind"),
        "stars": ("星级", "star rating (0 = unrated)"),
        "workshop": ("工疗型", "sheltered workshop"),
        "standardized": ("规范化", "standardized"),
        "designated": ("定点", "designated"),
        "capacity": ("床位/容量", "capacity"),
    },
)

#: Columns of a town or county row: operating facilities of each kind in the area.
UNIT_COUNTS: dict[str, pl.Expr] = {
    **{k.value: pl.col("kind") == k.value for k in FacilityKind},
    **{f"{k.value}_standardized": (pl.col("kind") == k.value) & pl.col("standardized")
       for k in FacilityKind},
    "disability_home_3star": (pl.col("kind") == "disability_home") & (pl.col("stars") >= 3),
    "disability_home_workshop": (pl.col("kind") == "disability_home") & pl.col("workshop"),
    "child_rehab_designated": (pl.col("kind") == "child_rehab") & pl.col("designated"),
}  # fmt: skip
UNIT_FACTS: FactSchema = schema_from(
    {name: pl.Int64() for name in UNIT_COUNTS},
    {name: (f"在营{name}数", f"operating {name}") for name in UNIT_COUNTS},
)
