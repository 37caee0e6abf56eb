"""Job matching tables: postings, seekers, referrals and graduates followed one by one.

List-valued fields (categories, grades, skills, accommodations) are stored as comma-joined
codes, small and read whole by the columnar matcher.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from zhucan.storage.metadata import metadata

job_posting = Table(
    "job_posting",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("employer_id", Integer, ForeignKey("employer.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("region", String(12), nullable=False, index=True),
    Column("categories", String(20), nullable=False),  # "1,4": disability categories suited
    Column("grades", String(10), nullable=False),  # "3,4": grades suited
    Column("skills", String(500), nullable=False),  # required skills
    Column("accommodations", String(500), nullable=False),  # offered: matching.ACCOMMODATIONS
    Column("openings", Integer, nullable=False),
    Column("filled", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # open | closed
    Column("posted_on", Date, nullable=False),
    Column("created_by", String(64), nullable=False),
)

job_seeker = Table(
    "job_seeker",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, unique=True),
    Column("region", String(12), nullable=False, index=True),  # where they look for work
    Column("skills", String(500), nullable=False),
    Column("needs", String(500), nullable=False),  # accommodations needed
    Column("status", String(16), nullable=False),  # active | placed | withdrawn
    Column("registered_on", Date, nullable=False),
    Column("created_by", String(64), nullable=False),
)

referral = Table(
    "job_referral",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seeker_id", Integer, ForeignKey("job_seeker.id"), nullable=False),
    Column("posting_id", Integer, ForeignKey("job_posting.id"), nullable=False),
    Column("score", Integer, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("status", String(16), nullable=False),  # referred | hired | rejected | withdrawn
    Column("referred_on", Date, nullable=False),
    Column("outcome_on", Date),
    Column("note", Text),
    Column("created_by", String(64), nullable=False),
    Index("ix_job_referral_seeker", "seeker_id"),
)

# 高校残疾人毕业生一人一策: each graduate followed until placed.
graduate = Table(
    "disabled_graduate",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("year", Integer, nullable=False),  # graduation year
    Column("region", String(12), nullable=False, index=True),
    Column("school", String(200), nullable=False),
    Column("plan", Text, nullable=False),  # 一人一策: the plan for this graduate
    Column("status", String(16), nullable=False),  # graduates.STATUSES
    Column("updated_on", Date, nullable=False),
    Column("updated_by", String(64), nullable=False),
    Index("ix_disabled_graduate_year_person", "year", "person_id", unique=True),
)
