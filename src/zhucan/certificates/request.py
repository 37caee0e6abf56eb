"""A new case as asked for, and the parsing of what users type for kinds and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhucan.certificates.applicants import Applicant
from zhucan.certificates.workflow import CaseKind
from zhucan.core.errors import InvalidValue


@dataclass(frozen=True)
class CaseRequest:
    """A new case: whose (citizen ID or certificate number), what kind, when, and details."""

    who: str
    kind: str
    on: date
    note: str | None = None
    applicant: Applicant | None = None
    reason: str | None = None
    event_date: date | None = None
    target_region: str | None = None


def parse_kind(raw: str) -> CaseKind:
    """A case kind from its English or Chinese name.

    >>> parse_kind("换领"), parse_kind("transfer")
    (<CaseKind.RENEWAL: 'renewal'>, <CaseKind.TRANSFER: 'transfer'>)
    """
    for kind in CaseKind:
        if raw.strip() in (kind.value, kind.zh):
            return kind
    names = "、".join(f"{k.value}（{k.zh}）" for k in CaseKind)
    raise InvalidValue(f"未知的业务类型：{raw}；可选：{names}", f"unknown case kind {raw}")


def check_date(on: date, today: date | None = None) -> None:
    """Refuse a date in the future."""
    if on > (today or date.today()):
        raise InvalidValue(f"办理日期 {on} 晚于今天", f"the date {on} is in the future")
