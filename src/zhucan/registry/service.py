"""Registry use cases: import and export people, generate a synthetic population."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, insert

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.registry.importing.read import read_table
from zhucan.registry.importing.report import write_rejection_report
from zhucan.registry.importing.validate import Rejection, validate
from zhucan.registry.queries import person_region_in_scope
from zhucan.registry.regions import region_exists_many
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import import_batch
from zhucan.registry.write import WriteResult, write_people

IMPORT_STAGES = ("读取文件 reading", "校验 validating", "写入名册 writing", "写出报告 report")


@dataclass
class ImportSummary:
    """The JSON summary of CONTRACTS §2, plus unknown columns and the batch id."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """0 when every row was taken, 1 when some were rejected."""
        return 1 if self.rejected else 0

    def as_json(self) -> dict[str, Any]:
        """The summary as the contract's JSON object."""
        return asdict(self)


def _rejection_json(r: Rejection, lang: str) -> dict[str, Any]:
    return {
        "row": r.row,
        "column": r.column,
        "value": r.value,
        "reason": r.reason_en if lang == "en" else r.reason_zh,
    }


def _outside_jurisdiction(valid: pl.DataFrame, actor: Actor) -> list[Rejection]:
    """Rows whose 户籍 lies outside the importing user's jurisdiction."""
    if not actor.jurisdiction:
        return []
    outside = valid.filter(~pl.col("hukou_region").str.starts_with(actor.prefix))
    return [
        Rejection(
            row,
            "户籍区划代码",
            code,
            "户籍不在您的辖区内，无权导入",
            "the hukou region is outside your jurisdiction",
        )
        for row, code in outside.select("row", "hukou_region").iter_rows()
    ]


def import_persons(
    engine: Engine,
    path: Path,
    actor: Actor,
    *,
    dry_run: bool = False,
    report: Path | None = None,
    lang: str = "zh",
    now: datetime | None = None,
    on_stage: Callable[[str], None] = lambda _stage: None,
) -> ImportSummary:
    """Import a person sheet (CONTRACTS §2): all valid rows land together, or none.

    ``on_stage`` is told when each stage starts (IMPORT_STAGES), for a progress display.
    """
    on_stage(IMPORT_STAGES[0])
    sheet = read_table(path)
    on_stage(IMPORT_STAGES[1])
    with engine.connect() as conn:

        def known(codes: Iterable[str]) -> set[str]:
            return region_exists_many(conn, codes)

        checked = validate(sheet, known)
    rejected = sorted(
        [*checked.rejected, *_outside_jurisdiction(checked.valid, actor)], key=lambda r: r.row
    )
    bad_rows = {r.row for r in rejected}
    valid = checked.valid.filter(~pl.col("row").is_in(bad_rows))
    summary = ImportSummary(
        read=checked.read,
        unknown_columns=checked.unknown_columns,
        rejected=[_rejection_json(r, lang) for r in rejected],
        dry_run=dry_run,
    )
    when = now or datetime.now()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    on_stage(IMPORT_STAGES[2])
    conn = engine.connect()
    try:
        with conn.begin() as tx:
            batch_id: int = conn.execute(
                insert(import_batch).values(
                    kind="persons",
                    file_name=path.name[:255],
                    file_sha256=digest,
                    recorded_by=actor.username,
                    recorded_at=when,
                    summary="{}",
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            prov = Provenance(f"import:{batch_id}:{path.name}"[:200], actor.username, when)
            result: WriteResult = write_people(conn, valid.drop("row"), get_cipher(), prov)
            summary.created, summary.updated, summary.unchanged = (
                len(result.created),
                len(result.updated),
                len(result.unchanged),
            )
            if dry_run:
                tx.rollback()
            else:
                summary.batch_id = batch_id
                counts = {k: v for k, v in summary.as_json().items() if k != "rejected"}
                counts["rejected_rows"] = len(bad_rows)
                conn.execute(
                    import_batch.update()
                    .where(import_batch.c.id == batch_id)
                    .values(summary=json.dumps(counts, ensure_ascii=False))
                )
                audit.record(
                    conn,
                    actor.username,
                    "import.persons",
                    "import_batch",
                    str(batch_id),
                    {"file": path.name, "sha256": digest, **counts},
                )
    finally:
        conn.close()
    if report is not None and rejected:
        on_stage(IMPORT_STAGES[3])
        write_rejection_report(sheet, rejected, report, lang=lang)
    return summary


def today() -> date:
    """Today's date (one place to read the clock)."""
    return date.today()


def villages_of(engine: Engine, region: str) -> pl.DataFrame:
    """Villages (or, where none are loaded, towns) under ``region``: code and urban flag."""
    from sqlalchemy import select

    from zhucan.core.errors import SetupError
    from zhucan.core.region_code import normalize_region_code, significant_prefix
    from zhucan.registry.tables import region as region_table

    prefix = significant_prefix(normalize_region_code(region))
    with engine.connect() as conn:
        for level in (5, 4):
            rows = conn.execute(
                select(region_table.c.code, region_table.c.urban)
                .where(region_table.c.code.like(prefix + "%"), region_table.c.level == level)
                .order_by(region_table.c.code)
            ).all()
            if rows:
                return pl.DataFrame(
                    rows, schema={"code": pl.String, "urban": pl.Boolean}, orient="row"
                )
    raise SetupError(
        f"区划 {region} 下没有已载入的村（社区）或乡镇：请先运行 zhucan regions load",
        f"no villages or towns loaded under {region}: run `zhucan regions load` first",
    )


def generate_population(
    engine: Engine, region: str, persons: int, seed: int, as_of: date, actor: Actor
) -> WriteResult:
    """Generate a synthetic population under ``region`` and write it to the registry."""
    from zhucan.synth.population import generate

    frame = generate(villages_of(engine, region), persons, seed, as_of)
    now = datetime.now()
    with engine.begin() as conn:
        prov = Provenance(f"synth:region={region},n={persons},seed={seed}", actor.username, now)
        result = write_people(conn, frame, get_cipher(), prov)
        audit.record(
            conn,
            actor.username,
            "synth.persons",
            "person",
            None,
            {
                "region": region,
                "persons": persons,
                "seed": seed,
                "created": len(result.created),
                "updated": len(result.updated),
            },
        )
    return result


def add_fact(
    engine: Engine,
    actor: Actor,
    citizen_id: str,
    kind: str,
    value: str,
    valid_from: date,
    valid_to: date | None = None,
    source: str = "manual",
) -> int:
    """Record a fact about a person in the actor's jurisdiction, with history and audit."""
    from zhucan.registry.queries import find_person_id

    with engine.connect() as conn:
        person_id = find_person_id(conn, actor, citizen_id)
    return add_person_fact(engine, actor, person_id, kind, value, valid_from, valid_to, source)


def add_person_fact(
    engine: Engine,
    actor: Actor,
    person_id: int,
    kind: str,
    value: str,
    valid_from: date,
    valid_to: date | None = None,
    source: str = "manual",
) -> int:
    """:func:`add_fact` for a person known by id (a person file page); same checks and audit."""

    from zhucan.core.errors import InvalidValue
    from zhucan.registry.facts import FactKind
    from zhucan.registry.write import record_fact

    try:
        fact_kind = FactKind(kind)
    except ValueError:
        names = "、".join(k.value for k in FactKind)
        raise InvalidValue(
            f"未知的事实类型：{kind}（可用：{names}）",
            f"unknown fact kind: {kind} (one of: {names})",
        ) from None
    if valid_to is not None and valid_to <= valid_from:
        raise InvalidValue("结束日期必须晚于开始日期", "the end date must be after the start date")
    with engine.begin() as conn:
        person_region_in_scope(conn, actor, person_id)  # NotFound or Forbidden
        prov = Provenance(source[:200], actor.username, datetime.now())
        fact_id = record_fact(conn, person_id, fact_kind, value, valid_from, prov, valid_to)
        audit.record(
            conn,
            actor.username,
            "fact.add",
            "person",
            str(person_id),
            {
                "fact_id": fact_id,
                "kind": kind,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "source": source,
            },
        )
    return fact_id
