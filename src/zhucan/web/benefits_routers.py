"""The routers of the benefits, policy and calculator pages, included by the app."""

from __future__ import annotations

from fastapi import FastAPI


def include(app: FastAPI) -> None:
    """Add the benefits, policy and calculator pages to ``app``."""
    from zhucan.web import (
        benefits_alerts,
        benefits_applications,
        benefits_discovery,
        benefits_lines,
        benefits_runs,
        calculator,
        policies,
        policies_simulate,
    )

    for module in (
        benefits_applications,
        benefits_discovery,
        benefits_runs,
        benefits_lines,
        benefits_alerts,
        policies_simulate,
        policies,
        calculator,
    ):
        app.include_router(module.router)
