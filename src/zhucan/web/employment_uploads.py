"""Employer sheets from the browser: the register, declarations (uploaded or typed in a form).

The typed declaration is written as a small CSV and goes through the same ``declare`` use
case as an uploaded sheet, so both are checked by the same rules.
"""

from __future__ import annotations

import csv
import secrets
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.core.errors import InvalidValue
from zhucan.employment.employers import SheetSummary, declare, import_employers
from zhucan.web.uploads import MAX_UPLOAD, _user_dir, clean_name

Runner = Callable[[Path, Path], SheetSummary]
FORM_HEADER = ("统一社会信用代码", "残疾职工身份证号", "残疾职工姓名", "在职职工人数")


def _keep_report(actor: Actor, report: Path) -> str | None:
    if not report.exists():
        return None
    token = secrets.token_urlsafe(24)
    folder = _user_dir(actor)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.move(report, folder / f"{token}.xlsx")
    return token


def _run(
    actor: Actor, stream: BinaryIO, filename: str | None, run: Runner
) -> tuple[SheetSummary, str | None]:
    with tempfile.TemporaryDirectory(prefix="zhucan-upload-") as tmp:
        path = Path(tmp) / clean_name(filename)
        copied = 0
        with path.open("wb") as out:
            while chunk := stream.read(1 << 20):
                copied += len(chunk)
                if copied > MAX_UPLOAD:
                    raise InvalidValue("文件超过 50 MB", "the file is over 50 MB")
                out.write(chunk)
        report = Path(tmp) / "rejected.xlsx"
        summary = run(path, report)
        return summary, _keep_report(actor, report)


def upload_employers(
    engine: Engine, actor: Actor, stream: BinaryIO, filename: str | None, lang: str
) -> tuple[SheetSummary, str | None]:
    """Import an uploaded employer register; the summary and the rejected rows' report token."""
    return _run(
        actor,
        stream,
        filename,
        lambda p, r: import_employers(engine, p, actor, datetime.now(), r, lang),
    )


def upload_declarations(
    engine: Engine, actor: Actor, stream: BinaryIO, filename: str | None, year: int, lang: str
) -> tuple[SheetSummary, str | None]:
    """Import an uploaded declaration sheet for ``year``."""
    return _run(
        actor,
        stream,
        filename,
        lambda p, r: declare(engine, p, actor, year, datetime.now(), r, lang),
    )


def declare_typed(
    engine: Engine,
    actor: Actor,
    credit_code: str,
    year: int,
    staff: str,
    people: list[tuple[str, str]],
    lang: str,
) -> SheetSummary:
    """Declare the employees typed in the web form (citizen ID or certificate no., name)."""
    rows = [(cid.strip(), name.strip()) for cid, name in people if cid.strip() or name.strip()]
    if not rows:
        raise InvalidValue("请至少填写一名残疾职工", "add at least one disabled employee")
    with tempfile.TemporaryDirectory(prefix="zhucan-declare-") as tmp:
        path = Path(tmp) / "网页申报.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(FORM_HEADER)
            writer.writerows((credit_code, cid, name, staff.strip()) for cid, name in rows)
        return declare(engine, path, actor, year, datetime.now(), None, lang)
