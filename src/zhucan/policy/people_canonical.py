"""A fast path for ``policy eval``: rows whose sheet fields are already canonical.

The importer's validation (``registry.importing.validate``) parses every distinct value of
every column and cross-checks the rows, one Polars step at a time: right for a spreadsheet
of any quality, slow for a JSON list that a program wrote with canonical values. Here the
rows that certainly pass are recognised with whole-column Polars tests; they become the
canonical person frame directly, with exactly the values validation would give them. Every
other row, and every row a cross-row check could involve (a duplicate citizen ID, a
certificate number naming another row's ID), still goes through ``validate``, so errors and
their messages are unchanged.

Canonical here: a plain Chinese name, a citizen ID with the right check digit
(``well_formed_citizen_ids``), a certificate number equal to that ID plus category and
grade digits (agreeing with the category and grade given), ISO dates (issue and death not
after today, not before birth; expiry not before issue), 12-digit region codes of a known
province, and phone (mobiles directly), category, grade, hukou type, assistance and
long-term care values that the importer's own parsers accept (each distinct value parsed
once, giving the value validation would give).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import polars as pl

from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.disability import parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import PROVINCE_CODES
from zhucan.registry.frame import conform
from zhucan.registry.importing.fast_paths import well_formed_citizen_ids
from zhucan.registry.importing.validate import CERTIFICATE_YEARS
from zhucan.registry.importing.values import (
    compact,
    parse_assistance,
    parse_hukou_type,
    parse_phone,
    parse_yes_no,
)

KnownRegions = Callable[[Iterable[str]], set[str]]
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_MOBILE = r"^1[3-9][0-9]{9}$"
# a landline exactly as parse_phone writes it: area code (3 or 4 digits, which the second
# digit decides), number, optional extension
_LANDLINE = r"^(0[12][0-9]|0[3-9][0-9]{2})-[1-9][0-9]{6,7}(-[0-9]{1,6})?$"
_PROVINCES = sorted(PROVINCE_CODES)


def _parsed(column: pl.Series, parse: Callable[[str], Any], dtype: pl.DataType) -> pl.Series:
    """Each distinct value parsed once with the importer's parser; null where it fails."""
    distinct = column.drop_nulls().unique().to_list()
    values = []
    for value in distinct:
        try:
            values.append(parse(value))
        except (InvalidValue, TypeError, ValueError):
            values.append(None)
    return column.replace_strict(distinct, pl.Series(values, dtype=dtype), default=None)


def _phones(column: pl.Series) -> pl.Series:
    """Phone numbers as ``parse_phone`` gives them: mobiles and landlines written as it
    writes them (``0578-2123456``, ``010-12345678-801``) as they are, the others parsed once
    each; null where the parser refuses."""
    canonical = column.str.contains(f"{_MOBILE}|{_LANDLINE}").fill_null(False)
    others = pl.select(pl.when(~pl.lit(canonical)).then(pl.lit(column))).to_series()
    return column.zip_with(canonical, _parsed(others, parse_phone, pl.String()))


def _well_formed(frame: pl.DataFrame, today: date) -> list[pl.Series]:
    """Whether citizen IDs and household heads are canonical valid IDs (each distinct ID
    checked once: heads are mostly IDs of the same list)."""
    ids, heads = frame.get_column("citizen_id"), frame.get_column("household_head_id")
    distinct = pl.concat([ids, heads]).drop_nulls().unique()
    ok = well_formed_citizen_ids(distinct, today)
    good = distinct.filter(ok).implode()
    return [
        ids.is_in(good).fill_null(False).alias("_cid_ok"),
        heads.is_in(good).fill_null(False).alias("_head_ok"),
    ]


def _date(name: str) -> pl.Expr:
    text = pl.col(name)
    parsed = text.str.to_date("%Y-%m-%d", strict=False)
    return pl.when(text.str.contains(_ISO) & (parsed.dt.year() >= 1900)).then(parsed)


def _region_ok(name: str) -> pl.Expr:
    code = pl.col(name)
    return code.str.contains(r"^[0-9]{12}$") & code.str.slice(0, 2).is_in(_PROVINCES)


def split(
    frame: pl.DataFrame, today: date, known_regions: KnownRegions | None
) -> tuple[pl.DataFrame, pl.Series]:
    """The canonical frame (``conform`` columns plus ``row``) of the rows that pass for
    certain, and a Boolean mask over ``frame`` of the rows left for ``validate``.

    ``frame`` has the sheet fields as text (null when empty) and ``row`` (Int32).
    """
    parsed = frame.with_columns(
        _parsed(frame.get_column("category"), lambda v: int(parse_category(v)), pl.Int8()),
        _parsed(frame.get_column("grade"), lambda v: int(parse_grade(v)), pl.Int8()),
        _parsed(frame.get_column("hukou_type"), parse_hukou_type, pl.String()),
        _parsed(frame.get_column("assistance"), parse_assistance, pl.String()),
        _parsed(frame.get_column("needs_long_term_care"), parse_yes_no, pl.Boolean()),
        _phones(frame.get_column("phone")),
        *_well_formed(frame, today),
        _date("certificate_issued").alias("_issued"),
        _date("certificate_valid_until").alias("_until"),
        _date("death_date").alias("_death"),
        pl.col("citizen_id").str.slice(6, 8).str.to_date("%Y%m%d", strict=False).alias("_birth"),
    )
    cid, cert = pl.col("citizen_id"), pl.col("certificate_no")
    cert_category = cert.str.slice(18, 1).cast(pl.Int8, strict=False)
    cert_grade = cert.str.slice(19, 1).cast(pl.Int8, strict=False)

    def optional(name: str, ok: pl.Expr) -> pl.Expr:
        return frame_col(name).is_null() | ok

    def frame_col(name: str) -> pl.Expr:
        return pl.col(f"_raw_{name}")

    raw = [pl.col(n).alias(f"_raw_{n}") for n in _SMALL]
    issued, until, death, birth = (pl.col(c) for c in ("_issued", "_until", "_death", "_birth"))
    ok = (
        pl.col("name").str.contains(r"^[\x{3400}-\x{9fff}\x{f900}-\x{faff}·]{1,50}$")
        & pl.col("_cid_ok")
        & (cert.str.len_chars() == 20)
        & (cert.str.slice(0, 18) == cid)
        & cert_category.is_between(1, 7)
        & cert_grade.is_between(1, 4)
        & (pl.col("category").is_null() | (pl.col("category") == cert_category))
        & (pl.col("grade").is_null() | (pl.col("grade") == cert_grade))
        & optional("category", pl.col("category").is_not_null())
        & optional("grade", pl.col("grade").is_not_null())
        & optional("hukou_type", pl.col("hukou_type").is_not_null())
        & optional("assistance", pl.col("assistance").is_not_null())
        & optional("needs_long_term_care", pl.col("needs_long_term_care").is_not_null())
        & optional("certificate_issued", issued.is_not_null() & (issued <= today))
        & optional("certificate_valid_until", until.is_not_null())
        & optional("death_date", death.is_not_null() & (death <= today))
        & (issued.is_null() | (issued >= birth))
        & (until.is_null() | issued.is_null() | (until >= issued))
        & (death.is_null() | (death >= birth))
        & _region_ok("hukou_region")
        & optional("residence_region", _region_ok("residence_region"))
        & optional("phone", pl.col("phone").is_not_null())
        & optional("household_head_id", pl.col("_head_ok"))
    ).fill_null(False)
    checked = frame.select(*raw, "row").hstack(parsed.drop("row")).with_columns(ok.alias("_ok"))
    fast = checked.get_column("_ok")
    fast = fast & ~_involved(frame, fast)
    if known_regions is not None:
        fast = fast & ~_unknown_region(checked.filter(fast), frame, known_regions)
    good = checked.filter(fast)
    canonical = good.select(
        "row",
        "name",
        "citizen_id",
        pl.col("_birth").alias("birth_date"),
        pl.when(cid.str.slice(16, 1).cast(pl.Int8, strict=False) % 2 == 1)
        .then(pl.lit("M"))
        .otherwise(pl.lit("F"))
        .alias("sex"),
        pl.coalesce("category", cert_category).alias("category"),
        pl.coalesce("grade", cert_grade).alias("grade"),
        issued.alias("certificate_issued"),
        pl.coalesce(until, issued.dt.offset_by(f"{CERTIFICATE_YEARS}y")).alias(
            "certificate_valid_until"
        ),
        pl.lit("valid").alias("certificate_status"),
        "hukou_region",
        "hukou_type",
        "residence_region",
        "phone",
        pl.col("assistance").fill_null("none"),
        "household_head_id",
        "needs_long_term_care",
        death.alias("death_date"),
    )
    return conform(canonical).with_columns(good.get_column("row")), ~fast


_SMALL = ("category", "grade", "hukou_type", "assistance", "needs_long_term_care",
          "certificate_issued", "certificate_valid_until", "death_date", "residence_region",
          "phone", "household_head_id")  # fmt: skip


def _normalized(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return normalize_citizen_id(raw)
    except InvalidValue:
        return None


def _involved(frame: pl.DataFrame, fast: pl.Series) -> pl.Series:
    """Rows a cross-row check of validation could involve: a citizen ID given more than
    once (after normalizing the others), or named by another row's certificate number."""
    ids = frame.get_column("citizen_id")
    slow_rows = (~fast).arg_true().to_list()
    normalized = ids.zip_with(fast, pl.Series([None] * len(ids), dtype=pl.String))
    if slow_rows:
        values = [_normalized(ids[i]) for i in slow_rows]
        normalized = normalized.scatter(slow_rows, pl.Series(values, dtype=pl.String))
    dup = normalized.is_duplicated() & normalized.is_not_null()
    certs = frame.get_column("certificate_no").filter(~fast).drop_nulls().to_list()
    named = {compact(c).upper()[:18] for c in certs}
    return dup | ids.is_in(pl.Series(sorted(named), dtype=pl.String).implode())


def _unknown_region(
    good: pl.DataFrame, frame: pl.DataFrame, known_regions: KnownRegions
) -> pl.Series:
    """Rows (over ``frame``) whose region codes do not all exist."""
    codes = pl.concat([good.get_column("hukou_region"), good.get_column("residence_region")])
    distinct = sorted(codes.drop_nulls().unique().to_list())
    known = set(known_regions(distinct)) if distinct else set()
    missing = pl.Series([c for c in distinct if c not in known], dtype=pl.String).implode()
    return frame.select(
        (
            pl.col("hukou_region").is_in(missing) | pl.col("residence_region").is_in(missing)
        ).fill_null(False)
    ).to_series()
