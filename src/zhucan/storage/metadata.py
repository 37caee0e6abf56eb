"""The one MetaData object every context's tables are declared on."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def load_all_tables() -> MetaData:
    """Import every context's table module so ``metadata`` holds the whole schema."""
    import zhucan.access.tables
    import zhucan.benefits.tables
    import zhucan.cases.tables
    import zhucan.certificates.tables
    import zhucan.employment.job_tables
    import zhucan.employment.tables
    import zhucan.indicators.tables
    import zhucan.registry.tables
    import zhucan.support.facility_tables
    import zhucan.support.service_tables
    import zhucan.support.tables  # noqa: F401

    return metadata
