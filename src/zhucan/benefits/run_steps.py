"""The steps after a run is built: check, approve (not by its creator), reconcile."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, bindparam, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, Role, ensure_in_scope, jurisdiction_prefix
from zhucan.benefits.runs import RUN_ROLES, ensure_role, find_run, run_event
from zhucan.benefits.states import LineStatus, ensure_not_creator, next_run_state
from zhucan.benefits.tables import bank_account, payment_line, payment_run
from zhucan.core.errors import InvalidValue, NotFound
from zhucan.core.period import Month
from zhucan.registry.importing.read import read_table

APPROVE_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER, Role.APPROVER})


def locate_run(conn: Connection, actor: Actor, period: Month, region: str, program: str) -> Any:
    """The run of a month, jurisdiction and program within the actor's jurisdiction."""
    prefix = jurisdiction_prefix(region)
    ensure_in_scope(actor, prefix.ljust(12, "0") if prefix else None)
    run = find_run(conn, period, prefix, program)
    if run is None:
        raise NotFound(
            f"没有 {period} 辖区 {prefix or '全国'} 项目 {program} 的发放批次",
            f"no run for {period}, region {prefix or 'national'}, program {program}",
        )
    return run


def advance(
    conn: Connection, run: Any, action: str, actor: Actor, now: datetime, **values: Any
) -> str:
    after = next_run_state(action, run.state)
    conn.execute(
        update(payment_run)
        .where(payment_run.c.id == run.id, payment_run.c.state == run.state)
        .values(state=after, updated_at=now, **values)
    )
    run_event(conn, run.id, action, run.state, after, actor, now)
    audit.record(conn, actor.username, f"payment_run.{action}", "payment_run", str(run.id), {})
    return after.value


def check_run(
    engine: Engine, actor: Actor, period: Month, region: str, program: str
) -> dict[str, Any]:
    """Check a draft: totals by kind, people without a bank account; marks it checked."""
    ensure_role(actor, APPROVE_ROLES, "复核发放批次", "check payment runs")
    now = datetime.now()
    with engine.begin() as conn:
        run = locate_run(conn, actor, period, region, program)
        rows = conn.execute(
            select(payment_line.c.kind, payment_line.c.amount_fen, bank_account.c.id)
            .select_from(
                payment_line.outerjoin(
                    bank_account, bank_account.c.active_person == payment_line.c.person_id
                )
            )
            .where(payment_line.c.run_id == run.id)
        ).all()
        summary = {
            "lines": len(rows),
            "pay_fen": sum(a for _, a, _ in rows if a > 0),
            "recover_fen": -sum(a for _, a, _ in rows if a < 0),
            "by_kind": {k: sum(1 for kk, _, _ in rows if kk == k) for k in {r[0] for r in rows}},
            "without_account": sum(1 for _, a, acc in rows if a > 0 and acc is None),
        }
        state = advance(
            conn,
            run,
            "check",
            actor,
            now,
            checked_by=actor.username,
            checked_at=now,
            check_summary=json.dumps(summary, ensure_ascii=False),
        )
    return {"run_id": run.id, "state": state, **summary}


def approve_run(
    engine: Engine, actor: Actor, period: Month, region: str, program: str
) -> dict[str, Any]:
    """Approve a checked run; refused when the approver created it."""
    ensure_role(actor, APPROVE_ROLES, "审批发放批次", "approve payment runs")
    now = datetime.now()
    with engine.begin() as conn:
        run = locate_run(conn, actor, period, region, program)
        ensure_not_creator(actor.username, run.created_by)
        state = advance(
            conn, run, "approve", actor, now, approved_by=actor.username, approved_at=now
        )
    return {"run_id": run.id, "state": state, "approved_by": actor.username}


RETURN_HEADERS = {"流水号": "line_id", "结果": "result", "失败原因": "note"}
_OK = {"成功", "success", "ok", "0"}


def read_return_file(path: Path) -> pl.DataFrame:
    """The bank's return file: 流水号, 结果 (成功/失败), 失败原因 (see docs/feeds.md)."""
    sheet = read_table(path)
    names = {h.strip(): f"c{i}" for i, h in enumerate(sheet.headers)}
    missing = [h for h in ("流水号", "结果") if h not in names]
    if missing:
        raise InvalidValue(
            f"银行回盘文件缺少列：{'、'.join(missing)}",
            f"the bank return file lacks columns: {', '.join(missing)}",
        )
    frame = sheet.rows.select(
        pl.col(names["流水号"]).str.strip_chars().cast(pl.Int64, strict=False).alias("line_id"),
        pl.col(names["结果"]).str.strip_chars().alias("result"),
        (pl.col(names["失败原因"]) if "失败原因" in names else pl.lit(None, pl.String)).alias(
            "note"
        ),
    )
    if frame["line_id"].null_count():
        raise InvalidValue("银行回盘文件中有无效的流水号", "the return file has invalid line ids")
    return frame.with_columns(pl.col("result").str.to_lowercase().is_in(list(_OK)).alias("ok"))


def reconcile_run(
    engine: Engine, actor: Actor, period: Month, region: str, program: str, return_file: Path
) -> dict[str, Any]:
    """Import the bank's return file: paid or failed per line; failed lines carry over."""
    ensure_role(actor, RUN_ROLES, "导入银行回盘", "reconcile payment runs")
    frame = read_return_file(return_file)
    now = datetime.now()
    with engine.begin() as conn:
        run = locate_run(conn, actor, period, region, program)
        exported = set(
            conn.execute(
                select(payment_line.c.id).where(
                    payment_line.c.run_id == run.id,
                    payment_line.c.status == LineStatus.EXPORTED,
                )
            ).scalars()
        )
        unknown = [i for i in frame["line_id"].to_list() if i not in exported]
        if unknown:
            raise InvalidValue(
                f"回盘文件中有不属于本批次已导出明细的流水号：{unknown[:5]}",
                f"the return file names lines not exported in this run: {unknown[:5]}",
            )
        stmt = (
            update(payment_line)
            .where(payment_line.c.id == bindparam("i"))
            .values(status=bindparam("s"), bank_note=bindparam("n"))
        )
        params = [
            {
                "i": i,
                "s": LineStatus.PAID if ok else LineStatus.FAILED,
                "n": None if ok else (note or "银行退回"),
            }
            for i, ok, note in frame.select("line_id", "ok", "note").iter_rows()
        ]
        if params:
            conn.execute(stmt, params)
        state = advance(
            conn, run, "reconcile", actor, now, reconciled_by=actor.username, reconciled_at=now
        )
    failed = int((~frame["ok"]).sum())
    return {
        "run_id": run.id,
        "state": state,
        "paid": frame.height - failed,
        "failed": failed,
        "no_answer": len(exported) - frame.height,
    }
