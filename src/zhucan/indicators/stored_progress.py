"""Which plans cover a region, and which of their targets need a warning (the dashboard).

The dashboard assesses stored rows with :func:`zhucan.indicators.progress.assess_targets`,
the same assessment ``plan_progress`` makes of computed ones.
"""

from __future__ import annotations

from typing import Any

from zhucan.core.region_code import contains
from zhucan.indicators import trajectory as tr
from zhucan.indicators.progress import PLAN_REGIONS
from zhucan.indicators.targets import plan_ids

WARNINGS = (tr.AT_RISK, tr.OFF_TRACK)


def covering_plans(region: str) -> list[str]:
    """The shipped plans whose region contains ``region``, the most local first.

    >>> covering_plans("331102000000")
    ['lishui-2021-2025', 'zhejiang-2023']
    >>> covering_plans("110000000000")
    []
    """
    found = [p for p in plan_ids() if p in PLAN_REGIONS and contains(PLAN_REGIONS[p], region)]
    return sorted(found, key=lambda p: -len(PLAN_REGIONS[p].rstrip("0")))


def warnings(progress: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets at risk or off track, binding (约束性) first, worst first."""
    return [r for r in progress if r["status"] in WARNINGS]
