"""What a completed case writes to the registry: a certificate version, and facts it carries.

The open version is closed at the effective date (or retracted, if it had not begun) and
the new one opened with source ``certificate_case:<id>``, so as-of snapshots (and so the
next evaluation of benefits) see the new category, grade, validity or status from that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from zhucan.certificates.records import CurrentCertificate, current_certificate, death_date
from zhucan.certificates.validity import new_valid_until, renewed_valid_until
from zhucan.certificates.workflow import CaseKind
from zhucan.core.errors import Conflict
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import Provenance, next_id
from zhucan.registry.tables import certificate
from zhucan.registry.write import record_fact


@dataclass(frozen=True)
class Version:
    """A certificate version to write."""

    category: int
    grade: int
    issued: date | None
    valid_until: date | None
    status: str
    effective: date


def write_version(conn: Connection, person_id: int, v: Version, prov: Provenance) -> int:
    """Close the open version at ``v.effective`` and insert ``v``; returns its id."""
    c = certificate.c
    open_rows = conn.execute(
        select(c.id, c.valid_from).where(
            c.person_id == person_id, c.valid_to.is_(None), c.retracted_at.is_(None)
        )
    ).all()
    for cert_id, started in open_rows:
        values = {"valid_to": v.effective} if started < v.effective else {"retracted_at": prov.now}
        conn.execute(update(certificate).where(c.id == cert_id).values(values))
    new_id = next_id(conn, c.id)
    conn.execute(
        insert(certificate).values(
            id=new_id,
            person_id=person_id,
            category=v.category,
            grade=v.grade,
            issued=v.issued,
            valid_until=v.valid_until,
            status=v.status,
            valid_from=v.effective,
            source=prov.source,
            recorded_by=prov.recorded_by,
            recorded_at=prov.now,
        )
    )
    return new_id


def _needs_current(cur: CurrentCertificate | None) -> CurrentCertificate:
    if cur is None:
        raise Conflict("此人当前没有残疾人证记录", "the person has no certificate on file")
    return cur


def completed_version(
    conn: Connection, case: dict[str, Any], assessed: dict[str, Any] | None, on: date
) -> Version:
    """The certificate version a case completed on ``on`` produces."""
    kind = CaseKind(case["kind"])
    cur = current_certificate(conn, case["person_id"], on)
    if kind is CaseKind.NEW:
        assert assessed is not None
        return Version(
            assessed["category"], assessed["grade"], on, new_valid_until(on), "valid", on
        )
    old = _needs_current(cur)
    category = assessed["category"] if assessed else old.category
    grade = assessed["grade"] if assessed else old.grade
    if kind is CaseKind.RENEWAL:
        until = renewed_valid_until(old.valid_until or on, on)
        return Version(category, grade, on, until, "valid", on)
    if kind is CaseKind.REGRADE:
        return Version(category, grade, on, new_valid_until(on), "valid", on)
    effective = case["event_date"] or on
    status = "cancelled" if kind is CaseKind.CANCEL else old.status
    return Version(old.category, old.grade, old.issued, old.valid_until, status, effective)


def apply_case(
    conn: Connection,
    case: dict[str, Any],
    assessed: dict[str, Any] | None,
    on: date,
    prov: Provenance,
) -> int:
    """Write everything a completed case changes in the registry; returns the certificate id."""
    kind = CaseKind(case["kind"])
    person_id = case["person_id"]
    version = completed_version(conn, case, assessed, on)
    if kind is CaseKind.TRANSFER:
        record_fact(
            conn, person_id, FactKind.HUKOU_REGION, case["target_region"], version.effective, prov
        )
    if (
        kind is CaseKind.CANCEL
        and case["reason"] == "death"
        and death_date(conn, person_id) is None
    ):
        died = case["event_date"]
        record_fact(conn, person_id, FactKind.DEATH, died.isoformat(), died, prov)
    return write_version(conn, person_id, version, prov)
