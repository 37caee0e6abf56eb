"""Price a reform: evaluate a program with and without it over the registry's people.

Both runs are columnar (``evaluate``); the difference per person gives who gains, who loses
and the cost, summed by town (the 9-digit 乡镇/街道 of the person's 户籍). The yearly cost
is the as-of month's cost times 12 (rates held for a year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy import Engine

from zhucan.access.masking import mask_name
from zhucan.access.scope import Actor
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.policy.document import PolicyDocument
from zhucan.policy.evaluate import evaluate
from zhucan.policy.loader import load_document
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.tables import region as region_table

TOWN_DIGITS = 9
MONTHS = 12
_COUNTS = ("people", "eligible_before", "eligible_after", "gainers", "losers")
_MONEY = ("monthly_before", "monthly_after", "monthly_cost", "yearly_cost")
_PERSON_COLUMNS = ("person_id", "citizen_id_masked", "name", "hukou_region", "category", "grade")


def reform_set(policies: PolicySet, reform: str) -> tuple[PolicySet, PolicyDocument]:
    """The policies with the reform in them: ``reform`` is a YAML path or a shipped id."""
    path = Path(reform)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        doc = load_document(path)
        others = [d for d in policies.documents if d.id != doc.id]
        policies = PolicySet.of([*others, doc])
    else:
        try:
            doc = policies.get(reform)
        except KeyError:
            raise InvalidValue(
                f"找不到改革方案：{reform}（给出 YAML 文件路径或已发布改革方案的 id）",
                f"no such reform: {reform} (give a YAML file or the id of a shipped reform)",
            ) from None
    if doc.status != "reform":
        raise InvalidValue(
            f"{doc.id} 不是改革方案（status 应为 reform）",
            f"{doc.id} is not a reform (status must be reform)",
        )
    return policies, doc


@dataclass(frozen=True)
class Simulation:
    """The priced reform: totals, the same by town, and (limited) lists of who gains or loses."""

    reform: str
    name: str
    program: str
    region: str
    as_of: date
    totals: dict[str, Any]
    towns: list[dict[str, Any]]
    gainers: list[dict[str, Any]]
    losers: list[dict[str, Any]]
    limit: int
    example_parameters: list[str]

    def as_json(self) -> dict[str, Any]:
        """The JSON form (amounts in yuan)."""
        return {
            "reform": self.reform,
            "name": self.name,
            "program": self.program,
            "region": self.region,
            "as_of": self.as_of.isoformat(),
            "totals": self.totals,
            "towns": self.towns,
            "gainers": self.gainers,
            "losers": self.losers,
            "limit": self.limit,
            "example_parameters": self.example_parameters,
        }


def compare(
    policies: PolicySet, doc: PolicyDocument, snapshot: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """Per person: town, amount before and after in fen, and the change."""
    if doc.version_on(as_of) is None:
        raise InvalidValue(
            f"改革方案 {doc.id} 在 {as_of} 没有生效的版本",
            f"the reform {doc.id} has no version in force on {as_of}",
        )
    program = [doc.program]
    before = evaluate(policies, snapshot, as_of, program).select(
        "person_id", pl.col("eligible").alias("eligible_before"), pl.col("amount_fen").alias("fen0")
    )
    after = evaluate(policies, snapshot, as_of, program, reforms=[doc.id]).select(
        "person_id", pl.col("eligible").alias("eligible_after"), pl.col("amount_fen").alias("fen1")
    )
    people = snapshot.select(*_PERSON_COLUMNS)
    return (
        people.join(before, on="person_id", how="left")
        .join(after, on="person_id", how="left")
        .with_columns(
            pl.col("hukou_region").str.slice(0, TOWN_DIGITS).alias("town"),
            (pl.col("fen1") - pl.col("fen0")).alias("change_fen"),
        )
        .sort("person_id")
    )


def _sums(frame: pl.DataFrame) -> list[pl.Expr]:
    change = pl.col("change_fen")
    return [
        pl.len().alias("people"),
        pl.col("eligible_before").sum().alias("eligible_before"),
        pl.col("eligible_after").sum().alias("eligible_after"),
        (change > 0).sum().alias("gainers"),
        (change < 0).sum().alias("losers"),
        pl.col("fen0").sum().alias("monthly_before"),
        pl.col("fen1").sum().alias("monthly_after"),
        change.sum().alias("monthly_cost"),
        (change.sum() * MONTHS).alias("yearly_cost"),
    ]


def _yuan(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: int(row[k] or 0) for k in _COUNTS}
    out.update({k: int(row[k] or 0) / 100 for k in _MONEY})
    return out


def _people(frame: pl.DataFrame, limit: int) -> list[dict[str, Any]]:
    rows = frame.head(limit).select(
        "person_id", "citizen_id_masked", "name", "town", "category", "grade", "fen0", "fen1",
        "change_fen",
    ).to_dicts()  # fmt: skip
    return [
        {
            "person_id": r["person_id"],
            "citizen_id_masked": r["citizen_id_masked"],
            "name_masked": mask_name(r["name"] or ""),
            "town": r["town"],
            "category": r["category"],
            "grade": r["grade"],
            "before": r["fen0"] / 100,
            "after": r["fen1"] / 100,
            "change": r["change_fen"] / 100,
        }
        for r in rows
    ]


def summarize(
    doc: PolicyDocument,
    compared: pl.DataFrame,
    region: str,
    as_of: date,
    limit: int = 20,
    town_names: dict[str, str] | None = None,
) -> Simulation:
    """Totals, towns and the first ``limit`` gainers and losers (by person id)."""
    names = town_names or {}
    towns = compared.group_by("town").agg(_sums(compared)).sort("town")
    total = compared.select(_sums(compared)).row(0, named=True)
    change = pl.col("change_fen")
    gainers = compared.filter(change > 0)
    losers = compared.filter(change < 0)
    return Simulation(
        reform=doc.id,
        name=doc.name_zh,
        program=doc.program,
        region=region,
        as_of=as_of,
        totals=_yuan(total),
        towns=[
            {"town": r["town"], "name": names.get(r["town"], ""), **_yuan(r)}
            for r in towns.iter_rows(named=True)
        ],
        gainers=_people(gainers, limit),
        losers=_people(losers, limit),
        limit=limit,
        example_parameters=sorted(n for n, p in doc.parameters.items() if p.example),
    )


def simulate_snapshot(
    policies: PolicySet,
    reform: str,
    snapshot: pl.DataFrame,
    as_of: date,
    region: str = "",
    limit: int = 20,
    town_names: dict[str, str] | None = None,
) -> Simulation:
    """Price ``reform`` over the people of ``snapshot`` (no database needed)."""
    with_reform, doc = reform_set(policies, reform)
    compared = compare(with_reform, doc, snapshot, as_of)
    return summarize(doc, compared, region, as_of, limit, town_names)


def simulate(
    engine: Engine,
    actor: Actor,
    policies: PolicySet,
    reform: str,
    region: str,
    as_of: date,
    limit: int = 20,
) -> Simulation:
    """Price ``reform`` over the registry's people whose 户籍 on ``as_of`` is in ``region``."""
    from zhucan.registry.snapshot import snapshot

    code = normalize_region_code(region)
    snap = snapshot(engine, as_of, actor, region=code)
    towns = snap.get_column("hukou_region").str.slice(0, TOWN_DIGITS).unique().to_list()
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(region_table.c.code, region_table.c.name).where(
                region_table.c.code.in_([t + "000" for t in towns])
            )
        ).all()
    names = {str(c)[:TOWN_DIGITS]: str(n) for c, n in rows}
    return simulate_snapshot(policies, reform, snap, as_of, region, limit, names)


def table_lines(sim: Simulation) -> list[str]:
    """A readable text table in Chinese: one line per town, then the totals."""
    head = (
        f"{'乡镇街道':<10}{'名称':<12}{'人数':>8}{'改前享受':>8}{'改后享受':>8}"
        f"{'受益':>6}{'受损':>6}{'月增支(元)':>12}{'年增支(元)':>14}"
    )
    lines = [
        f"{sim.name}（{sim.reform}）  区划 {sim.region}  截至 {sim.as_of}",
        head,
    ]

    def line(code: str, name: str, r: dict[str, Any]) -> str:
        return (
            f"{code:<10}{name[:10]:<12}{r['people']:>8}{r['eligible_before']:>8}"
            f"{r['eligible_after']:>8}{r['gainers']:>6}{r['losers']:>6}"
            f"{r['monthly_cost']:>12,.2f}{r['yearly_cost']:>14,.2f}"
        )

    lines.extend(line(t["town"], t["name"], t) for t in sim.towns)
    lines.append(line("合计", "", sim.totals))
    if sim.example_parameters:
        lines.append(f"注意：参数 {'、'.join(sim.example_parameters)} 为示例值，须由本地设定")
    return lines


def write_xlsx(sim: Simulation, path: Path) -> None:
    """The towns, totals, gainers and losers as an Excel workbook."""
    import xlsxwriter

    towns = pl.DataFrame([*sim.towns, {"town": "合计", "name": "", **sim.totals}])
    with xlsxwriter.Workbook(str(path)) as book:
        towns.write_excel(book, worksheet="按乡镇", autofit=True)
        for sheet, rows in (("受益人员", sim.gainers), ("受损人员", sim.losers)):
            frame = pl.DataFrame(rows) if rows else pl.DataFrame({"person_id": []})
            frame.write_excel(book, worksheet=sheet, autofit=True)
