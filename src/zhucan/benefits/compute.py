"""Compute a run's new lines: this month for the whole region, past months for people
whose facts changed since those months were paid (so a province month stays one snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl
from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.benefits import reads
from zhucan.benefits.entitle import decide, facts_sha256
from zhucan.benefits.lines import difference_lines
from zhucan.benefits.rules import decision_day, lookback
from zhucan.core.period import Month
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.snapshot import snapshot


@dataclass(frozen=True)
class Computed:
    """A run's new lines (with facts hashes) and the people to enrol automatically."""

    lines: pl.DataFrame
    months_examined: list[str]
    candidates: int


def _decisions(
    engine: Engine,
    actor: Actor,
    policies: PolicySet,
    month: Month,
    prefix: str,
    program: str,
    ids: list[int] | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    day = decision_day(month)
    snap = snapshot(engine, day, actor, region=prefix, person_ids=ids)
    dec = decide(policies, snap, day, program).with_columns(pl.lit(str(month)).alias("month"))
    return dec, snap


def compute_lines(
    engine: Engine,
    actor: Actor,
    policies: PolicySet,
    period: Month,
    prefix: str,
    program: str,
    auto: bool,
    recheck_all: bool = False,
) -> Computed:
    """The new lines of the run for ``period``/``prefix``/``program``."""
    month = str(period)
    dec, snap = _decisions(engine, actor, policies, period, prefix, program, None)
    decisions, snaps = [dec], {month: snap}
    booked = [reads.booked(engine, program, [month], prefix=prefix)]
    people = reads.people_where("e.person_id", decision_day(period), prefix)
    enrol = reads.enrolments(engine, program, people)
    past = reads.past_run_months(engine, program, prefix, [str(m) for m in lookback(period)])
    changes = pl.DataFrame(schema=reads.CHANGE_SCHEMA)
    examined = [month]
    if past.height:
        since = min(_as_datetime(v) for v in past["created_at"].to_list())
        months = past["period"].to_list()
        changes = reads.changed_people(engine, since, prefix, program, months)
        ids = None if recheck_all else changes["person_id"].to_list()
        if ids is None or ids:
            for m in sorted(past["period"].to_list()):
                d, s = _decisions(engine, actor, policies, Month.parse(m), prefix, program, ids)
                decisions.append(d)
                snaps[m] = s
                examined.append(m)
            booked.append(reads.booked(engine, program, examined[1:], ids=ids, prefix=prefix))
            more = reads.people_where("e.person_id", decision_day(period), "", ids)
            enrol = pl.concat([enrol, reads.enrolments(engine, program, more)]).unique(
                "person_id", keep="last"
            )
    lines = difference_lines(pl.concat(decisions), pl.concat(booked), enrol, changes, month, auto)
    return Computed(_with_hashes(lines, snaps), examined, changes.height)


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _with_hashes(lines: pl.DataFrame, snaps: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Add the SHA-256 of the facts each line was decided on."""
    parts = []
    for month, snap in snaps.items():
        part = lines.filter(pl.col("month") == month)
        if part.is_empty():
            continue
        rows = part.select("person_id").join(snap, on="person_id", how="left")
        parts.append(part.with_columns(facts_sha256(rows)))
    if not parts:
        return lines.with_columns(pl.lit(None, pl.String).alias("facts_sha256"))
    return pl.concat(parts).sort("person_id", "month")
