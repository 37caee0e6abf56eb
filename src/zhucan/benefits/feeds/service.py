"""Import a feed: read, match by blind index, record facts in bulk, raise alerts, audit."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from zhucan.access import audit
from zhucan.access.scope import Actor, Role
from zhucan.benefits.alerts import supervise
from zhucan.benefits.feeds.facts_bulk import apply_facts
from zhucan.benefits.feeds.formats import FeedKind
from zhucan.benefits.feeds.match import match_rows
from zhucan.benefits.feeds.read import read_feed
from zhucan.benefits.runs import ensure_role
from zhucan.core.errors import InvalidValue
from zhucan.registry.rows import Provenance, next_id
from zhucan.registry.tables import import_batch

FEED_ROLES = frozenset({Role.ADMIN, Role.COUNTY_OFFICER})


@dataclass
class FeedSummary:
    """What a feed import did."""

    kind: str
    read: int = 0
    matched: int = 0
    unmatched: list[int] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    opened: int = 0
    closed: int = 0
    retracted: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    batch_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The summary as a JSON-able dict (unmatched rows: at most 100 listed)."""
        data = asdict(self)
        data["unmatched_count"] = len(self.unmatched)
        data["unmatched"] = self.unmatched[:100]
        return data


def parse_kind(kind: str) -> FeedKind:
    """A feed kind from its name."""
    try:
        return FeedKind(kind)
    except ValueError:
        names = "、".join(k.value for k in FeedKind)
        raise InvalidValue(
            f"未知的数据类型：{kind}（可用：{names}）", f"unknown feed {kind}"
        ) from None


def import_feed(
    engine: Engine,
    actor: Actor,
    kind: FeedKind,
    path: Path,
    as_of: date | None = None,
    now: datetime | None = None,
) -> FeedSummary:
    """Import one feed file; every change is a fact with the feed as its source."""
    ensure_role(actor, FEED_ROLES, "导入比对数据", "import data-matching feeds")
    now = now or datetime.now()
    feed = read_feed(kind, path)
    summary = FeedSummary(kind.value, read=feed.read)
    summary.rejected = [{"row": r, "reason": why} for r, why in feed.rejected]
    matched = match_rows(engine, actor, feed.changes)
    summary.matched, summary.unmatched = matched.rows.height, matched.unmatched
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with engine.begin() as conn:
        batch = next_id(conn, import_batch.c.id)
        source = f"{kind.zh}比对:{path.name}#{batch}"
        applied = apply_facts(conn, matched.rows, Provenance(source, actor.username, now))
        summary.opened, summary.closed = applied.opened, applied.closed
        summary.retracted, summary.batch_id = applied.retracted, batch
        conn.execute(
            insert(import_batch).values(
                id=batch,
                kind=f"feed:{kind.value}",
                file_name=path.name[:255],
                file_sha256=digest,
                recorded_by=actor.username,
                recorded_at=now,
                summary=json.dumps(
                    {"read": feed.read, "matched": summary.matched, "opened": applied.opened},
                    ensure_ascii=False,
                ),
            )
        )
        audit.record(
            conn,
            actor.username,
            f"feed.{kind.value}",
            "import_batch",
            str(batch),
            {
                "file": path.name,
                "sha256": digest,
                "read": feed.read,
                "matched": summary.matched,
                "unmatched": len(matched.unmatched),
                "opened": applied.opened,
            },
        )
    ids = sorted(set(matched.rows["person_id"].to_list()))
    summary.alerts = supervise(
        engine, actor, as_of or now.date(), source, ids=ids, doubles=matched.doubles
    )
    return summary
