"""The as-of snapshot as one SQL query, with the columns and meaning of ``registry.snapshot``.

Facts in force on the date are pivoted with ``MAX(CASE …) … GROUP BY person_id`` (a kind
has at most one fact in force, as the write path closes the previous one); other benefits
are aggregated into the ``sql_table`` list encoding (``␟a␟b␟``); the certificate version in
force is the one with the highest id. Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from zhucan.policy.expr.sql_table import LIST_SEPARATOR
from zhucan.registry.facts import DECIMAL_FACTS, FactKind
from zhucan.registry.tables import certificate, fact, in_force, person

_SINGLE = [k.value for k in FactKind if k is not FactKind.OTHER_BENEFIT]
Col = sa.ColumnElement[Any]


def _list_agg(dialect: str, item: Col) -> Col:
    if dialect == "postgresql":
        return sa.func.string_agg(item, sa.literal_column("''"), type_=sa.Text)
    return sa.func.group_concat(item, sa.literal_column("''"), type_=sa.Text)


def _as_date(dialect: str, text: Col) -> Col:
    """Fact text 'YYYY-MM-DD' as a date (SQLite keeps dates as such text anyway)."""
    return sa.cast(text, sa.Date) if dialect == "postgresql" else sa.type_coerce(text, sa.Date)


def _as_decimal(dialect: str, text: Col) -> Col:
    target = sa.Numeric(38, 4) if dialect == "postgresql" else sa.Numeric()
    return sa.cast(text, target)


def snapshot_select(dialect: str, as_of: date, prefix: str | None = None) -> sa.Subquery:
    """A subquery with one row per person with a 户籍 on ``as_of`` (under ``prefix``)."""
    day: Col = sa.literal_column(f"'{as_of.isoformat()}'", type_=sa.Date)
    f = fact.alias("f")
    sep = sa.literal(LIST_SEPARATOR, sa.Text)
    benefit = sa.case((f.c.kind == FactKind.OTHER_BENEFIT.value, f.c.value + sep))
    facts = (
        sa.select(
            f.c.person_id,
            *(sa.func.max(sa.case((f.c.kind == k, f.c.value))).label(k) for k in _SINGLE),
            _list_agg(dialect, benefit).label("benefits"),
        )
        .where(in_force(f, day))
        .group_by(f.c.person_id)
        .cte("snap_facts")
    )
    c = certificate.alias("c")
    latest = (
        sa.select(c.c.person_id, sa.func.max(c.c.id).label("cert_id"))
        .where(in_force(c, day))
        .group_by(c.c.person_id)
        .cte("snap_cert")
    )
    cert = certificate.alias("cert")
    birth = person.c.birth_date
    before_birthday = (as_of.month * 100 + as_of.day) < (
        sa.extract("month", birth) * 100 + sa.extract("day", birth)
    )
    age = as_of.year - sa.extract("year", birth) - sa.case((before_birthday, 1), else_=0)
    hukou = facts.c.hukou_region
    status_ok = sa.and_(
        cert.c.status == "valid",
        sa.func.coalesce(cert.c.issued <= day, sa.true()),
        sa.func.coalesce(cert.c.valid_until >= day, sa.true()),
    )
    columns: list[Col] = [
        person.c.id.label("person_id"),
        person.c.name,
        person.c.citizen_id_masked,
        person.c.phone_masked,
        person.c.sex,
        birth.label("birth_date"),
        sa.cast(age, sa.Integer).label("age"),
        person.c.household_id,
        hukou.label("hukou_region"),
        facts.c.hukou_type,
        sa.case(
            (facts.c.hukou_type.is_(None), sa.null()), else_=facts.c.hukou_type == "urban"
        ).label("urban"),
        sa.func.coalesce(facts.c.residence_region, hukou).label("residence_region"),
        sa.func.coalesce(facts.c.assistance, "none").label("assistance"),
        sa.func.coalesce(facts.c.long_term_care == "true", sa.false()).label(
            "needs_long_term_care"
        ),
        sa.func.coalesce(facts.c.institutional_care == "true", sa.false()).label(
            "institutional_care"
        ),
        (sep + sa.func.coalesce(facts.c.benefits, "")).label("other_benefits"),
        _as_date(dialect, facts.c.death).label("death_date"),
        facts.c.death.is_(None).label("alive"),
        cert.c.category,
        cert.c.grade,
        cert.c.issued.label("certificate_issued"),
        cert.c.valid_until.label("certificate_valid_until"),
        cert.c.status.label("certificate_status"),
        sa.func.coalesce(status_ok, sa.false()).label("certificate_valid"),
        *(_as_decimal(dialect, facts.c[k.value]).label(k.value) for k in DECIMAL_FACTS),
        facts.c.self_care,
    ]
    query = (
        sa.select(*columns)
        .select_from(
            person.join(facts, facts.c.person_id == person.c.id)
            .outerjoin(latest, latest.c.person_id == person.c.id)
            .outerjoin(cert, cert.c.id == latest.c.cert_id)
        )
        .where(hukou.is_not(None))
    )
    if prefix:
        query = query.where(hukou.like(f"{prefix}%"))
    if dialect == "postgresql":
        # OFFSET 0 keeps PostgreSQL from flattening the subquery: each snapshot column is
        # then computed once per person, not again at every place a rule reads it
        query = query.offset(0)
    return query.subquery("snap")
