"""Entry by workers: services delivered, insurance enrollment and employment status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Engine, select, update

from zhucan.access import audit
from zhucan.access.scope import Actor, ensure_in_scope
from zhucan.core.errors import InvalidValue
from zhucan.registry.facts import FactKind
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import person
from zhucan.registry.write import record_fact
from zhucan.support.ids import insert_one
from zhucan.support.kinds import EMPLOYMENT_STATUSES, InsuranceScheme, ServiceKind
from zhucan.support.service_tables import insurance_enrollment, service_record


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    """One service delivered to one person."""

    person_id: int
    kind: ServiceKind
    delivered_on: date
    provider: str
    quantity: int = 1
    amount: Decimal | None = None
    facility_id: int | None = None


def _region_of(engine: Engine, person_id: int) -> str:
    with engine.connect() as conn:
        region = conn.execute(select(person.c.region).where(person.c.id == person_id)).scalar()
    if region is None:
        raise InvalidValue(f"名册中没有此人：#{person_id}", f"no such person: #{person_id}")
    return str(region)


def record_service(engine: Engine, actor: Actor, entry: ServiceEntry, source: str = "entry") -> int:
    """Record one service delivered by a worker; returns the new row id."""
    ensure_in_scope(actor, _region_of(engine, entry.person_id))
    if entry.quantity < 1:
        raise InvalidValue("数量须为正整数", "quantity must be a positive whole number")
    if not entry.provider.strip():
        raise InvalidValue("请填写服务提供方", "the provider is required")
    with engine.begin() as conn:
        new_id = insert_one(
            conn,
            service_record,
            person_id=entry.person_id,
            kind=entry.kind.value,
            delivered_on=entry.delivered_on,
            provider=entry.provider.strip()[:200],
            facility_id=entry.facility_id,
            quantity=entry.quantity,
            amount=entry.amount,
            source=source[:200],
            recorded_by=actor.username,
            recorded_at=datetime.now(),
        )
        audit.record(
            conn, actor.username, "service.record", "service_record", str(new_id),
            {"person_id": entry.person_id, "kind": entry.kind.value},
        )  # fmt: skip
    return int(new_id)


def set_insurance(
    engine: Engine,
    actor: Actor,
    person_id: int,
    scheme: InsuranceScheme,
    enrolled: bool,
    on: date,
    source: str = "entry",
) -> None:
    """Open (``enrolled``) or close the person's enrollment in ``scheme`` from ``on``."""
    ensure_in_scope(actor, _region_of(engine, person_id))
    rows = insurance_enrollment.c
    open_row = (
        (rows.person_id == person_id) & (rows.scheme == scheme.value) & rows.valid_to.is_(None)
    )
    with engine.begin() as conn:
        is_open = conn.execute(select(rows.id).where(open_row)).first() is not None
        if enrolled and not is_open:
            insert_one(
                conn,
                insurance_enrollment,
                person_id=person_id,
                scheme=scheme.value,
                valid_from=on,
                source=source[:200],
                recorded_by=actor.username,
                recorded_at=datetime.now(),
            )
        elif not enrolled and is_open:
            conn.execute(update(insurance_enrollment).where(open_row).values(valid_to=on))
        audit.record(
            conn, actor.username, "insurance.set", "insurance_enrollment", str(person_id),
            {"scheme": scheme.value, "enrolled": enrolled, "on": on.isoformat()},
        )  # fmt: skip


def set_employment(
    engine: Engine, actor: Actor, person_id: int, status: str, on: date, source: str = "entry"
) -> int:
    """Record the person's employment status (a registry ``employment`` fact) from ``on``."""
    if status not in EMPLOYMENT_STATUSES:
        raise InvalidValue(
            f"就业状态应为 {'/'.join(EMPLOYMENT_STATUSES)}",
            f"employment status must be one of {list(EMPLOYMENT_STATUSES)}",
        )
    ensure_in_scope(actor, _region_of(engine, person_id))
    with engine.begin() as conn:
        prov = Provenance(source, actor.username, datetime.now())
        fact_id = record_fact(conn, person_id, FactKind.EMPLOYMENT, status, on, prov)
        audit.record(
            conn, actor.username, "employment.set", "fact", str(fact_id), {"status": status}
        )
    return fact_id
