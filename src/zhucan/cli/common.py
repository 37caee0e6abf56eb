"""What every command shares: output in text or JSON, the acting user, the database."""

from __future__ import annotations

import getpass
import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import Engine

from zhucan.access.scope import Actor, Role
from zhucan.storage.engine import get_engine
from zhucan.storage.migrate import require_schema

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    """How a command prints its result."""

    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", help="输出格式 text|json")]


def emit(data: Any, fmt: Format) -> bool:
    """Print ``data`` as JSON when asked; return True if it was printed."""
    if fmt is Format.json:
        typer.echo(json.dumps(data, ensure_ascii=False, default=str))
        return True
    return False


def cli_actor(user: str | None = None) -> Actor:
    """The operator running a command on the server: a national administrator named
    ``user`` (a ``--user`` option), else the operating-system user."""
    name = user
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "operator"
    return Actor(f"cli:{name}"[:64], Role.ADMIN, "")


def ready_engine() -> Engine:
    """The configured database, refusing (exit 2) when its schema is missing or old."""
    engine = get_engine()
    require_schema(engine)
    return engine
