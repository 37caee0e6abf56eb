"""Straight-line trajectory and status thresholds."""

from __future__ import annotations

from datetime import date

from zhucan.indicators import trajectory as tr
from zhucan.indicators.service import period_ends


def test_status_bands_for_a_rising_percentage() -> None:
    line = tr.expected(60, 2020, 68, 2025, date(2023, 12, 31))
    assert 64.7 < line < 64.9
    assert tr.status(69, line, 60, 68, ">=", True) == tr.ACHIEVED
    assert tr.status(65, line, 60, 68, ">=", True) == tr.ON_TRACK
    assert tr.status(63.5, line, 60, 68, ">=", True) == tr.AT_RISK  # 1.3 behind ≤ 2
    assert tr.status(62, line, 60, 68, ">=", True) == tr.OFF_TRACK


def test_flat_target_uses_one_point_floor() -> None:
    assert tr.status(99.0, 99.0, 99, 99, ">", True) == tr.ON_TRACK
    assert tr.status(98.2, 99.0, 99, 99, ">", True) == tr.AT_RISK
    assert tr.status(97.5, 99.0, 99, 99, ">", True) == tr.OFF_TRACK


def test_lower_is_better_for_zero_targets() -> None:
    line = tr.expected(20, 2020, 0, 2025, date(2022, 12, 31))
    assert tr.status(10, line, 20, 0, "=", False) == tr.ON_TRACK
    assert tr.status(0, line, 20, 0, "=", False) == tr.ACHIEVED


def test_period_ends_yearly() -> None:
    assert period_ends(date(2021, 1, 1), date(2023, 6, 30), "year") == [
        date(2021, 12, 31),
        date(2022, 12, 31),
        date(2023, 6, 30),
    ]
