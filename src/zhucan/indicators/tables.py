"""Stored indicator values: one row per region, date and indicator, kept for the dashboard.

Computing a province takes seconds; the dashboard reads these rows instead. A refresh
replaces one date's rows under one region in a single transaction
(:func:`zhucan.indicators.store.refresh`).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, DateTime, Index, SmallInteger, String, Table

from zhucan.storage.metadata import metadata

indicator_value = Table(
    "indicator_value",
    metadata,
    Column("region", String(12), primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("indicator", String(64), primary_key=True),
    Column("level", SmallInteger, nullable=False),
    Column("numerator", BigInteger, nullable=False),
    Column("denominator", BigInteger, nullable=False),
    # The value as exact decimal text ("66.67", "7"); null when the denominator is 0.
    Column("value", String(24), nullable=True),
    Column("computed_at", DateTime, nullable=False),
    Column("computed_by", String(64), nullable=False),
    Index("ix_indicator_value_as_of_region", "as_of", "region"),
)
