"""The append-only, hash-chained audit log.

Every row carries ``hash = sha256(prev_hash + canonical JSON of [id, at, actor, action,
entity, entity_id, detail])`` where ``prev_hash`` is the previous row's hash (64 zeros for
the first row) and ids are assigned consecutively from 1.  :func:`verify` walks the chain
and finds an edited row (its hash no longer matches), a deleted or inserted row (an id gap,
or a ``prev_hash`` that does not match the previous row).

Limitations, by design kept simple:

* Deleting the *last* rows leaves a shorter but valid chain.  To detect it, keep an
  anchor outside the database (for example print :func:`head` in the daily report or
  store it with each backup) and pass it to :func:`verify`, which then checks that the
  anchored row is still there with the same hash.
* The hash is unkeyed: someone with write access who recomputes every later hash can
  rewrite history undetected, except against an anchor kept elsewhere.  The database
  triggers from :func:`install_append_only_guards` stop ordinary UPDATE/DELETE.

Never put plaintext personal data in ``detail``: use masked values or record ids.

Times are stored as naive UTC datetimes with microseconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Engine, String, insert, select, text, type_coerce

from zhucan.access.tables import audit_log
from zhucan.core.errors import InvalidValue, SetupError

if TYPE_CHECKING:
    import psycopg

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key serialising audit writers: int.from_bytes(b"zhucanAL").
ADVISORY_LOCK_KEY = 0x7A68_7563_616E_414C
VERIFY_CHUNK = 20_000
_MAX_TEXT = 64


@dataclass(frozen=True)
class AuditAnchor:
    """A chain position kept outside the database: a row id and its hash."""

    id: int
    hash: str


@dataclass(frozen=True)
class AuditVerification:
    """The outcome of :func:`verify`: ``checked`` rows were intact before ``first_bad_id``."""

    ok: bool
    checked: int
    first_bad_id: int | None
    reason_zh: str
    reason_en: str

    def message(self, lang: str = "zh") -> str:
        """The reason in ``lang`` ("zh" or "en")."""
        return self.reason_en if lang.startswith("en") else self.reason_zh


def _json_default(value: object) -> Any:
    """Turn dates, decimals, UUIDs, paths and sets into JSON-able values."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


_ENCODER = json.JSONEncoder(
    ensure_ascii=False,
    sort_keys=True,
    separators=(",", ":"),
    allow_nan=False,
    default=_json_default,
)


def canonical_json(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept, no NaN.

    >>> canonical_json({"b": 1, "a": ["张", dt.date(2024, 1, 2)]})
    '{"a":["张","2024-01-02"],"b":1}'
    """
    try:
        return _ENCODER.encode(value)
    except (TypeError, ValueError) as e:
        raise InvalidValue(
            f"审计详情无法转换为 JSON：{e}", f"audit detail cannot be turned into JSON: {e}"
        ) from e


def row_hash(
    prev_hash: str,
    row_id: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: str,
) -> str:
    """The chain hash of a row; ``detail`` is the stored canonical JSON text.

    The stored text is spliced in verbatim, which gives exactly the canonical JSON of
    the whole row when ``detail`` is canonical, and makes any change to its bytes show.

    >>> at = dt.datetime(2025, 1, 2, 3, 4, 5, 6)
    >>> row = [1, at.isoformat(), "u", "a", "e", None, {"k": "v"}]
    >>> row_hash(GENESIS_HASH, 1, at, "u", "a", "e", None, '{"k":"v"}') == hashlib.sha256(
    ...     (GENESIS_HASH + canonical_json(row)).encode()
    ... ).hexdigest()
    True
    """
    payload = f"{prev_hash}[{row_id}{_hash_tail(at, actor, action, entity, entity_id, detail)}"
    return hashlib.sha256(payload.encode()).hexdigest()


def _hash_tail(
    at: dt.datetime, actor: str, action: str, entity: str, entity_id: str | None, detail: str
) -> str:
    """What follows the row id in a row's hashed payload (``,"at",…,detail]``), known
    before the row's place in the chain is."""
    fields = _ENCODER.encode([at.isoformat(), actor, action, entity, entity_id])
    return f",{fields[1:-1]},{detail}]"


# PostgreSQL appends with one statement that reads the chain's last row and hashes the
# new one server-side (the same payload as :func:`row_hash`): one round trip after the
# lock instead of two. The lock is a statement of its own: a statement that took it
# itself would read the chain in a snapshot from before the lock.
_PG_LOCK = "SELECT pg_advisory_xact_lock(%(key)s)"
_PG_APPEND = f"""
INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
SELECT n.id, %(at)s, %(actor)s, %(action)s, %(entity)s, %(entity_id)s, %(detail)s, n.prev,
       encode(sha256(convert_to(n.prev || '[' || n.id::text || %(tail)s, 'UTF8')), 'hex')
FROM (
    SELECT coalesce(last.id, 0) + 1 AS id, coalesce(last.hash, '{GENESIS_HASH}') AS prev
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last ON true
) AS n
"""


def _check_text(name: str, value: str) -> None:
    if len(value) > _MAX_TEXT:
        raise InvalidValue(
            f"审计字段 {name} 超过 {_MAX_TEXT} 个字符",
            f"audit {name} is over {_MAX_TEXT} characters",
        )


def _new_row(
    actor: str, action: str, entity: str, entity_id: str | None, detail: dict[str, Any]
) -> dict[str, Any]:
    """A row's own columns (checked, the detail as canonical JSON), stamped now."""
    for name, value in (("actor", actor), ("action", action), ("entity", entity)):
        _check_text(name, value)
    if entity_id is not None:
        _check_text("entity_id", entity_id)
    return {
        "at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": canonical_json(detail),
    }


def _pg_params(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "tail": _hash_tail(**row)}


def record(
    conn: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any],
) -> None:
    """Append one row to the audit log, in the caller's transaction.

    Call it inside the transaction that makes the change, so both commit or neither.
    On PostgreSQL writers are serialised with a transaction-scoped advisory lock.  On
    SQLite the first statement takes the writer lock; if the transaction already read
    an older snapshot and another writer committed since, SQLite refuses the write
    ("database is locked") instead of forking the chain, so prefer calling it before
    reads, or in a transaction that has already written.  Ids are primary keys, so two
    writers can never append after the same row.
    """
    row = _new_row(actor, action, entity, entity_id, detail)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_LOCK, {"key": ADVISORY_LOCK_KEY})
        conn.exec_driver_sql(_PG_APPEND, _pg_params(row))
        return
    # A write that touches no row still takes SQLite's single writer lock (and makes the
    # driver BEGIN), so the last hash read next cannot change before our INSERT.
    conn.execute(text("UPDATE audit_log SET id = id WHERE 0"))
    last = conn.execute(
        select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (0, GENESIS_HASH) if last is None else (last.id, last.hash)
    new_id = prev_id + 1
    conn.execute(
        insert(audit_log).values(
            id=new_id, prev_hash=prev_hash, hash=row_hash(prev_hash, new_id, **row), **row
        )
    )


def record_alone(
    engine: Engine,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any],
) -> None:
    """Append one row in a transaction of its own: an access, where nothing else changes.

    On PostgreSQL the whole transaction (begin, chain lock, append, commit) goes to the
    server in one pipelined write, so the lock that serialises audit writers is held for
    the server's work alone, never while the writer's thread waits for its turn in Python.
    """
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            record(conn, actor, action, entity, entity_id, detail)
        return
    from psycopg.pq import TransactionStatus

    params = _pg_params(_new_row(actor, action, entity, entity_id, detail))
    with engine.connect() as conn:
        pg = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
        pg.autocommit = True  # the BEGIN and COMMIT are sent in the pipeline
        try:
            with pg.pipeline(), pg.cursor() as cur:
                cur.execute("BEGIN")
                cur.execute(_PG_LOCK, {"key": ADVISORY_LOCK_KEY})
                cur.execute(_PG_APPEND, params)
                cur.execute("COMMIT")
        finally:
            if not pg.closed:
                if pg.info.transaction_status != TransactionStatus.IDLE:
                    pg.rollback()  # a failed pipeline can leave the transaction (and lock) open
                pg.autocommit = False


def head(conn: Connection) -> AuditAnchor | None:
    """The last row's id and hash, to keep outside the database as an anchor."""
    last = conn.execute(
        select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    return None if last is None else AuditAnchor(last.id, last.hash)


def _bad(checked: int, bad_id: int, zh: str, en: str) -> AuditVerification:
    return AuditVerification(False, checked, bad_id, zh, en)


def verify(
    conn: Connection, anchor: AuditAnchor | None = None, chunk_size: int = VERIFY_CHUNK
) -> AuditVerification:
    """Walk the whole chain in id order and report the first broken row, if any.

    ``first_bad_id`` is the first id where the chain breaks: an edited row, or for
    deleted rows the first missing id.  With ``anchor``, also check that the anchored
    row is still present with the same hash (this catches a deleted tail).
    """
    columns = (
        audit_log.c.id,
        # Read as stored, so a tampered timestamp is reported rather than failing the read.
        type_coerce(audit_log.c.at, String).label("at"),
        audit_log.c.actor,
        audit_log.c.action,
        audit_log.c.entity,
        audit_log.c.entity_id,
        audit_log.c.detail,
        audit_log.c.prev_hash,
        audit_log.c.hash,
    )
    checked = 0
    prev_hash = GENESIS_HASH
    last_id = 0
    while True:
        rows = conn.execute(
            select(*columns)
            .where(audit_log.c.id > last_id)
            .order_by(audit_log.c.id)
            .limit(chunk_size)
        ).all()
        if not rows:
            break
        for id_, at, actor, action, entity, entity_id, detail, stored_prev, stored_hash in rows:
            expected = last_id + 1
            if id_ != expected:
                return _bad(
                    checked,
                    expected,
                    f"审计日志第 {expected} 至 {id_ - 1} 条缺失（已被删除）",
                    f"audit rows {expected} to {id_ - 1} are missing (deleted)",
                )
            if stored_prev != prev_hash:
                return _bad(
                    checked,
                    id_,
                    f"审计日志第 {id_} 条与前一条衔接不上（之前的记录被删除或改动）",
                    f"audit row {id_} does not link to the row before (rows deleted or altered)",
                )
            try:
                when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
                actual = row_hash(prev_hash, id_, when, actor, action, entity, entity_id, detail)
            except (TypeError, ValueError):  # a timestamp that no longer parses, a NULL
                actual = None
            if actual != stored_hash:
                return _bad(
                    checked,
                    id_,
                    f"审计日志第 {id_} 条内容与哈希不符（已被改动）",
                    f"audit row {id_} does not match its hash (altered)",
                )
            if anchor is not None and id_ == anchor.id and stored_hash != anchor.hash:
                return _bad(
                    checked,
                    id_,
                    f"审计日志第 {id_} 条与保存的锚点哈希不符（记录被重写）",
                    f"audit row {id_} does not match the saved anchor hash (rewritten)",
                )
            prev_hash = stored_hash
            last_id = id_
            checked += 1
    if anchor is not None and anchor.id > last_id:
        return _bad(
            checked,
            last_id + 1,
            f"审计日志只到第 {last_id} 条，但锚点为第 {anchor.id} 条（末尾记录被删除）",
            f"the audit log ends at row {last_id} but the anchor is row {anchor.id} "
            "(rows at the end were deleted)",
        )
    return AuditVerification(
        True, checked, None, f"审计日志完整，共 {checked} 条", f"audit log intact: {checked} rows"
    )


_SQLITE_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)

_POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION zhucan_audit_log_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; "
    "END $$",
    "DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION zhucan_audit_log_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION zhucan_audit_log_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION zhucan_audit_log_append_only()",
)

_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS audit_log_no_update",
    "DROP TRIGGER IF EXISTS audit_log_no_delete",
)

_POSTGRES_DROP = (
    "DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log",
    "DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "DROP FUNCTION IF EXISTS zhucan_audit_log_append_only()",
)


def _statements(conn: Connection, sqlite: tuple[str, ...], postgres: tuple[str, ...]) -> None:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        statements = sqlite
    elif dialect == "postgresql":
        statements = postgres
    else:
        raise SetupError(
            f"不支持的数据库：{dialect}", f"unsupported database for audit guards: {dialect}"
        )
    for statement in statements:
        conn.exec_driver_sql(statement)


def install_append_only_guards(conn: Connection) -> None:
    """Create triggers that forbid UPDATE and DELETE (and TRUNCATE) on audit_log; idempotent."""
    _statements(conn, _SQLITE_GUARDS, _POSTGRES_GUARDS)


def drop_append_only_guards(conn: Connection) -> None:
    """Remove the append-only triggers (for a migration downgrade, or tests that tamper)."""
    _statements(conn, _SQLITE_DROP, _POSTGRES_DROP)
