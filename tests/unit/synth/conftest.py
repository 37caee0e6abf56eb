"""Small factories for the synthetic-population tests."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from zhucan.synth.population import generate

AS_OF = date(2025, 6, 30)  # also spelled out in the test modules


def make_villages(county: str = "331102", towns: int = 4, per_town: int = 10) -> pl.DataFrame:
    """``towns × per_town`` fake 12-digit village codes under ``county``, every other urban."""
    codes = [f"{county}{t:03d}{v:03d}" for t in range(1, towns + 1) for v in range(1, per_town + 1)]
    return pl.DataFrame({"code": codes, "urban": [i % 2 == 0 for i in range(len(codes))]})


@pytest.fixture(scope="session")
def villages() -> pl.DataFrame:
    """40 fake villages under 331102, half of them urban."""
    return make_villages()


@pytest.fixture(scope="session")
def people(villages: pl.DataFrame) -> pl.DataFrame:
    """50,000 synthetic people in the 40 villages."""
    return generate(villages, 50_000, 2025, AS_OF)
