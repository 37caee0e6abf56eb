"""Plain rules of the benefits lifecycle: deadlines, timing, overlaps, look-back.

Pure domain: standard library and ``zhucan.core`` only.

Deadlines (calendar days, chosen where the law leaves them to local rules and written
here so staff can cite them): an application is received (受理) on the day it is handed
in at the town window or 5 days after an online submission at the latest; the town
reviews (审核) within 15 days of receipt; the county decides (审批) within 15 days of the
review. 国发〔2015〕52号 leaves the steps' time limits to the provinces; 15 calendar days is
about 10 working days, the limit most provincial 两项补贴 rules set for each step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zhucan.core.period import Month

RECEIVE_DAYS = 5
REVIEW_DAYS = 15
DECISION_DAYS = 15
# How many past months a run re-examines for arrears and overpayments.
LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class ProgramRule:
    """How a program is run: enrolment by application or automatic, and what it excludes."""

    program: str
    name_zh: str
    auto_enrol: bool
    overlaps: tuple[str, ...] = ()  # other benefits (fact values) that must not run alongside


PROGRAMS: dict[str, ProgramRule] = {
    "living_subsidy": ProgramRule(
        "living_subsidy", "困难残疾人生活补贴", False, ("孤儿基本生活费",)
    ),
    "nursing_subsidy": ProgramRule(
        "nursing_subsidy", "重度残疾人护理补贴", False, ("工伤保险生活护理费",)
    ),
}


def rule_for(program: str) -> ProgramRule:
    """The rule of ``program`` (unknown programs: by application, no overlaps).

    >>> rule_for("nursing_subsidy").overlaps
    ('工伤保险生活护理费',)
    >>> rule_for("x").auto_enrol
    False
    """
    return PROGRAMS.get(program, ProgramRule(program, program, False))


def review_due(received: date) -> date:
    """The town's review deadline.

    >>> review_due(date(2025, 3, 1))
    datetime.date(2025, 3, 16)
    """
    return received + timedelta(days=REVIEW_DAYS)


def decision_due(reviewed: date) -> date:
    """The county's decision deadline.

    >>> decision_due(date(2025, 3, 16))
    datetime.date(2025, 3, 31)
    """
    return reviewed + timedelta(days=DECISION_DAYS)


def decision_day(month: Month) -> date:
    """The day a month's payment is decided on: its first day (次月停发).

    >>> decision_day(Month(2025, 4))
    datetime.date(2025, 4, 1)
    """
    return month.first_day


def first_month_without(event: date) -> Month:
    """The first month not paid after an event such as a death (次月停发).

    A death on 15 March stops payment from April; on 1 March, March is not paid either.

    >>> str(first_month_without(date(2025, 3, 15))), str(first_month_without(date(2025, 3, 1)))
    ('2025-04', '2025-03')
    """
    month = Month.of(event)
    return month if event == month.first_day else month.next()


def lookback(period: Month) -> list[Month]:
    """The past months a run for ``period`` re-examines, oldest first.

    >>> [str(m) for m in lookback(Month(2025, 2))][:2], len(lookback(Month(2025, 2)))
    (['2024-02', '2024-03'], 12)
    """
    return Month.range(period.plus(-LOOKBACK_MONTHS), period.prev())


def town_of(region: str) -> str:
    """The town (乡镇/街道, 9 digits) answering for a 12-digit 户籍 region.

    >>> town_of("331102001001")
    '331102001'
    """
    return region[:9]
