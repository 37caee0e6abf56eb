"""The current (open-ended) state of known people, in the canonical frame's terms."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import Connection, and_, select

from zhucan.access.crypto import FieldCipher
from zhucan.registry.facts import FRAME_FACTS, FactKind
from zhucan.registry.tables import certificate, fact, person

CHUNK = 5_000
SINGLE_VALUED = [k.value for k in FRAME_FACTS.values()] + [FactKind.DEATH.value]


def current_state(conn: Connection, ids: list[int], cipher: FieldCipher) -> pl.DataFrame:
    """Person fields, open certificate and open single-valued facts of ``ids``.

    Columns: id, name, phone, phone_masked, household_id, the certificate fields as in the
    canonical frame, cert_id, cert_valid_from, and open_facts (list of kind, value, fact_id,
    valid_from).
    """
    people: list[Any] = []
    certs: list[Any] = []
    facts: list[Any] = []
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        people += conn.execute(
            select(
                person.c.id,
                person.c.name,
                person.c.phone_enc,
                person.c.phone_masked,
                person.c.household_id,
            ).where(person.c.id.in_(part))
        ).all()
        certs += conn.execute(
            select(
                certificate.c.person_id,
                certificate.c.id,
                certificate.c.category,
                certificate.c.grade,
                certificate.c.issued,
                certificate.c.valid_until,
                certificate.c.status,
                certificate.c.valid_from,
            ).where(
                and_(
                    certificate.c.person_id.in_(part),
                    certificate.c.valid_to.is_(None),
                    certificate.c.retracted_at.is_(None),
                )
            )
        ).all()
        facts += conn.execute(
            select(fact.c.person_id, fact.c.kind, fact.c.value, fact.c.id, fact.c.valid_from).where(
                and_(
                    fact.c.person_id.in_(part),
                    fact.c.valid_to.is_(None),
                    fact.c.retracted_at.is_(None),
                    fact.c.kind.in_(SINGLE_VALUED),
                )
            )
        ).all()
    base = pl.DataFrame(
        {
            "id": [r[0] for r in people],
            "name": [r[1] for r in people],
            "phone": [cipher.decrypt(r[2]) if r[2] is not None else None for r in people],
            "phone_masked": [r[3] for r in people],
            "household_id": [r[4] for r in people],
        },
        schema={
            "id": pl.Int64,
            "name": pl.String,
            "phone": pl.String,
            "phone_masked": pl.String,
            "household_id": pl.Int64,
        },
    )
    cert_frame = pl.DataFrame(
        certs,
        schema={
            "id": pl.Int64,
            "cert_id": pl.Int64,
            "category": pl.Int8,
            "grade": pl.Int8,
            "certificate_issued": pl.Date,
            "certificate_valid_until": pl.Date,
            "certificate_status": pl.String,
            "cert_valid_from": pl.Date,
        },
        orient="row",
    ).unique("id", keep="last")
    fact_frame = (
        pl.DataFrame(
            facts,
            schema={
                "id": pl.Int64,
                "kind": pl.String,
                "value": pl.String,
                "fact_id": pl.Int64,
                "valid_from": pl.Date,
            },
            orient="row",
        )
        .group_by("id")
        .agg(pl.struct("kind", "value", "fact_id", "valid_from").alias("open_facts"))
    )
    return base.join(cert_frame, on="id", how="left").join(fact_frame, on="id", how="left")
