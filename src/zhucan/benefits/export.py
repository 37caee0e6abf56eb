"""The bank file of an approved run (CSV or xlsx), for permitted roles only, audited."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, text

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, Role
from zhucan.benefits.reads import query
from zhucan.benefits.rules import rule_for
from zhucan.benefits.run_steps import advance, locate_run
from zhucan.benefits.runs import ensure_role
from zhucan.core.errors import InvalidValue
from zhucan.core.money import yuan_text
from zhucan.core.period import Month

EXPORT_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER})
NO_ACCOUNT = "无有效银行账户"
_SCHEMA: dict[str, pl.DataType] = {
    "line_id": pl.Int64(),
    "name": pl.String(),
    "citizen_id_masked": pl.String(),
    "bank_name": pl.String(),
    "holder_name": pl.String(),
    "account_enc": pl.Binary(),
    "amount_fen": pl.Int64(),
    "month": pl.String(),
}


def export_bank_file(
    engine: Engine,
    actor: Actor,
    period: Month,
    region: str,
    program: str,
    out: Path,
    file_format: str = "csv",
) -> dict[str, Any]:
    """Write the bank file of an approved run; lines without an account fail and carry over."""
    ensure_role(actor, EXPORT_ROLES, "导出银行发放文件", "export bank files")
    if file_format not in ("csv", "xlsx"):
        raise InvalidValue(
            f"不支持的格式：{file_format}（可用 csv、xlsx）", f"unsupported format {file_format}"
        )
    now = datetime.now()
    with engine.begin() as conn:
        run = locate_run(conn, actor, period, region, program)
        advance(conn, run, "export", actor, now, exported_by=actor.username, exported_at=now)
        params = {"r": run.id}
        conn.execute(
            text(
                "UPDATE payment_line SET status = 'exported' WHERE run_id = :r AND "
                "status = 'pending' AND amount_fen > 0 AND person_id IN "
                "(SELECT active_person FROM bank_account WHERE active_person IS NOT NULL)"
            ),
            params,
        )
        failed = conn.execute(
            text(
                "UPDATE payment_line SET status = 'failed', bank_note = :n WHERE run_id = :r "
                "AND status = 'pending' AND amount_fen > 0"
            ),
            {**params, "n": NO_ACCOUNT},
        ).rowcount
        audit.record(
            conn,
            actor.username,
            "payment_run.bank_file",
            "payment_run",
            str(run.id),
            {"file": out.name, "format": file_format, "without_account": failed},
        )
    frame = _bank_rows(engine, run.id, program)
    if file_format == "csv":
        frame.write_csv(out, include_bom=True)
    else:
        frame.write_excel(out, worksheet="发放明细", autofit=False)
    total = int(frame.get_column("金额（分）").sum() or 0) if frame.height else 0
    return {
        "run_id": run.id,
        "state": "exported",
        "rows": frame.height,
        "total_fen": total,
        "without_account": failed,
        "file": str(out),
    }


def _bank_rows(engine: Engine, run_id: int, program: str) -> pl.DataFrame:
    sql = (
        "SELECT l.id AS line_id, p.name, p.citizen_id_masked, b.bank_name, b.holder_name, "
        "b.account_enc, l.amount_fen, l.month FROM payment_line l "
        "JOIN person p ON p.id = l.person_id "
        "JOIN bank_account b ON b.active_person = l.person_id "
        f"WHERE l.run_id = {int(run_id)} AND l.status = 'exported' ORDER BY l.id"
    )
    rows = query(engine, sql, _SCHEMA)
    accounts = get_cipher().decrypt_many(rows["account_enc"].to_list())
    name = rule_for(program).name_zh
    return rows.select(
        pl.col("line_id").alias("流水号"),
        pl.col("name").alias("姓名"),
        pl.col("citizen_id_masked").alias("身份证号"),
        pl.col("bank_name").alias("开户行"),
        pl.col("holder_name").alias("户名"),
        pl.Series("账号", accounts, pl.String),
        yuan_text("amount_fen").alias("金额（元）"),
        pl.col("amount_fen").alias("金额（分）"),
        pl.lit(name).alias("项目"),
        pl.col("month").alias("所属月份"),
        pl.concat_str([pl.col("month"), pl.lit(f" {name}")]).alias("摘要"),
    )
