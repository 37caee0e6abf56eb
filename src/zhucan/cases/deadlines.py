"""Case kinds and their legal deadlines, in calendar days; reminders and escalation levels.

Petitions (信访) follow 信访工作条例 (2022): decide whether to accept within 15 days of
receipt, conclude within 60 days of acceptance, extendable once by at most 30 days with
approval. The regulation counts calendar days (日), so do we. The 12385 hotline and
complaints have no national statute; the values below are our documented choices
(modelled on 12345 hotline practice), to be set by each deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from zhucan.core.errors import InvalidValue


class CaseKind(StrEnum):
    """Where a case came from."""

    HOTLINE = "hotline"  # 12385 残疾人服务热线
    PETITION = "petition"  # 信访
    COMPLAINT = "complaint"  # 投诉
    VISIT = "visit"  # a problem found on a home visit (入户访视)

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            "hotline": "12385热线",
            "petition": "信访",
            "complaint": "投诉",
            "visit": "入户访视",
        }[self.value]


@dataclass(frozen=True)
class Rules:
    """Deadlines of one kind of case, in calendar days."""

    accept_days: int
    conclude_days: int  # counted from acceptance
    max_extension_days: int
    statutory: bool  # False: our documented example, not from a statute


RULES: dict[CaseKind, Rules] = {
    CaseKind.PETITION: Rules(15, 60, 30, statutory=True),
    CaseKind.HOTLINE: Rules(1, 15, 15, statutory=False),
    CaseKind.COMPLAINT: Rules(5, 30, 15, statutory=False),
    CaseKind.VISIT: Rules(5, 30, 15, statutory=False),
}
REMIND_DAYS = 3  # remind when the deadline is this close
ESCALATE_EVERY = 10  # one more level for every this many days past the deadline
MAX_LEVEL = 2  # county → city (1) → province (2)


def accept_due(kind: CaseKind, received: date) -> date:
    """The last day to decide on acceptance.

    >>> accept_due(CaseKind.PETITION, date(2024, 1, 20))
    datetime.date(2024, 2, 4)
    """
    return received + timedelta(days=RULES[kind].accept_days)


def conclude_due(kind: CaseKind, accepted: date, extension_days: int = 0) -> date:
    """The last day to conclude, counted from acceptance, with an approved extension.

    >>> conclude_due(CaseKind.PETITION, date(2024, 2, 1))
    datetime.date(2024, 4, 1)
    >>> conclude_due(CaseKind.PETITION, date(2024, 2, 1), 30)
    datetime.date(2024, 5, 1)
    """
    rules = RULES[kind]
    if not 0 <= extension_days <= rules.max_extension_days:
        raise InvalidValue(
            f"延期不得超过 {rules.max_extension_days} 日",
            f"an extension may not exceed {rules.max_extension_days} days",
        )
    return accepted + timedelta(days=rules.conclude_days + extension_days)


def current_due(
    kind: CaseKind, received: date, accepted: date | None, extension_days: int = 0
) -> date:
    """The deadline now running: acceptance until accepted, then conclusion."""
    if accepted is None:
        return accept_due(kind, received)
    return conclude_due(kind, accepted, extension_days)


def escalation_level(due: date, today: date) -> int:
    """How far up an open case should have gone: 0 on time, 1 past due, +1 per 10 days more.

    >>> [escalation_level(date(2024, 4, 1), date(2024, 4, d)) for d in (1, 2, 11, 12, 30)]
    [0, 1, 1, 2, 2]
    """
    if today <= due:
        return 0
    return min(MAX_LEVEL, 1 + ((today - due).days - 1) // ESCALATE_EVERY)


def needs_reminder(due: date, today: date) -> bool:
    """Whether an open case is within the reminder window of its deadline (and not past it).

    >>> due = date(2024, 4, 1)
    >>> needs_reminder(due, date(2024, 3, 29)), needs_reminder(due, date(2024, 3, 28))
    (True, False)
    """
    return today <= due <= today + timedelta(days=REMIND_DAYS)
