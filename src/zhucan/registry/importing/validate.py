"""Validate a read sheet against the import contract (CONTRACTS §2) and build the person frame.

Each column is parsed once per distinct value (categories, grades, regions and dates repeat
a lot); the results are joined back onto the rows with polars. A row with any error is
rejected as a whole and every one of its errors is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from zhucan.core.certificate_no import CertificateNo, disagreements
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.disability import Category, Grade, parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.core.period import add_years, parse_date
from zhucan.registry.frame import conform
from zhucan.registry.importing.fast_paths import (
    birth_date_and_sex,
    mobiles,
    plain_names,
    village_codes,
    well_formed_citizen_ids,
)
from zhucan.registry.importing.headers import FIELD_BY_NAME, FIELDS, REQUIRED_FIELDS, match_headers
from zhucan.registry.importing.read import RawSheet, column_name
from zhucan.registry.importing.values import (
    compact,
    parse_assistance,
    parse_hukou_type,
    parse_name,
    parse_phone,
    parse_region,
    parse_yes_no,
)

KnownRegions = Callable[[Iterable[str]], set[str]]
CERTIFICATE_YEARS = 10
_ERROR_SCHEMA = {
    "row": pl.Int32(),
    "field": pl.String(),
    "value": pl.String(),
    "zh": pl.String(),
    "en": pl.String(),
}


@dataclass(frozen=True)
class Rejection:
    """One error of one row: the row number, the column header as in the file, value, reason."""

    row: int
    column: str
    value: str
    reason_zh: str
    reason_en: str

    def reason(self, lang: str = "zh") -> str:
        """The reason in ``lang`` ("zh" or "en")."""
        return self.reason_en if lang.startswith("en") else self.reason_zh

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The entry of the ``rejected`` list of the import summary (CONTRACTS §2)."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason(lang),
        }


@dataclass(frozen=True)
class Validation:
    """The outcome: the canonical frame of valid rows (plus ``row``), and every rejection."""

    valid: pl.DataFrame
    rejected: list[Rejection]
    unknown_columns: list[str]
    read: int

    @property
    def rejected_rows(self) -> list[int]:
        """The distinct row numbers rejected, ascending."""
        return sorted({r.row for r in self.rejected})


def validate(
    sheet: RawSheet, known_regions: KnownRegions, *, today: date | None = None
) -> Validation:
    """Check every row of ``sheet``; ``known_regions`` returns which 12-digit codes exist."""
    match = match_headers(sheet.headers)
    checker = _Checker(sheet, match.columns, today or date.today())
    valid = checker.run(known_regions)
    return Validation(
        valid=valid,
        rejected=checker.rejections(),
        unknown_columns=match.unknown,
        read=sheet.height,
    )


class _Checker:
    """Holds the raw columns, the parsed columns and the errors found so far."""

    def __init__(self, sheet: RawSheet, columns: dict[str, int], today: date) -> None:
        self.headers = {f: sheet.headers[i] for f, i in columns.items()}
        self.order = {f: i for f, i in columns.items()}
        self.today = today
        present = [pl.col(column_name(i)).alias(f) for f, i in columns.items()]
        absent = [pl.lit(None, pl.String).alias(f.name) for f in FIELDS if f.name not in columns]
        self.mapped = list(columns)
        self.raw = sheet.rows.select(present + absent).with_columns(
            sheet.row_numbers.alias("row").cast(pl.Int32)
        )
        self.errors: list[pl.DataFrame] = []
        self.extra: list[tuple[int, str, str, str, str]] = []
        self.found = pl.DataFrame(schema=_ERROR_SCHEMA)

    # ------------------------------------------------------------------ helpers

    def parse(
        self,
        field: str,
        parse: Callable[[str], tuple[Any, ...]],
        schema: dict[str, pl.DataType],
        accept: Callable[[pl.Series], pl.Series] | None = None,
    ) -> pl.DataFrame:
        """Parse each distinct value of ``field`` once; return the parsed columns, row-aligned.

        ``accept`` (one output column only) marks, vectorized, the values that are already
        canonical and valid: they are their own output and skip ``parse``.
        """
        unique = self.raw.get_column(field).drop_nulls().unique()
        accepted = pl.Series(dtype=pl.String)
        if accept is not None and len(schema) == 1:
            ok = accept(unique)
            accepted, unique = unique.filter(ok), unique.filter(~ok)
        distinct: list[str] = unique.to_list()
        outputs: list[list[Any]] = [[] for _ in schema]
        zh: list[str | None] = []
        en: list[str | None] = []
        width = len(schema)
        for value in distinct:
            try:
                parsed = parse(value)
                zh.append(None)
                en.append(None)
            except InvalidValue as exc:
                parsed = (None,) * width
                zh.append(exc.zh)
                en.append(exc.en)
            for column, item in zip(outputs, parsed, strict=True):
                column.append(item)
        inner = [f"_out{k}" for k in range(width)]
        if len(accepted):
            distinct = [*accepted.to_list(), *distinct]
            outputs[0] = [*distinct[: len(accepted)], *outputs[0]]
            zh = [*([None] * len(accepted)), *zh]
            en = [*([None] * len(accepted)), *en]
        lookup = pl.DataFrame(
            {"_raw": distinct, **dict(zip(inner, outputs, strict=True)), "_zh": zh, "_en": en},
            schema={
                "_raw": pl.String(),
                **dict(zip(inner, schema.values(), strict=True)),
                "_zh": pl.String(),
                "_en": pl.String(),
            },
        )
        joined = self.raw.select("row", field).join(
            lookup, left_on=field, right_on="_raw", how="left", maintain_order="left"
        )
        self.errors.append(
            joined.filter(pl.col("_zh").is_not_null()).select(
                "row",
                pl.lit(field).alias("field"),
                pl.col(field).alias("value"),
                pl.col("_zh").alias("zh"),
                pl.col("_en").alias("en"),
            )
        )
        return joined.select(pl.col(c).alias(name) for c, name in zip(inner, schema, strict=True))

    def flag(
        self, frame: pl.DataFrame, mask: pl.Expr, field: str, zh: pl.Expr, en: pl.Expr
    ) -> None:
        """Record an error on ``field`` for every row of ``frame`` where ``mask`` holds."""
        self.errors.append(
            frame.filter(mask).select(
                "row",
                pl.lit(field).alias("field"),
                pl.col(f"raw_{field}").alias("value"),
                zh.alias("zh"),
                en.alias("en"),
            )
        )

    def add(self, row: int, field: str, value: str | None, zh: str, en: str) -> None:
        """Record one error found in a Python loop."""
        self.extra.append((row, field, value or "", zh, en))

    # --------------------------------------------------------------------- run

    def run(self, known_regions: KnownRegions) -> pl.DataFrame:
        """Parse and cross-check every column; the canonical frame of the valid rows."""
        today = self.today
        for field in REQUIRED_FIELDS:
            header = self.headers[field]
            self.errors.append(
                self.raw.filter(pl.col(field).is_null()).select(
                    "row",
                    pl.lit(field).alias("field"),
                    pl.lit("").alias("value"),
                    pl.lit(f"{header}为空（必填项）").alias("zh"),
                    pl.lit(f"{header} ({field}) is required but empty").alias("en"),
                )
            )
        citizen = self.parse(
            "citizen_id",
            lambda v: (normalize_citizen_id(v, today=today),),
            {"citizen_id": pl.String()},
            accept=lambda values: well_formed_citizen_ids(values, today),
        ).with_columns(birth_date_and_sex())
        # Valid IDs, so that certificate numbers and household heads repeating them are
        # accepted without validating the same ID again.
        known_ids = set(citizen.get_column("citizen_id").drop_nulls().to_list())
        parts = [
            self.raw.select("row", *(pl.col(f.name).alias(f"raw_{f.name}") for f in FIELDS)),
            self.parse(
                "name", lambda v: (parse_name(v),), {"name": pl.String()}, accept=plain_names
            ),
            citizen,
            self.parse(
                "certificate_no",
                lambda v: _certificate(v, known_ids),
                {"cert_cid": pl.String(), "cert_category": pl.Int8(), "cert_grade": pl.Int8()},
            ),
            self.parse("category", lambda v: (int(parse_category(v)),), {"category": pl.Int8()}),
            self.parse("grade", lambda v: (int(parse_grade(v)),), {"grade": pl.Int8()}),
            self.parse(
                "certificate_issued",
                lambda v: _issued(v, today),
                {"certificate_issued": pl.Date(), "default_valid_until": pl.Date()},
            ),
            self.parse(
                "certificate_valid_until",
                lambda v: (parse_date(v),),
                {"certificate_valid_until": pl.Date()},
            ),
            self.parse("death_date", lambda v: (_death(v, today),), {"death_date": pl.Date()}),
            self.parse(
                "hukou_region",
                lambda v: (parse_region(v),),
                {"hukou_region": pl.String()},
                accept=village_codes,
            ),
            self.parse(
                "residence_region",
                lambda v: (parse_region(v),),
                {"residence_region": pl.String()},
                accept=village_codes,
            ),
            self.parse("hukou_type", lambda v: (parse_hukou_type(v),), {"hukou_type": pl.String()}),
            self.parse(
                "phone", lambda v: (parse_phone(v),), {"phone": pl.String()}, accept=mobiles
            ),
            self.parse("assistance", lambda v: (parse_assistance(v),), {"assistance": pl.String()}),
            self.parse(
                "household_head_id",
                lambda v: (_known_id(v, known_ids) or normalize_citizen_id(v, today=today),),
                {"household_head_id": pl.String()},
                accept=lambda values: well_formed_citizen_ids(values, today),
            ),
            self.parse(
                "needs_long_term_care",
                lambda v: (parse_yes_no(v),),
                {"needs_long_term_care": pl.Boolean()},
            ),
        ]
        frame = pl.concat(parts, how="horizontal")
        self._check_dates(frame)
        self._check_regions(frame, known_regions)
        self._check_certificates(frame)
        self._check_duplicates(frame)
        self.found = self.error_frame()
        bad = self.found.get_column("row").unique()
        good = frame.filter(~pl.col("row").is_in(bad.implode()))
        canonical = good.with_columns(
            pl.coalesce("category", "cert_category").alias("category"),
            pl.coalesce("grade", "cert_grade").alias("grade"),
            pl.coalesce("certificate_valid_until", "default_valid_until").alias(
                "certificate_valid_until"
            ),
            pl.lit("valid").alias("certificate_status"),
            pl.col("assistance").fill_null("none"),
        )
        return conform(canonical).with_columns(good.get_column("row"))

    # ----------------------------------------------------------- cross-checks

    def _check_dates(self, frame: pl.DataFrame) -> None:
        """Issue date after birth, expiry after issue, death after birth."""
        fmt = "%Y-%m-%d"
        birth = pl.col("birth_date").dt.strftime(fmt)
        issued = pl.col("certificate_issued")
        self.flag(
            frame,
            issued < pl.col("birth_date"),
            "certificate_issued",
            pl.format(
                "发证日期 {} 早于出生日期 {}（身份证号所示）", issued.dt.strftime(fmt), birth
            ),
            pl.format(
                "the issue date {} is before the birth date {}", issued.dt.strftime(fmt), birth
            ),
        )
        until = pl.col("certificate_valid_until")
        self.flag(
            frame,
            until < issued,
            "certificate_valid_until",
            pl.format(
                "有效期至 {} 早于发证日期 {}", until.dt.strftime(fmt), issued.dt.strftime(fmt)
            ),
            pl.format(
                "valid until {} is before the issue date {}",
                until.dt.strftime(fmt),
                issued.dt.strftime(fmt),
            ),
        )
        death = pl.col("death_date")
        self.flag(
            frame,
            death < pl.col("birth_date"),
            "death_date",
            pl.format("死亡日期 {} 早于出生日期 {}（身份证号所示）", death.dt.strftime(fmt), birth),
            pl.format(
                "the death date {} is before the birth date {}", death.dt.strftime(fmt), birth
            ),
        )

    def _check_regions(self, frame: pl.DataFrame, known_regions: KnownRegions) -> None:
        """Every region code must exist; all distinct codes are looked up in one call."""
        codes = pl.concat(
            [frame.get_column("hukou_region"), frame.get_column("residence_region")]
        ).drop_nulls()
        distinct = sorted(codes.unique().to_list())
        known = set(known_regions(distinct)) if distinct else set()
        missing = pl.Series([c for c in distinct if c not in known], dtype=pl.String).implode()
        for field in ("hukou_region", "residence_region"):
            code = pl.col(field)
            self.flag(
                frame,
                code.is_in(missing),
                field,
                pl.format("区划代码 {} 不存在：请使用国家统计局的统计用区划代码", code),
                pl.format(
                    "the region code {} does not exist (use the statistical division codes)", code
                ),
            )

    def _check_certificates(self, frame: pl.DataFrame) -> None:
        """The certificate number must agree with the citizen ID, category and grade given."""
        cid, cert_cid = pl.col("citizen_id"), pl.col("cert_cid")
        mismatch = cert_cid.is_not_null() & (
            (cid.is_not_null() & (cert_cid != cid))
            | (pl.col("category").is_not_null() & (pl.col("category") != pl.col("cert_category")))
            | (pl.col("grade").is_not_null() & (pl.col("grade") != pl.col("cert_grade")))
        )
        suspects = frame.filter(mismatch)
        if suspects.is_empty():
            return
        owners = (
            frame.filter(cid.is_not_null())
            .group_by("citizen_id")
            .agg(pl.col("row").alias("owner_rows"))
            .rename({"citizen_id": "cert_cid"})
        )
        suspects = suspects.join(owners, on="cert_cid", how="left", maintain_order="left")
        for rec in suspects.iter_rows(named=True):
            cert = CertificateNo(
                rec["cert_cid"], Category(rec["cert_category"]), Grade(rec["cert_grade"])
            )
            others = [r for r in rec["owner_rows"] or [] if r != rec["row"]]
            given_cid = rec["citizen_id"]
            if given_cid is not None and given_cid != cert.citizen_id and others:
                listed = "、".join(map(str, others))
                self.add(
                    rec["row"],
                    "certificate_no",
                    rec["raw_certificate_no"],
                    f"残疾证号前 18 位是第{listed}行的身份证号，与本行身份证号不一致（是否错行？）",
                    f"the certificate number holds the citizen ID of row "
                    f"{listed.replace('、', ', ')}, "
                    "not this row's (rows mixed up?)",
                )
                given_cid = None
            category = Category(rec["category"]) if rec["category"] is not None else None
            grade = Grade(rec["grade"]) if rec["grade"] is not None else None
            for problem in disagreements(cert, given_cid, category, grade):
                self.add(
                    rec["row"], "certificate_no", rec["raw_certificate_no"], problem.zh, problem.en
                )

    def _check_duplicates(self, frame: pl.DataFrame) -> None:
        """Same citizen ID: identical rows keep the first; differing rows are all rejected."""
        content = pl.concat_str(
            [pl.col(f"raw_{f}").str.strip_chars().fill_null("") for f in self.mapped],
            separator="\x1f",
        )
        dups = frame.filter(
            pl.col("citizen_id").is_not_null() & pl.col("citizen_id").is_duplicated()
        ).select("row", "citizen_id", "raw_citizen_id", content.alias("content"))
        if dups.is_empty():
            return
        groups = dups.group_by("citizen_id", maintain_order=True).agg(
            pl.col("row"), pl.col("raw_citizen_id"), pl.col("content").n_unique().alias("variants")
        )
        for _, rows, raws, variants in groups.iter_rows():
            if variants == 1:
                for row, raw in zip(rows[1:], raws[1:], strict=True):
                    self.add(
                        row,
                        "citizen_id",
                        raw,
                        f"与第{rows[0]}行重复（同一身份证号）",
                        f"duplicate of row {rows[0]} (same citizen ID)",
                    )
                continue
            for row, raw in zip(rows, raws, strict=True):
                listed = "、".join(str(r) for r in rows if r != row)
                self.add(
                    row,
                    "citizen_id",
                    raw,
                    f"与第{listed}行身份证号相同但内容不同，请核对后保留一行",
                    f"same citizen ID as row {listed.replace('、', ', ')} but different content; "
                    "check and keep one row",
                )

    # ----------------------------------------------------------------- output

    def error_frame(self) -> pl.DataFrame:
        """Every error found, one row each, ordered by row and by column position."""
        extra = pl.DataFrame(self.extra, schema=_ERROR_SCHEMA, orient="row")
        frames = [f.cast(_ERROR_SCHEMA) for f in self.errors] + [extra]  # type: ignore[arg-type]
        order = pl.DataFrame(
            {"field": list(self.order), "_pos": list(self.order.values())},
            schema={"field": pl.String(), "_pos": pl.Int32()},
        )
        return (
            pl.concat(frames, how="vertical")
            .join(order, on="field", how="left")
            .sort("row", "_pos", maintain_order=True)
            .drop("_pos")
        )

    def rejections(self) -> list[Rejection]:
        """The errors as Rejection objects naming the file's own headers."""
        return [
            Rejection(
                row, self.headers.get(field, FIELD_BY_NAME[field].header), value or "", zh, en
            )
            for row, field, value, zh, en in self.found.iter_rows()
        ]


def _known_id(raw: str, known_ids: set[str]) -> str | None:
    """``raw`` normalized if it is one of the IDs already validated, else None."""
    if raw in known_ids:
        return raw
    text = compact(raw).upper()
    return text if text in known_ids else None


def _certificate(raw: str, known_ids: set[str]) -> tuple[str, int, int]:
    text = raw if len(raw) == 20 and raw[:18] in known_ids else compact(raw).upper()
    if len(text) == 20 and text[:18] in known_ids and text[18] in "1234567" and text[19] in "1234":
        return text[:18], int(text[18]), int(text[19])
    cert = CertificateNo.parse(raw)
    return cert.citizen_id, int(cert.category), int(cert.grade)


def _not_after_today(value: date, today: date, label_zh: str, label_en: str) -> date:
    if value > today:
        raise InvalidValue(
            f"{label_zh} {value.isoformat()} 晚于今天",
            f"the {label_en} {value.isoformat()} is in the future",
        )
    return value


def _issued(raw: str, today: date) -> tuple[date, date]:
    issued = _not_after_today(parse_date(raw), today, "发证日期", "issue date")
    return issued, add_years(issued, CERTIFICATE_YEARS)


def _death(raw: str, today: date) -> date:
    return _not_after_today(parse_date(raw), today, "死亡日期", "death date")
