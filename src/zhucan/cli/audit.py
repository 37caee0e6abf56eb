"""``zhucan audit``: verify the hash chain of the audit log."""

from __future__ import annotations

import typer

from zhucan.access.audit import verify
from zhucan.cli.common import Format, FormatOpt, emit, err, out, ready_engine

app = typer.Typer(help="审计日志 Audit log", no_args_is_help=True)


@app.command("verify")
def verify_cmd(fmt: FormatOpt = Format.text) -> None:
    """校验审计日志哈希链 Detect any edited or deleted audit row (exit 1 if broken)."""
    with ready_engine().connect() as conn:
        result = verify(conn)
    data = {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_id": result.first_bad_id,
        "reason": result.reason_zh,
    }
    if not emit(data, fmt):
        if result.ok:
            out.print(f"审计日志完整：已校验 {result.checked} 条 audit log intact")
        else:
            err.print(f"审计日志被篡改：第 {result.first_bad_id} 条，{result.reason_zh}")
    raise typer.Exit(0 if result.ok else 1)
