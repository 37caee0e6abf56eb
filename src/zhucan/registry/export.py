"""Export people as a sheet in the import format, masked unless the role may unmask."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, select

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, Role
from zhucan.core.errors import Forbidden, InvalidValue
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import person

UNMASK_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER})

_ASSISTANCE_ZH = {"none": "无", "dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困"}

# Output column (CONTRACTS §2 header) -> expression over the snapshot.
_COLUMNS: dict[str, pl.Expr] = {
    "姓名": pl.col("name"),
    "身份证号": pl.col("citizen_id_out"),
    "残疾证号": pl.col("certificate_no_out"),
    "残疾类别": pl.col("category").cast(pl.String),
    "残疾等级": pl.col("grade").cast(pl.String),
    "发证日期": pl.col("certificate_issued").dt.to_string("%Y-%m-%d"),
    "有效期至": pl.col("certificate_valid_until").dt.to_string("%Y-%m-%d"),
    "户籍区划代码": pl.col("hukou_region"),
    "户籍性质": pl.col("hukou_type").replace_strict(
        {"urban": "城镇", "rural": "农村"}, default=None, return_dtype=pl.String
    ),
    "居住区划代码": pl.col("residence_region"),
    "联系电话": pl.col("phone_out"),
    "低保状态": pl.col("assistance").replace_strict(_ASSISTANCE_ZH, default="无"),
    "需长期照护": pl.when(pl.col("needs_long_term_care"))
    .then(pl.lit("是"))
    .otherwise(pl.lit("否")),
    "死亡日期": pl.col("death_date").dt.to_string("%Y-%m-%d"),
}


def export_persons(
    engine: Engine,
    actor: Actor,
    out: Path,
    *,
    region: str | None = None,
    file_format: str = "xlsx",
    unmask: bool = False,
    as_of: date | None = None,
) -> int:
    """Write the people of ``region`` to ``out``; masked unless ``unmask`` (audited)."""
    if file_format not in ("xlsx", "csv"):
        raise InvalidValue(
            f"不支持的导出格式：{file_format}（可用 xlsx、csv）",
            f"unsupported export format: {file_format} (xlsx or csv)",
        )
    if unmask and actor.role not in UNMASK_ROLES:
        raise Forbidden("您的角色无权导出未脱敏的身份证号", "your role may not export unmasked IDs")
    snap = snapshot(engine, as_of or date.today(), actor, region=region)
    if unmask:
        snap = snap.join(_plain_ids(engine, snap["person_id"].to_list()), on="person_id")
    else:
        snap = snap.with_columns(
            pl.col("citizen_id_masked").alias("citizen_id_out"),
            pl.col("phone_masked").alias("phone_out"),
        )
    snap = snap.with_columns(
        (
            pl.col("citizen_id_out")
            + pl.col("category").cast(pl.String)
            + pl.col("grade").cast(pl.String)
        ).alias("certificate_no_out")
    )
    table = snap.select(expr.alias(name) for name, expr in _COLUMNS.items())
    if file_format == "csv":
        table.write_csv(out, include_bom=True)
    else:
        table.write_excel(out, worksheet="残疾人名册", autofit=True)
    with engine.begin() as conn:
        audit.record(
            conn,
            actor.username,
            "export.persons" + (".unmasked" if unmask else ""),
            "person",
            None,
            {"region": region, "rows": table.height, "file": out.name, "unmasked": unmask},
        )
    return table.height


def _plain_ids(engine: Engine, ids: list[int]) -> pl.DataFrame:
    """Decrypted citizen IDs and phones for ``ids`` (only for roles that may unmask)."""
    cipher = get_cipher()
    rows: list[tuple[int, bytes, bytes | None]] = []
    with engine.connect() as conn:
        for i in range(0, len(ids), 5000):
            rows += (
                conn.execute(
                    select(person.c.id, person.c.citizen_id_enc, person.c.phone_enc).where(
                        person.c.id.in_(ids[i : i + 5000])
                    )
                )
                .tuples()
                .all()
            )
    return pl.DataFrame(
        {
            "person_id": [r[0] for r in rows],
            "citizen_id_out": cipher.decrypt_many([r[1] for r in rows]),
            "phone_out": cipher.decrypt_many([r[2] for r in rows]),
        },
        schema={"person_id": pl.Int64, "citizen_id_out": pl.String, "phone_out": pl.String},
    )
