"""Straight-line trajectory from baseline to target and the status of an actual value.

Pure functions. The planned line runs from the baseline at the end of its year to the
target at the end of the target year. Status, for an indicator where more is better
(reversed where less is):

- **achieved**: the actual value already meets the target (comparator included);
- **on track**: at or above the line on the date;
- **at risk**: below the line by at most a quarter of the planned change (at least
  1 percentage point for a %, 5 % of the target for a count);
- **off track**: further below.
"""

from __future__ import annotations

from datetime import date

ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK = "achieved", "on_track", "at_risk", "off_track"
STATUS_ZH = {ACHIEVED: "已达标", ON_TRACK: "进度正常", AT_RISK: "存在风险", OFF_TRACK: "明显滞后"}
SEVERITY = {OFF_TRACK: 0, AT_RISK: 1, ON_TRACK: 2, ACHIEVED: 3}


def lower_is_better(comparator: str | None, baseline: float | None, target: float) -> bool:
    """Whether the indicator improves downwards (``<=``, ``<``, or ``=`` below the baseline).

    >>> lower_is_better(">=", 60, 68), lower_is_better("=", None, 0)
    (False, True)
    """
    if comparator in ("<", "<="):
        return True
    return comparator == "=" and (target == 0 or (baseline is not None and target < baseline))


def expected(baseline: float, baseline_year: int, target: float, year: int, on: date) -> float:
    """The value on the straight line on ``on`` (held at its ends).

    >>> expected(60, 2020, 70, 2025, date(2023, 6, 30))
    64.989
    """
    start, end = date(baseline_year, 12, 31), date(year, 12, 31)
    t = min(max((on - start).days / max((end - start).days, 1), 0.0), 1.0)
    return round(baseline + (target - baseline) * t, 4)


def planned(
    start: float, start_year: int, target: float, year: int, comparator: str | None, on: date
) -> float:
    """The planned path on ``on``: the straight line from the start to the target, or the
    target itself when the start already meets it (a path never runs backwards).

    >>> planned(46, 2020, 10, 2025, ">=", date(2023, 12, 31)), planned(
    ...     60, 2020, 80, 2025, ">=", date(2022, 12, 31))
    (10.0, 67.9956)
    """
    if meets(start, comparator, target):
        return float(target)
    return expected(start, start_year, target, year, on)


def meets(actual: float, comparator: str | None, target: float) -> bool:
    """Whether ``actual`` satisfies the target (``>99`` needs more than 99).

    >>> meets(99.0, ">", 99), meets(99.2, ">", 99), meets(0, "=", 0)
    (False, True, True)
    """
    checks = {
        ">": actual > target,
        ">=": actual >= target,
        "=": abs(actual - target) < 1e-9 or (target == 100 and actual >= 100),
        "<=": actual <= target,
        "<": actual < target,
    }
    return checks.get(comparator or ">=", actual >= target)


def status(
    actual: float,
    line: float,
    baseline: float,
    target: float,
    comparator: str | None,
    percent: bool,
) -> str:
    """achieved / on_track / at_risk / off_track (see the module docstring).

    >>> status(64.0, 65.0, 60, 70, ">=", True), status(62.0, 65.0, 60, 70, ">=", True)
    ('at_risk', 'off_track')
    """
    if meets(actual, comparator, target):
        return ACHIEVED
    sign = -1 if lower_is_better(comparator, baseline, target) else 1
    behind = sign * (line - actual)
    if behind <= 1e-9:
        return ON_TRACK
    floor = 1.0 if percent else 0.05 * abs(target)
    return AT_RISK if behind <= max(abs(target - baseline) / 4, floor) else OFF_TRACK


def projected(actual: float, baseline: float, baseline_year: int, year: int, on: date) -> float:
    """The value at the end of ``year`` if the pace since the baseline continues.

    >>> projected(64, 60, 2020, 2025, date(2022, 12, 31))
    70.01
    """
    start, end = date(baseline_year, 12, 31), date(year, 12, 31)
    elapsed = (on - start).days
    if elapsed <= 0:
        return actual
    return round(actual + (actual - baseline) * (end - on).days / elapsed, 2)
