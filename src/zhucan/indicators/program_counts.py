"""Rows counted by the indicators of other contexts: subsidies, petitions, graduates.

The person state (:mod:`.state`) holds certificate holders; these indicators count rows of
other tables (cases and graduates read once for all dates, subsidies once per date),
placed by the row's own 12-digit region code so that :mod:`.compute` sums them by code
prefix like every other kind of row:

- ``subsidy`` — on each 31 December and the last date of a series (:func:`subsidy_days`;
  empty on the other dates, so the coverage is undefined there), every person with a 户籍
  in the region, a valid certificate and alive on the date (the people of the indicator
  state, :mod:`.state`, read with the fields the rules use; no one else can be eligible),
  with, per program of
  :data:`PROGRAMS`, whether the policy engine finds them eligible on the date
  (``<program>_eligible``), whether an enrolment runs in the date's month and is not
  suspended (``<program>_enrolled``) and whether money is booked for that month
  (``<program>_paid``: payment lines not failed nor to recover, summing to more than 0);
- ``case`` — every case (``case_file``) received from 1 January of the date's year to the
  date, with its ``kind``/``category``, ``closed`` (closed on or before the date) and
  ``on_time`` (closed by the date and no later than its deadline, extensions included)
  and ``due`` (its deadline is on or before the date), placed where it arose;
- ``graduate`` — every disabled graduate (``disabled_graduate``) of the date's year with
  the ``status`` on file (the table keeps the latest status only), placed by the 户籍
  recorded when the graduate was taken on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Engine

from zhucan.benefits.reads import query
from zhucan.core.period import Month
from zhucan.indicators.state import on_day
from zhucan.policy.evaluate import ELIGIBLE, PERSON, column, decide
from zhucan.policy.expr.facts import schema_from
from zhucan.policy.expr.types import FactSchema
from zhucan.policy.loader import shipped_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA
from zhucan.storage.bulk import Schema, read_frames

if TYPE_CHECKING:
    from zhucan.indicators.definitions import Definition

#: The subsidy programs (残疾人两项补贴) whose coverage is measured.
PROGRAMS = {"living_subsidy": "困难残疾人生活补贴", "nursing_subsidy": "重度残疾人护理补贴"}

SUBSIDY_SCHEMA: dict[str, pl.DataType] = {
    "region": pl.String(),
    **{f"{p}_{part}": pl.Boolean() for p in PROGRAMS for part in ("eligible", "enrolled", "paid")},
}
CASE_SCHEMA: dict[str, pl.DataType] = {
    "region": pl.String(),
    "kind": pl.String(),
    "category": pl.String(),
    "closed": pl.Boolean(),
    "on_time": pl.Boolean(),
    "due": pl.Boolean(),
}
GRADUATE_SCHEMA: dict[str, pl.DataType] = {"region": pl.String(), "status": pl.String()}

_SUBSIDY_LABELS = {
    f"{p}_{part}": (f"{zh}{part_zh}", f"{p} {part}")
    for p, zh in PROGRAMS.items()
    for part, part_zh in (("eligible", "：政策判定符合条件"), ("enrolled", "：当月在册"),
                          ("paid", "：当月已发放"))
}  # fmt: skip
#: Fact schemas of the rows, checked against by :mod:`.definitions`.
PROGRAM_FACTS: dict[str, FactSchema] = {
    "subsidy": schema_from(SUBSIDY_SCHEMA, _SUBSIDY_LABELS),
    "case": schema_from(
        CASE_SCHEMA,
        {
            "kind": (
                "案件来源（petition 信访、hotline 热线、complaint 投诉、visit 走访）",
                "case kind",
            ),
            "category": ("案件类别", "case category"),
            "closed": ("统计日前已办结", "closed by the date"),
            "on_time": ("在办结期限内办结", "closed within its deadline"),
            "due": ("统计日前已到办结期限", "its deadline has come by the date"),
        },
    ),
    "graduate": schema_from(
        GRADUATE_SCHEMA,
        {
            "status": (
                "毕业生状态（seeking、employed、flexible、further_study、not_seeking）",
                "graduate status",
            )
        },
    ),
}


@dataclass(frozen=True)
class SubsidyRules:
    """The subsidy programs the definitions measure and the person fields their rules read."""

    programs: tuple[str, ...]
    policies: PolicySet
    fields: frozenset[str]

    @classmethod
    def of(cls, definitions: Iterable[Definition]) -> SubsidyRules | None:
        used = {n for d in definitions if d.over == "subsidy" for n in d.names}
        programs = tuple(p for p in PROGRAMS if any(n.startswith(p) for n in used))
        if not programs:
            return None
        policies = shipped_policies()
        names = {"hukou_region"}  # parameters are chosen by the 户籍 region
        for doc in policies.documents:
            if doc.program in programs:
                for v in doc.versions:
                    names |= v.names
        return cls(programs, policies, frozenset(names & set(SNAPSHOT_SCHEMA)))

    @property
    def state_columns(self) -> set[str]:
        """The fields to be read into the indicator state (the others are set here)."""
        return set(self.fields) - set(_HELD) - {"other_benefits"}


#: Fields true of everyone the indicator state holds on a date (a valid certificate, alive).
_HELD = {"alive": True, "certificate_valid": True}


def _subsidy_reads(engine: Engine, rules: SubsidyRules, day: date) -> list[pl.DataFrame]:
    """(person_id, program) enrolled in ``day``'s month and paid for it, and (person_id,
    value) of the other benefits in force on ``day`` if the rules read them."""
    d, month = day.isoformat(), str(Month.of(day))
    names = ",".join(f"'{p}'" for p in rules.programs)
    pairs = {"person_id": pl.Int64(), "program": pl.String()}
    reads: list[tuple[str, Schema | None]] = [
        (
            "SELECT e.person_id, e.program FROM enrollment e "
            f"WHERE e.program IN ({names}) AND e.start_month <= '{month}' "
            f"AND (e.end_month IS NULL OR e.end_month > '{month}') "
            f"AND (e.suspended_from IS NULL OR e.suspended_from > '{month}')",
            pairs,
        ),
        (
            "SELECT e.person_id, e.program FROM payment_line e "
            f"WHERE e.program IN ({names}) AND e.month = '{month}' "
            "AND e.status NOT IN ('failed', 'to_recover') "
            "GROUP BY e.person_id, e.program HAVING SUM(e.amount_fen) > 0",
            pairs,
        ),
    ]
    if "other_benefits" in rules.fields:
        reads.append(
            (
                "SELECT f.person_id, f.value FROM fact f WHERE f.kind = 'other_benefit' "
                f"AND f.retracted_at IS NULL AND f.valid_from <= '{d}' "
                f"AND (f.valid_to IS NULL OR f.valid_to > '{d}')",
                {"person_id": pl.Int64(), "value": pl.String()},
            )
        )
    return read_frames(engine, reads)


def _subsidy_rows(
    rules: SubsidyRules, state: pl.DataFrame, day: date, read: list[pl.DataFrame]
) -> pl.DataFrame:
    """Subsidy rows of the people ``state`` holds on ``day`` (one row each), with the
    day's :func:`_subsidy_reads`."""
    if state.is_empty():
        return pl.DataFrame(schema=SUBSIDY_SCHEMA)
    missing = rules.state_columns - set(state.columns)
    if missing:
        raise ValueError(f"the subsidy rules read fields the indicator state lacks: {missing}")
    programs = rules.programs
    enrolled, paid, *benefits = read
    people = state.select(
        "person_id",
        *(pl.col(c).cast(SNAPSHOT_SCHEMA[c]) for c in sorted(rules.state_columns)),
        *(pl.lit(v).alias(c) for c, v in _HELD.items() if c in rules.fields),
    )
    if benefits:
        held = (
            benefits[0]
            .group_by("person_id")
            .agg(pl.col("value").unique().sort().alias("other_benefits"))
        )
        people = people.join(held, on="person_id", how="left").with_columns(
            pl.col("other_benefits").fill_null([]).cast(SNAPSHOT_SCHEMA["other_benefits"])
        )
    decided = decide(rules.policies, people, day, PERSON, list(programs)).frame
    rows = state.select("person_id", pl.col("hukou_region").alias("region")).join(
        decided.select(
            "person_id",
            *(pl.col(column(p, ELIGIBLE)).alias(f"{p}_eligible") for p in programs),
        ),
        on="person_id",
        how="left",
    )
    for name, found in (("enrolled", enrolled), ("paid", paid)):  # people of the state only
        ids = {p: found.filter(pl.col("program") == p)["person_id"].implode() for p in programs}
        rows = rows.with_columns(
            pl.col("person_id").is_in(ids[p]).alias(f"{p}_{name}") for p in programs
        )
    rows = rows.with_columns(
        pl.lit(False).alias(c) for c in SUBSIDY_SCHEMA if c not in rows.columns
    )
    return rows.select(pl.col(c).cast(t).fill_null(False) if t == pl.Boolean() else pl.col(c)
                       for c, t in SUBSIDY_SCHEMA.items())  # fmt: skip


def _case_rows(engine: Engine, prefix: str, days: Sequence[date]) -> list[pl.DataFrame]:
    """:data:`CASE_SCHEMA` rows on each of ``days``, from one read of the cases received
    from 1 January of the first date's year to the last date."""
    raw = query(
        engine,
        "SELECT c.region, c.kind, c.category, c.received_on, c.closed_on, c.due_on "
        f"FROM case_file c WHERE c.received_on >= '{date(days[0].year, 1, 1).isoformat()}' "
        f"AND c.received_on <= '{days[-1].isoformat()}' AND c.region LIKE '{prefix}%'",
        {
            **{c: pl.String() for c in ("region", "kind", "category")},
            **{c: pl.Date() for c in ("received_on", "closed_on", "due_on")},
        },
    )
    out = []
    for day in days:
        closed = pl.col("closed_on").is_not_null() & (pl.col("closed_on") <= day)
        out.append(
            raw.filter(pl.col("received_on").is_between(date(day.year, 1, 1), day)).select(
                "region",
                "kind",
                "category",
                closed.alias("closed"),
                (closed & (pl.col("closed_on") <= pl.col("due_on")))
                .fill_null(False)
                .alias("on_time"),
                (pl.col("due_on") <= day).fill_null(False).alias("due"),
            )
        )
    return out


def _graduate_rows(engine: Engine, prefix: str, days: Sequence[date]) -> list[pl.DataFrame]:
    """:data:`GRADUATE_SCHEMA` rows of each of ``days``' year, from one read."""
    raw = query(
        engine,
        "SELECT g.region, g.status, g.year FROM disabled_graduate g "
        f"WHERE g.year >= {days[0].year} AND g.year <= {days[-1].year} "
        f"AND g.region LIKE '{prefix}%'",
        {**GRADUATE_SCHEMA, "year": pl.Int32()},
    )
    return [raw.filter(pl.col("year") == day.year).drop("year") for day in days]


def subsidy_days(days: Sequence[date]) -> set[date]:
    """The dates of a series on which the subsidy coverages are computed: each 31 December
    and the last date (the plans assess them yearly; each date costs a policy evaluation
    of everyone in the region and a read of the enrolments).

    >>> sorted(subsidy_days([date(2024, 11, 30), date(2024, 12, 31), date(2025, 1, 31)]))
    [datetime.date(2024, 12, 31), datetime.date(2025, 1, 31)]
    """
    return {d for d in days if (d.month, d.day) == (12, 31)} | set(days[-1:])


@dataclass(frozen=True)
class ProgramReads:
    """What :func:`program_rows` reads from the database, read apart from the person state
    so the two can be read side by side."""

    subsidy: dict[date, list[pl.DataFrame]]  # on each of subsidy_days: _subsidy_reads
    case: list[pl.DataFrame] | None
    graduate: list[pl.DataFrame] | None


def program_reads(
    engine: Engine,
    prefix: str,
    days: Sequence[date],
    definitions: Iterable[Definition],
    rules: SubsidyRules | None,
) -> ProgramReads:
    """The reads of :func:`program_rows` for the kinds the definitions count."""
    used = {d.over for d in definitions}
    return ProgramReads(
        {day: _subsidy_reads(engine, rules, day) for day in sorted(subsidy_days(days))}
        if rules is not None
        else {},
        _case_rows(engine, prefix, days) if "case" in used else None,
        _graduate_rows(engine, prefix, days) if "graduate" in used else None,
    )


def program_rows(
    reads: ProgramReads,
    days: Sequence[date],
    segments: pl.DataFrame | None,
    rules: SubsidyRules | None,
) -> dict[str, list[pl.DataFrame]]:
    """{kind of row: [rows on each of ``days``]} for the kinds read.

    The subsidy rows are those of the people in ``segments`` (the indicator state of
    ``days``, read with :attr:`SubsidyRules.state_columns`) on each of :func:`subsidy_days`.
    """
    out: dict[str, list[pl.DataFrame]] = {}
    if rules is not None and segments is not None:
        empty = pl.DataFrame(schema=SUBSIDY_SCHEMA)
        out["subsidy"] = [
            _subsidy_rows(rules, on_day(segments, k), day, reads.subsidy[day])
            if day in reads.subsidy
            else empty
            for k, day in enumerate(days)
        ]
    if reads.case is not None:
        out["case"] = reads.case
    if reads.graduate is not None:
        out["graduate"] = reads.graduate
    return out
