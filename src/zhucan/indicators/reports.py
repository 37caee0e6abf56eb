"""Use case: write an evaluation report in HTML, PDF or xlsx (chosen by the file suffix)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from zhucan.access.scope import SYSTEM, Actor
from zhucan.core.errors import InvalidValue
from zhucan.indicators.report_data import evaluation
from zhucan.indicators.report_html import render_html

FORMATS = (".html", ".pdf", ".xlsx")


def write_evaluation_report(
    engine: Engine, plan: str, year: int, region: str | None, out: Path, actor: Actor = SYSTEM
) -> Path:
    """Compute and write the plan's evaluation report for ``year`` to ``out``."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidValue(
            f"报告文件须以 {'/'.join(FORMATS)} 结尾", f"the report file must end in {FORMATS}"
        )
    e = evaluation(engine, plan, year, region, actor)
    if suffix == ".xlsx":
        from zhucan.indicators.report_xlsx import write_xlsx

        write_xlsx(e, out)
    elif suffix == ".pdf":
        from zhucan.indicators.report_pdf import html_to_pdf

        html_to_pdf(render_html(e), out)
    else:
        out.write_text(render_html(e), encoding="utf-8")
    return out
