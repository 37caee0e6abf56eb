"""The ``zhucan`` command."""

from __future__ import annotations

import contextlib

import typer

from zhucan.cli import (
    audit,
    bench,
    benefits,
    cases,
    certificates,
    db,
    employment,
    indicators,
    plan,
    policy,
    regions,
    registry,
    report,
    serve,
    synth,
    users,
)
from zhucan.cli.common import err
from zhucan.core.errors import ZhucanError
from zhucan.settings import get_settings

app = typer.Typer(
    help="智慧助残 Zhucan — 残疾人一人一档、两项补贴、指标监测",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(regions.app, name="regions")
app.add_typer(registry.import_app, name="import")
app.add_typer(registry.export_app, name="export")
app.add_typer(registry.person_app, name="person")
app.add_typer(audit.app, name="audit")
app.add_typer(plan.app, name="plan")
app.add_typer(policy.app, name="policy")
app.add_typer(indicators.app, name="indicators")
app.add_typer(report.app, name="report")
app.add_typer(certificates.app, name="certificates")
app.add_typer(users.app, name="users")
app.add_typer(benefits.benefits_app, name="benefits")
app.add_typer(benefits.pay_app, name="pay")
app.add_typer(benefits.feeds_app, name="feeds")
app.add_typer(benefits.alerts_app, name="alerts")
app.add_typer(employment.employers_app, name="employers")
app.add_typer(employment.jobs_app, name="jobs")
app.add_typer(cases.cases_app, name="cases")
app.add_typer(cases.visits_app, name="visits")
app.command("synth")(synth.synth_cmd)
app.command("serve")(serve.serve_cmd)
app.command("bench")(bench.bench_cmd)


def main() -> None:
    """Run the app; a ZhucanError becomes one clear line on standard error and exit code 2."""
    try:
        app()
    except ZhucanError as exc:
        lang = "zh"
        with contextlib.suppress(ZhucanError):
            lang = get_settings().lang
        err.print(f"错误 error: {exc.message(lang)}")
        raise SystemExit(2) from None
