"""Employment tables: employers, annual declarations and reviews, job postings and referrals.

Money is kept in fen (integers). A review of a year replaces the year's earlier review
rows (one per employer and one per declared employee), so a rerun after a corrected
declaration is the whole story of that year.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)

from zhucan.storage.metadata import metadata

employer = Table(
    "employer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("credit_code", String(18), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("region", String(12), nullable=False, index=True),  # the scoping key
    Column("staff", Integer, nullable=False),
    Column("average_wage", Numeric(14, 2)),  # yuan per year
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# 当地社会平均工资 by region prefix and year (longest prefix wins).
local_wage = Table(
    "local_wage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_prefix", String(12), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("average_wage", Numeric(14, 2), nullable=False),  # yuan per year
    UniqueConstraint("region_prefix", "year", name="uq_local_wage_region_year"),
)

declaration = Table(
    "employment_declaration",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("employer_id", Integer, ForeignKey("employer.id"), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("staff", Integer, nullable=False),
    Column("average_wage", Numeric(14, 2), nullable=False),
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    UniqueConstraint("employer_id", "year", name="uq_employment_declaration_employer_year"),
)

declared_employee = Table(
    "declared_employee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", Integer, ForeignKey("employment_declaration.id"), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("citizen_id_bidx", String(64), nullable=False),
    Column("citizen_id_masked", String(18), nullable=False),
    Column("name", String(100), nullable=False),
    Column("insurance_claimed", Boolean),  # what the employer says; the feed decides
    Index("ix_declared_employee_year_bidx", "year", "citizen_id_bidx"),
    Index("ix_declared_employee_declaration", "declaration_id"),
)

review = Table(
    "employment_review",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("employer_id", Integer, ForeignKey("employer.id"), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("region", String(12), nullable=False),
    Column("review_date", Date, nullable=False),
    Column("staff", Integer, nullable=False),
    Column("declared", Integer, nullable=False),
    Column("counted", Integer, nullable=False),  # grade 1–2 count twice
    Column("ratio", Numeric(12, 6), nullable=False),
    Column("required_ratio", Numeric(8, 6), nullable=False),
    Column("tier", String(16), nullable=False),  # levy.TIERS
    Column("wage_capped", Boolean, nullable=False),
    Column("levy_fen", BigInteger, nullable=False),
    Column("reward_fen", BigInteger, nullable=False),
    Column("policy", String(100)),
    Column("policy_version", String(32)),
    Column("rejected", Integer, nullable=False),  # declared employees not counted
    Column("reviewed_by", String(64), nullable=False),
    Column("reviewed_at", DateTime, nullable=False),
    UniqueConstraint("employer_id", "year", name="uq_employment_review_employer_year"),
    Index("ix_employment_review_year_region", "year", "region"),
)

review_employee = Table(
    "employment_review_employee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declared_employee_id", Integer, ForeignKey("declared_employee.id"), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("employer_id", Integer, nullable=False),
    Column("person_id", Integer),
    Column("status", String(24), nullable=False),  # review.STATUSES
    Column("weight", SmallInteger, nullable=False),  # 0, 1 or 2
    Column("insurance", String(8), nullable=False),  # paid | not_paid | unknown
    Column("other_employers", String(200)),  # duplicate: the other employers' ids
    Index("ix_employment_review_employee_year_employer", "year", "employer_id"),
)
