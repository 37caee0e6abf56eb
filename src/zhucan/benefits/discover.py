"""Proactive discovery (主动发现): eligible but not enrolled, enrolled but no longer eligible.

Columnar: one snapshot, one evaluation per program, anti-joins against enrolments. Each
finding becomes a work item for the town of the person's 户籍, with the failed and
satisfied conditions and their Chinese reasons; an open item is never duplicated.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy import Engine, select

from zhucan.access.scope import Actor, jurisdiction_prefix
from zhucan.benefits.entitle import decide
from zhucan.benefits.reads import enrolments, people_where
from zhucan.benefits.tables import work_item
from zhucan.core.period import Month
from zhucan.policy.loader import load_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.rows import next_id
from zhucan.registry.snapshot import snapshot
from zhucan.storage.bulk import bulk_insert


def explanation(
    policies: PolicySet, program: str, policy: str | None, version: str | None, failed: list[str]
) -> str:
    """JSON: the conditions a person failed and satisfied, with their Chinese reasons."""
    if policy is None:
        return json.dumps(
            {"program": program, "failed": failed, "reasons_zh": ["本地区没有适用的政策"]},
            ensure_ascii=False,
        )
    doc = policies.get(policy)
    ver = next(v for v in doc.versions if v.id == version)
    n = len(ver.eligibility)
    reasons = [
        ("排除：" if i >= n else "不符合：") + c.zh
        if c.id in failed
        else ("不排除：" if i >= n else "符合：") + c.zh
        for i, c in enumerate(ver.checks)
    ]
    satisfied = [c.id for c in ver.checks if c.id not in failed]
    return json.dumps(
        {
            "program": program,
            "policy": policy,
            "version": version,
            "failed": failed,
            "satisfied": satisfied,
            "reasons_zh": reasons,
        },
        ensure_ascii=False,
    )


def findings(
    engine: Engine, actor: Actor, region: str, as_of: date, policies: PolicySet, programs: list[str]
) -> pl.DataFrame:
    """Rows (kind, person_id, program, region, policy, version, failed) to act on."""
    snap = snapshot(engine, as_of, actor, region=region or None)
    prefix = jurisdiction_prefix(region) if region else actor.prefix
    month = str(Month.of(as_of))
    parts = []
    for program in programs:
        dec = decide(policies, snap, as_of, program).with_columns(pl.lit(program).alias("program"))
        referral = all(d.kind == "referral" for d in policies.documents if d.program == program)
        enrol = enrolments(engine, program, people_where("e.person_id", as_of, prefix))
        active = enrol.filter(
            (pl.col("start_month") <= month)
            & (pl.col("end_month").is_null() | (pl.col("end_month") > month))
        )
        eligible = dec.filter(pl.col("eligible"))
        new = eligible.join(active, on="person_id", how="anti").with_columns(
            pl.lit("refer" if referral else "enrol").alias("kind")
        )
        gone = dec.filter(~pl.col("eligible")).join(active, on="person_id", how="semi")
        parts += [new, gone.with_columns(pl.lit("review_stop").alias("kind"))]
    cols = ["kind", "person_id", "program", "hukou_region", "policy", "version", "failed"]
    if not parts:
        return pl.DataFrame(schema={c: pl.String() for c in cols})  # pragma: no cover
    return pl.concat([p.select(cols) for p in parts])


def discover(
    engine: Engine,
    actor: Actor,
    region: str,
    as_of: date,
    policies: PolicySet | None = None,
    programs: list[str] | None = None,
) -> dict[str, Any]:
    """Turn findings into open work items (idempotent); counts by kind and program."""
    policies = policies or load_policies()
    programs = programs or [
        p
        for p in policies.programs("person")
        if any(d.kind in ("payment", "referral") for d in policies.documents if d.program == p)
    ]
    found = findings(engine, actor, region, as_of, policies, programs)
    combos = found.select("program", "policy", "version", "failed").unique(maintain_order=True)
    texts = [explanation(policies, *row) for row in combos.iter_rows()]
    found = found.join(
        combos.with_columns(pl.Series("explanation", texts, pl.String)),
        on=["program", "policy", "version", "failed"],
        how="left",
        nulls_equal=True,
    )
    found = found.with_columns(
        pl.concat_str(
            ["kind", pl.col("person_id").cast(pl.String), "program"], separator=":"
        ).alias("open_key")
    )
    now = datetime.now()
    with engine.begin() as conn:
        keys = found["open_key"].to_list()
        known: set[str] = set()
        for k in range(0, len(keys), 5000):
            known |= set(
                conn.execute(
                    select(work_item.c.open_key).where(work_item.c.open_key.in_(keys[k : k + 5000]))
                ).scalars()
            )
        new = found.filter(~pl.col("open_key").is_in(list(known)))
        start = next_id(conn, work_item.c.id)
        bulk_insert(
            conn,
            work_item,
            new.select(
                pl.int_range(start, start + new.height, dtype=pl.Int64).alias("id"),
                "kind",
                "person_id",
                "program",
                pl.col("hukou_region").str.slice(0, 9).alias("town"),
                pl.col("hukou_region").alias("region"),
                pl.lit(as_of).alias("as_of"),
                "explanation",
                pl.lit("open").alias("state"),
                "open_key",
                pl.lit(actor.username).alias("created_by"),
                pl.lit(now).alias("created_at"),
            ),
        )
    counts = new.group_by("kind", "program").len().sort("kind", "program")
    return {
        "as_of": str(as_of),
        "region": region,
        "found": found.height,
        "new": new.height,
        "by_kind": [
            dict(zip(("kind", "program", "count"), r, strict=True)) for r in counts.iter_rows()
        ],
    }
