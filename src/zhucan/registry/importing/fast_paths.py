"""Polars fast paths of the import checks: which values are already canonical.

A value these accept is exactly one its cell parser would return unchanged, so only the
rest (a small share of a real sheet) goes through the per-value parsers of ``validate``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from zhucan.core.region_code import PROVINCE_CODES


def birth_date_and_sex() -> list[pl.Expr]:
    """Birth date (digits 7–14) and sex (odd 17th digit: M) of valid IDs, as CitizenId does."""
    cid = pl.col("citizen_id")
    return [
        cid.str.slice(6, 8).str.to_date("%Y%m%d", strict=False).alias("birth_date"),
        pl.when(cid.is_null())
        .then(None)
        .when(cid.str.slice(16, 1).cast(pl.Int8, strict=False) % 2 == 1)
        .then(pl.lit("M"))
        .otherwise(pl.lit("F"))
        .alias("sex"),
    ]


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def well_formed_citizen_ids(values: pl.Series, today: date) -> pl.Series:
    """Which values are already canonical valid citizen IDs, decided with Polars alone.

    True only for 17 ASCII digits + digit or X, a known province, an existing birth date from
    1900 to ``today`` and the right GB 11643 check character: exactly the values that
    ``normalize_citizen_id`` returns unchanged. False sends a value to that parser.
    """
    cid = pl.col("v")
    birth = cid.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    weighted = pl.sum_horizontal(
        cid.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(_ID_WEIGHTS)
    )
    check = (weighted % 11).replace_strict(
        list(range(11)), list(_CHECK_CHARS), return_dtype=pl.String
    )
    shaped = cid.str.contains(r"^[0-9]{17}[0-9X]$").fill_null(False)
    ok = (
        pl.when(shaped)
        .then(
            cid.str.slice(0, 2).is_in(sorted(PROVINCE_CODES))
            & birth.is_not_null()
            & (birth >= date(1900, 1, 1))
            & (birth <= today)
            & (check == cid.str.slice(17, 1))
        )
        .otherwise(False)
        .fill_null(False)
    )
    return pl.DataFrame({"v": values.cast(pl.String)}).select(ok).to_series()


def plain_names(values: pl.Series) -> pl.Series:
    """Names of 1–50 Chinese characters (and ·) only: ``parse_name`` returns them unchanged."""
    return values.str.contains(r"^[\x{3400}-\x{9fff}\x{f900}-\x{faff}·]{1,50}$").fill_null(False)


def village_codes(values: pl.Series) -> pl.Series:
    """12-digit codes of a known province: ``parse_region`` returns them unchanged."""
    shaped = values.str.contains(r"^[0-9]{12}$").fill_null(False)
    return shaped & values.str.slice(0, 2).is_in(sorted(PROVINCE_CODES))


def mobiles(values: pl.Series) -> pl.Series:
    """Plain 11-digit mobile numbers: ``parse_phone`` returns them unchanged."""
    return values.str.contains(r"^1[3-9][0-9]{9}$").fill_null(False)
