"""Import yearly needs from a spreadsheet (the annual survey): one row per person and year.

Columns (header row first, any order; English aliases accepted): 身份证号 (or 残疾证号)
citizen_id, 年度 year, 需求 needs (several kinds separated by 、 , ; / or spaces, by
Chinese label or code), 来源 source (optional). A row with any error is rejected whole
and reported with its row number; needs already on file are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from zhucan.access import audit
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor, scope_clause
from zhucan.core.certificate_no import CertificateNo
from zhucan.core.citizen_id import normalize_citizen_id
from zhucan.core.errors import InvalidValue
from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.importing.read import read_table
from zhucan.registry.tables import person
from zhucan.support.needs import NeedKind, parse_need_kind
from zhucan.support.service import record_needs

HEADERS = {
    "citizen_id": ("身份证号", "公民身份号码", "残疾证号", "citizen_id", "certificate_no"),
    "year": ("年度", "year"),
    "needs": ("需求", "需求类别", "needs"),
    "source": ("来源", "source"),
}
_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass
class NeedsImport:
    """What an import did: rows read, needs added, rows rejected with reasons."""

    read: int = 0
    added: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def _columns(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        for name, names in HEADERS.items():
            if h.strip() in names and name not in found:
                found[name] = i
    missing = [HEADERS[k][0] for k in ("citizen_id", "year", "needs") if k not in found]
    if missing:
        raise UnusableFile(f"缺少必需的列：{'、'.join(missing)}", f"missing columns: {missing}")
    return found


def _row(values: dict[str, str | None]) -> tuple[str, int, list[NeedKind]]:
    raw = (values["citizen_id"] or "").strip()
    cid = CertificateNo.parse(raw).citizen_id if len(raw) == 20 else normalize_citizen_id(raw)
    year_text = (values["year"] or "").strip().removesuffix("年").removesuffix(".0")
    if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
        raise InvalidValue(f"年度无效：{values['year']}", f"invalid year: {values['year']}")
    kinds = [parse_need_kind(k) for k in _SPLIT.split(values["needs"] or "") if k]
    if not kinds:
        raise InvalidValue("需求为空", "no needs given")
    return cid, int(year_text), kinds


def import_needs(engine: Engine, path: Path, actor: Actor) -> NeedsImport:
    """Read the sheet and add each valid row's needs; all valid rows land together."""
    sheet = read_table(path)
    cols = _columns(sheet.headers)
    result = NeedsImport(read=sheet.height)
    cipher, now = get_cipher(), datetime.now()
    parsed = []
    for number, row in zip(sheet.row_numbers.to_list(), sheet.rows.iter_rows(), strict=True):
        values = {k: row[i] for k, i in cols.items()}
        try:
            parsed.append((number, *_row(values), values.get("source") or f"import:{path.name}"))
        except InvalidValue as exc:
            result.rejected.append({"row": number, "reason": exc.message("zh")})
    with engine.begin() as conn:
        for number, cid, year, kinds, source in parsed:
            pid = conn.execute(
                select(person.c.id).where(
                    person.c.citizen_id_bidx == cipher.blind_index(cid),
                    scope_clause(person.c.region, actor),
                )
            ).scalar()
            if pid is None:
                result.rejected.append({"row": number, "reason": "名册中没有此人或不在辖区内"})
                continue
            result.added += len(record_needs(conn, pid, year, kinds, source, actor.username, now))
        audit.record(
            conn,
            actor.username,
            "needs.import",
            "need",
            None,
            {"file": path.name, "read": result.read, "added": result.added},
        )
    result.rejected.sort(key=lambda r: r["row"])
    return result
