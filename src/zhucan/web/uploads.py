"""Uploaded person sheets and the rejected-rows reports made from them.

An upload is written to a private temporary folder under its own (cleaned) file name, so
the import batch records what the caseworker chose. A report is kept under a random
name inside a folder per user, so only the user who imported can download it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.core.errors import InvalidValue, NotFound
from zhucan.registry.service import ImportSummary, import_persons

MAX_UPLOAD = 50 * 1024 * 1024
REPORTS = Path(tempfile.gettempdir()) / "zhucan-reports"
_UNSAFE = re.compile(r"[^\w.\-（）()]+")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def clean_name(name: str | None) -> str:
    """A safe file name from a browser's, keeping Chinese and the suffix.

    >>> clean_name("../../名册 2024.xlsx"), clean_name(None)
    ('名册_2024.xlsx', 'upload')
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._")[-120:]
    return cleaned or "upload"


def _user_dir(actor: Actor) -> Path:
    return REPORTS / hashlib.sha256(actor.username.encode()).hexdigest()[:24]


def import_upload(
    engine: Engine, actor: Actor, stream: BinaryIO, filename: str | None, dry_run: bool, lang: str
) -> tuple[ImportSummary, str | None]:
    """Import an uploaded sheet; return the summary and the report token if rows failed."""
    with tempfile.TemporaryDirectory(prefix="zhucan-upload-") as tmp:
        path = Path(tmp) / clean_name(filename)
        with path.open("wb") as out:
            copied = 0
            while chunk := stream.read(1 << 20):
                copied += len(chunk)
                if copied > MAX_UPLOAD:
                    raise InvalidValue("文件超过 50 MB", "the file is over 50 MB")
                out.write(chunk)
        report = Path(tmp) / "rejected.xlsx"
        summary = import_persons(engine, path, actor, dry_run=dry_run, report=report, lang=lang)
        if not report.exists():
            return summary, None
        token = secrets.token_urlsafe(24)
        folder = _user_dir(actor)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.move(report, folder / f"{token}.xlsx")
        return summary, token


def report_path(actor: Actor, token: str) -> Path:
    """The report a user's import produced, by its token."""
    path = _user_dir(actor) / f"{token}.xlsx"
    if not _TOKEN.fullmatch(token) or not path.is_file():
        raise NotFound("报告不存在或已过期", "no such report (it may have expired)")
    return path
