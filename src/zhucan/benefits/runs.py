"""Monthly payment runs: create or re-run a month for a jurisdiction and program.

Idempotent: a run writes only the difference between what is due and what is booked, and
the database refuses a second line with the same person, program, month and ``seq``.
Everything a run writes (run row, all lines, automatic enrolments, audit) is one
transaction, so a run killed midway leaves nothing and the next attempt writes it all.
Two runs of the same month, jurisdiction and program at once: the first to take the run's
lock wins; the other is refused with a clear message.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select, text, update

from zhucan.access import audit
from zhucan.access.scope import Actor, Role, ensure_in_scope, jurisdiction_prefix
from zhucan.benefits.compute import compute_lines
from zhucan.benefits.enrol_auto import enrol_automatically
from zhucan.benefits.settings import is_auto
from zhucan.benefits.states import REOPENABLE, RunState
from zhucan.benefits.tables import payment_line, payment_run, payment_run_event
from zhucan.core.errors import Conflict, Forbidden
from zhucan.core.period import Month
from zhucan.policy.loader import load_policies
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.rows import next_id
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock

RUN_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER})


@dataclass(frozen=True)
class RunSummary:
    """What a run did."""

    run_id: int
    period: str
    region: str
    program: str
    state: str
    new_lines: int
    regular: int
    arrears: int
    recovery: int
    new_fen: int
    enrolled: int
    months_examined: list[str]

    def as_json(self) -> dict[str, Any]:
        """The summary as a JSON-able dict."""
        return asdict(self)


def ensure_role(actor: Actor, roles: frozenset[Role], what_zh: str, what_en: str) -> None:
    """Refuse unless the actor's role is among ``roles``."""
    if actor.role not in roles:
        raise Forbidden(f"您的角色无权{what_zh}", f"your role may not {what_en}")


def run_key(period: Month, prefix: str, program: str) -> str:
    """The lock name of a run."""
    return f"payment_run:{period}:{prefix}:{program}"


def find_run(conn: Connection, period: Month, prefix: str, program: str) -> Any:
    """The run row of a month, jurisdiction and program, or None."""
    return conn.execute(
        select(payment_run).where(
            payment_run.c.period == str(period),
            payment_run.c.region == prefix,
            payment_run.c.program == program,
        )
    ).first()


def _lock_run(conn: Connection, key: str) -> None:
    """Take the run's lock, refusing at once on PostgreSQL when another run holds it."""
    if conn.dialect.name == "postgresql":
        got = conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": zlib.crc32(key.encode())}
        ).scalar_one()
        if not got:
            raise _busy()
    take_write_lock(conn, "payment_line")


def _busy() -> Conflict:
    return Conflict(
        "同一月份、辖区和项目的发放批次正由另一操作生成，本次未写入任何数据；请稍后查看该批次",
        "another run of the same month, jurisdiction and program is being built; "
        "nothing was written; look at that run in a moment",
    )


def run_payments(
    engine: Engine,
    actor: Actor,
    period: Month,
    region: str,
    program: str,
    policies: PolicySet | None = None,
    recheck_all: bool = False,
    now: datetime | None = None,
) -> RunSummary:
    """Create the run of ``period`` (or add to its draft): new lines for the differences."""
    ensure_role(actor, RUN_ROLES, "生成发放批次", "create payment runs")
    prefix = jurisdiction_prefix(region)
    ensure_in_scope(actor, prefix.ljust(12, "0") if prefix else None)
    policies = policies or load_policies()
    with engine.connect() as conn:
        seen = find_run(conn, period, prefix, program)
    if seen is not None and seen.state not in REOPENABLE:
        raise Conflict(
            f"{period} 的发放批次 #{seen.id} 已{RunState(seen.state).zh}，不能再改动；"
            "此后发现的差额将在下月批次中补发或追回",
            f"run #{seen.id} of {period} is {seen.state} and cannot change; differences "
            "found later go into next month's run",
        )
    auto = is_auto(engine, program)
    computed = compute_lines(engine, actor, policies, period, prefix, program, auto, recheck_all)
    lines = computed.lines
    now = now or datetime.now()
    with engine.begin() as conn:
        _lock_run(conn, run_key(period, prefix, program))
        current = find_run(conn, period, prefix, program)
        if (current is None) != (seen is None) or (
            current is not None and current.revision != seen.revision
        ):
            raise Conflict(
                f"{period} 的发放批次刚刚由 {current.created_by} 生成或更新（另一操作同时进行），"
                "本次未写入任何数据",
                f"the run of {period} was just created or changed by another operation; "
                "nothing was written",
            )
        run_id = _save_run(conn, current, period, prefix, program, actor, lines, now)
        _insert_lines(conn, lines, run_id, program, now)
        enrolled = enrol_automatically(conn, lines, program, actor, now) if auto else 0
        audit.record(
            conn,
            actor.username,
            "payment_run.run",
            "payment_run",
            str(run_id),
            {
                "period": str(period),
                "region": prefix,
                "program": program,
                "new_lines": lines.height,
                "new_fen": int(lines["amount_fen"].sum() or 0),
            },
        )
        state = conn.execute(
            select(payment_run.c.state).where(payment_run.c.id == run_id)
        ).scalar_one()
    counts = lines.group_by("kind").len()
    by_kind = dict(zip(counts["kind"].to_list(), counts["len"].to_list(), strict=True))
    return RunSummary(
        run_id,
        str(period),
        prefix,
        program,
        state,
        lines.height,
        by_kind.get("regular", 0),
        by_kind.get("arrears", 0),
        by_kind.get("recovery", 0),
        int(lines["amount_fen"].sum() or 0),
        enrolled,
        computed.months_examined,
    )


def _save_run(
    conn: Connection,
    current: Any,
    period: Month,
    prefix: str,
    program: str,
    actor: Actor,
    lines: pl.DataFrame,
    now: datetime,
) -> int:
    added = int(lines["amount_fen"].sum() or 0)
    if current is None:
        run_id = next_id(conn, payment_run.c.id)
        conn.execute(
            payment_run.insert().values(
                id=run_id,
                period=str(period),
                region=prefix,
                program=program,
                state=RunState.DRAFT,
                revision=1,
                line_count=lines.height,
                total_fen=added,
                created_by=actor.username,
                created_at=now,
                updated_at=now,
            )
        )
        run_event(conn, run_id, "run", None, RunState.DRAFT, actor, now, {"lines": lines.height})
        return run_id
    if lines.height:
        conn.execute(
            update(payment_run)
            .where(payment_run.c.id == current.id)
            .values(
                state=RunState.DRAFT,
                revision=current.revision + 1,
                line_count=current.line_count + lines.height,
                total_fen=current.total_fen + added,
                checked_by=None,
                checked_at=None,
                updated_at=now,
            )
        )
        run_event(
            conn,
            current.id,
            "rerun",
            current.state,
            RunState.DRAFT,
            actor,
            now,
            {"lines": lines.height},
        )
    return int(current.id)


def run_event(
    conn: Connection,
    run_id: int,
    action: str,
    before: str | None,
    after: str,
    actor: Actor,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one state change of a run."""
    conn.execute(
        payment_run_event.insert().values(
            id=next_id(conn, payment_run_event.c.id),
            run_id=run_id,
            action=action,
            from_state=before,
            to_state=after,
            by=actor.username,
            at=now,
            detail=json.dumps(detail or {}, ensure_ascii=False),
        )
    )


def _insert_lines(
    conn: Connection, lines: pl.DataFrame, run_id: int, program: str, now: datetime
) -> None:
    if lines.is_empty():
        return
    start = next_id(conn, payment_line.c.id)
    rows = lines.drop("failed").with_columns(
        pl.int_range(start, start + lines.height, dtype=pl.Int64).alias("id"),
        pl.lit(run_id, pl.Int64).alias("run_id"),
        pl.lit(program).alias("program"),
        pl.lit(None, pl.String).alias("bank_note"),
        pl.lit(now).alias("created_at"),
    )
    bulk_insert(conn, payment_line, rows)
