"""The person file's needs, services, insurance and cases: one person's rows, labelled."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, bindparam, or_, select

from zhucan.cases.service import CATEGORIES
from zhucan.cases.tables import case_file
from zhucan.storage.batch import Read, Rows
from zhucan.support.kinds import InsuranceScheme, ServiceKind
from zhucan.support.needs import NeedKind
from zhucan.support.service_tables import insurance_enrollment, service_record
from zhucan.support.tables import need
from zhucan.web.cases_view import STATUS_ZH

#: How many of the latest services the file lists (the rest are counted).
SERVICES_SHOWN = 20
NEED_YEARS = 3


def _label(enum: type[NeedKind] | type[ServiceKind], value: str) -> str:
    try:
        return enum(value).zh
    except ValueError:
        return value


# Built once: the person file reads these on every opening.
_WHO = bindparam("person_id", type_=Integer)
_TODAY = bindparam("today", type_=Date)
_NEEDS = (
    select(need.c.year, need.c.kind)
    .where(need.c.person_id == _WHO, need.c.year > bindparam("since", type_=Integer))
    .order_by(need.c.year.desc(), need.c.kind)
)
_SERVICES = (
    select(
        service_record.c.kind,
        service_record.c.delivered_on,
        service_record.c.provider,
        service_record.c.quantity,
        service_record.c.amount,
    )
    .where(service_record.c.person_id == _WHO)
    .order_by(service_record.c.delivered_on.desc(), service_record.c.id.desc())
    .limit(SERVICES_SHOWN + 1)
)
_INSURANCE = select(insurance_enrollment.c.scheme, insurance_enrollment.c.valid_from).where(
    insurance_enrollment.c.person_id == _WHO,
    insurance_enrollment.c.valid_from <= _TODAY,
    or_(insurance_enrollment.c.valid_to.is_(None), insurance_enrollment.c.valid_to > _TODAY),
)
_CASES = (
    select(
        case_file.c.id,
        case_file.c.category,
        case_file.c.received_on,
        case_file.c.due_on,
        case_file.c.status,
        case_file.c.closed_on,
    )
    .where(case_file.c.person_id == _WHO)
    .order_by(case_file.c.received_on.desc(), case_file.c.id.desc())
)


def support_reads(person_id: int, today: date) -> list[Read]:
    """The reads of the last three years' needs, the latest services, insurance in force
    and every case about the person (the caller has checked that the person is in the
    actor's scope)."""
    who = {"person_id": person_id}
    return [
        Read(_NEEDS, {**who, "since": today.year - NEED_YEARS}),
        Read(_SERVICES, who),
        Read(_INSURANCE, {**who, "today": today}),
        Read(_CASES, who),
    ]


def support_of(rows: list[Rows]) -> dict[str, Any]:
    """The file's support sections from the rows of :func:`support_reads`, labelled."""
    need_rows, service_rows, insurance_rows, case_rows = rows
    needs: dict[int, list[str]] = {}
    for r in need_rows:
        needs.setdefault(r["year"], []).append(_label(NeedKind, r["kind"]))
    services = [{**r, "kind_label": _label(ServiceKind, r["kind"])} for r in service_rows]
    insurance = [
        {"scheme": InsuranceScheme(r["scheme"]).zh, "since": r["valid_from"]}
        for r in insurance_rows
    ]
    cases = [
        {
            **r,
            "category_label": CATEGORIES.get(r["category"], r["category"]),
            "status_label": STATUS_ZH.get(r["status"], r["status"]),
        }
        for r in case_rows
    ]
    return {
        "needs": sorted(needs.items(), reverse=True),
        "services": services[:SERVICES_SHOWN],
        "more_services": len(services) > SERVICES_SHOWN,
        "insurance": insurance,
        "cases": cases,
    }
