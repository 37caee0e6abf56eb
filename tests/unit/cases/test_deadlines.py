"""Case deadlines in calendar days, reminders and escalation levels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhucan.cases.deadlines import (
    MAX_LEVEL,
    RULES,
    CaseKind,
    accept_due,
    conclude_due,
    current_due,
    escalation_level,
)
from zhucan.core.errors import InvalidValue


def test_petition_follows_the_regulation() -> None:
    # 信访工作条例: 15 days to accept, 60 days from acceptance to conclude, +30 at most.
    assert accept_due(CaseKind.PETITION, date(2024, 12, 20)) == date(2025, 1, 4)
    assert conclude_due(CaseKind.PETITION, date(2024, 12, 30)) == date(2025, 2, 28)
    assert conclude_due(CaseKind.PETITION, date(2024, 12, 30), 30) == date(2025, 3, 30)
    with pytest.raises(InvalidValue):
        conclude_due(CaseKind.PETITION, date(2024, 12, 30), 31)
    assert RULES[CaseKind.PETITION].statutory and not RULES[CaseKind.HOTLINE].statutory


def test_current_due_switches_on_acceptance() -> None:
    received = date(2024, 3, 1)
    assert current_due(CaseKind.HOTLINE, received, None) == date(2024, 3, 2)
    assert current_due(CaseKind.HOTLINE, received, date(2024, 3, 2)) == date(2024, 3, 17)


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(0, 400))
def test_escalation_never_falls_and_is_capped(due: date, late: int) -> None:
    today = due + timedelta(days=late)
    level = escalation_level(due, today)
    assert 0 <= level <= MAX_LEVEL
    assert (level == 0) == (late == 0)
    assert escalation_level(due, today + timedelta(days=1)) >= level
