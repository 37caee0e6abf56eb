"""The canonical person frame: one row per person, as importers and the generator hand it over.

Both the spreadsheet importer and the synthetic generator produce this frame; the registry's
write path (:mod:`zhucan.registry.write`) consumes it. Values are already validated and
normalized: 18-character citizen IDs, 12-digit region codes, codes not labels.
"""

from __future__ import annotations

import polars as pl

ASSISTANCE_VALUES = ("none", "dibao", "dibao_edge", "tekun")
HUKOU_TYPES = ("urban", "rural")
CERTIFICATE_STATUSES = ("valid", "cancelled")

PERSON_FRAME_SCHEMA: dict[str, pl.DataType] = {
    "citizen_id": pl.String(),
    "name": pl.String(),
    "sex": pl.String(),  # "M" | "F", derived from the citizen ID
    "birth_date": pl.Date(),
    "category": pl.Int8(),  # 1–7
    "grade": pl.Int8(),  # 1–4
    "certificate_issued": pl.Date(),
    "certificate_valid_until": pl.Date(),
    "certificate_status": pl.String(),  # CERTIFICATE_STATUSES
    "hukou_region": pl.String(),  # 12 digits
    "hukou_type": pl.String(),  # HUKOU_TYPES or null
    "residence_region": pl.String(),  # 12 digits or null
    "phone": pl.String(),
    "assistance": pl.String(),  # ASSISTANCE_VALUES
    "household_head_id": pl.String(),  # citizen ID of the household head, or null
    "needs_long_term_care": pl.Boolean(),
    "death_date": pl.Date(),
    # The date from which this row's facts are known to hold (null: the certificate's
    # issue date, else the day of recording).
    "since": pl.Date(),
}


def empty_person_frame() -> pl.DataFrame:
    """An empty frame with the canonical schema.

    >>> empty_person_frame().width == len(PERSON_FRAME_SCHEMA)
    True
    """
    return pl.DataFrame(schema=PERSON_FRAME_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing optional columns as nulls and order and cast columns to the schema.

    >>> conform(pl.DataFrame({"citizen_id": ["x"], "name": ["张三"]})).columns[:3]
    ['citizen_id', 'name', 'sex']
    """
    missing = [
        pl.lit(None, dtype=t).alias(c)
        for c, t in PERSON_FRAME_SCHEMA.items()
        if c not in frame.columns
    ]
    return frame.with_columns(missing).select(
        [pl.col(c).cast(t) for c, t in PERSON_FRAME_SCHEMA.items()]
    )
