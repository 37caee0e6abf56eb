"""Use cases: import the employer register and employers' annual declarations from sheets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, bindparam, delete, select, update

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.masking import mask_citizen_id_expr
from zhucan.access.scope import Actor, scope_clause
from zhucan.employment.sheets import DECLARATION_COLUMNS, EMPLOYER_COLUMNS, ParsedSheet, parse_sheet
from zhucan.employment.tables import (
    declaration,
    declared_employee,
    employer,
    review,
    review_employee,
)
from zhucan.registry.importing.read import RawSheet, read_table
from zhucan.registry.importing.report import write_rejection_report
from zhucan.registry.importing.validate import Rejection
from zhucan.registry.rows import next_id
from zhucan.storage.bulk import bulk_insert
from zhucan.storage.locks import take_write_lock

#: The employer columns an import writes.
FIELDS = ("name", "region", "staff", "average_wage")


@dataclass
class SheetSummary:
    """What an import did; ``rejected`` rows as in the person import's summary."""

    read: int
    created: int = 0
    updated: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The summary as plain data."""
        return dict(self.__dict__)


def _reject(rows: pl.DataFrame, column: str, zh: str, en: str) -> list[Rejection]:
    return [Rejection(r, column, str(v), zh, en) for r, v in rows.select("row", column).rows()]


def _duplicates(valid: pl.DataFrame, key: str) -> list[Rejection]:
    repeated = valid.filter(pl.col(key).is_duplicated() & pl.col(key).is_first_distinct().not_())
    return _reject(repeated, key, "与前面的行重复，已忽略", "repeats an earlier row; ignored")


def _finish(
    parsed: ParsedSheet, extra: list[Rejection], sheet: RawSheet, report: Path | None, lang: str
) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    rejected = sorted([*parsed.rejected, *extra], key=lambda r: r.row)
    if report is not None and rejected:
        write_rejection_report(sheet, rejected, report, lang)
    bad = {r.row for r in rejected}
    return parsed.valid.filter(~pl.col("row").is_in(list(bad))), [r.to_json(lang) for r in rejected]


def import_employers(
    engine: Engine,
    path: Path,
    actor: Actor,
    now: datetime,
    report: Path | None = None,
    lang: str = "zh",
) -> SheetSummary:
    """Create or update employers by credit code; rows outside the jurisdiction are rejected."""
    sheet = read_table(path)
    parsed = parse_sheet(sheet, EMPLOYER_COLUMNS)
    outside = parsed.valid.filter(~pl.col("region").str.starts_with(actor.prefix))
    extra = [*_duplicates(parsed.valid, "credit_code")]
    extra += _reject(outside, "region", "单位所在地不在您的辖区内", "outside your jurisdiction")
    valid, rejected = _finish(parsed, extra, sheet, report, lang)
    summary = SheetSummary(read=parsed.read)
    summary.rejected = rejected
    with engine.begin() as conn:
        take_write_lock(conn, "employment")
        known = conn.execute(select(employer.c.credit_code, employer.c.id)).all()
        rows = valid.select("credit_code", *FIELDS).join(
            pl.DataFrame(known, schema={"credit_code": pl.String, "id": pl.Int64}, orient="row"),
            on="credit_code",
            how="left",
        )
        changed = rows.filter(pl.col("id").is_not_null())
        if not changed.is_empty():
            conn.execute(  # one statement, executed for every row (SET from the keys)
                update(employer).where(employer.c.id == bindparam("_id")).values(updated_at=now),
                changed.rename({"id": "_id"}).drop("credit_code").to_dicts(),
            )
        new = rows.filter(pl.col("id").is_null()).drop("id")
        if not new.is_empty():  # Core executemany: the Numeric wage keeps its type binding
            conn.execute(employer.insert().values(created_at=now, updated_at=now), new.to_dicts())
        summary.updated, summary.created = changed.height, new.height
        audit.record(
            conn,
            actor.username,
            "employer.import",
            "employer",
            None,
            {"file": path.name, "created": summary.created, "updated": summary.updated},
        )
    return summary


def _employer_ids(conn: Connection, actor: Actor) -> pl.DataFrame:
    rows = conn.execute(
        select(
            employer.c.credit_code, employer.c.id, employer.c.staff, employer.c.average_wage
        ).where(scope_clause(employer.c.region, actor))
    ).all()
    return pl.DataFrame(
        rows,
        schema={
            "credit_code": pl.String,
            "employer_id": pl.Int64,
            "reg_staff": pl.Int64,
            "reg_wage": pl.Decimal(14, 2),
        },
        orient="row",
    )


def declare(
    engine: Engine,
    path: Path,
    actor: Actor,
    year: int,
    now: datetime,
    report: Path | None = None,
    lang: str = "zh",
) -> SheetSummary:
    """Replace the declarations of the employers in the sheet for ``year`` (one per employer)."""
    sheet = read_table(path)
    parsed = parse_sheet(sheet, DECLARATION_COLUMNS)
    summary = SheetSummary(read=parsed.read)
    with engine.begin() as conn:
        take_write_lock(conn, "employment")
        rows = parsed.valid.join(_employer_ids(conn, actor), on="credit_code", how="left")
        unknown = rows.filter(pl.col("employer_id").is_null())
        extra = _reject(
            unknown,
            "credit_code",
            "单位未登记或不在您的辖区内，请先导入单位名册",
            "employer not registered or outside your jurisdiction",
        )
        extra += _duplicates(
            rows.with_columns((pl.col("credit_code") + pl.col("citizen_id")).alias("_key")), "_key"
        )
        valid, summary.rejected = _finish(
            ParsedSheet(rows, parsed.rejected, parsed.read), extra, sheet, report, lang
        )
        heads = (
            valid.group_by("employer_id", maintain_order=True)
            .agg(
                pl.coalesce(pl.col("staff").drop_nulls().first(), pl.col("reg_staff").first()),
                pl.coalesce(
                    pl.col("average_wage").drop_nulls().first(), pl.col("reg_wage").first()
                ),
            )
            .filter(pl.col("staff").is_not_null() & pl.col("average_wage").is_not_null())
        )
        ids = heads["employer_id"].to_list()
        old = select(declaration.c.id).where(
            declaration.c.year == year, declaration.c.employer_id.in_(ids)
        )
        # A new declaration makes the year's review of these employers stale: it is run again.
        conn.execute(
            delete(review_employee).where(
                review_employee.c.year == year, review_employee.c.employer_id.in_(ids)
            )
        )
        conn.execute(delete(review).where(review.c.year == year, review.c.employer_id.in_(ids)))
        conn.execute(delete(declared_employee).where(declared_employee.c.declaration_id.in_(old)))
        conn.execute(delete(declaration).where(declaration.c.id.in_(old)))
        start = next_id(conn, declaration.c.id)
        heads = heads.with_columns(pl.int_range(start, start + heads.height).alias("id"))
        bulk_insert(
            conn,
            declaration,
            heads.select(
                "id",
                "employer_id",
                pl.lit(year).alias("year"),
                "staff",
                pl.col("average_wage").cast(pl.String),
                pl.lit(f"declare:{path.name}"[:200]).alias("source"),
                pl.lit(actor.username).alias("recorded_by"),
                pl.lit(now).alias("recorded_at"),
            ),
        )
        people = valid.join(
            heads.select("employer_id", pl.col("id").alias("declaration_id")), on="employer_id"
        )
        cipher = get_cipher()
        first = next_id(conn, declared_employee.c.id)
        bulk_insert(
            conn,
            declared_employee,
            people.select(
                pl.int_range(first, first + people.height).alias("id"),
                "declaration_id",
                pl.lit(year).alias("year"),
                pl.Series(
                    "citizen_id_bidx", cipher.blind_index_many(people["citizen_id"].to_list())
                ),
                mask_citizen_id_expr("citizen_id").alias("citizen_id_masked"),
                pl.col("employee_name").alias("name"),
                "insurance_claimed",
            ),
        )
        summary.created = heads.height
        audit.record(
            conn,
            actor.username,
            "employment.declare",
            "employment_declaration",
            None,
            {
                "file": path.name,
                "year": year,
                "employers": heads.height,
                "employees": people.height,
            },
        )
    return summary
