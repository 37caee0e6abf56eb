"""The hash-chained audit log on a SQLite file database."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, exc, func, select, update

from zhucan.access.audit import (
    GENESIS_HASH,
    AuditAnchor,
    drop_append_only_guards,
    head,
    install_append_only_guards,
    record,
    verify,
)
from zhucan.access.tables import audit_log
from zhucan.core.errors import InvalidValue
from zhucan.storage.engine import make_engine
from zhucan.storage.metadata import load_all_tables

ROWS = 1_000


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite file database with the schema and the append-only guards."""
    engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    load_all_tables().create_all(engine)
    with engine.begin() as conn:
        install_append_only_guards(conn)
    yield engine
    engine.dispose()


@pytest.fixture
def filled(engine: Engine) -> Engine:
    """The database with ROWS audit rows."""
    with engine.begin() as conn:
        for i in range(ROWS):
            record(
                conn,
                f"user{i % 7}",
                "person.update",
                "person",
                str(i),
                {"field": "phone", "new": "138****5678", "n": i, "备注": "变更"},
            )
    return engine


def tamper(engine: Engine, statement: str) -> None:
    """Run ``statement`` as an attacker with database access would: guards dropped first."""
    with engine.begin() as conn:
        drop_append_only_guards(conn)
        conn.exec_driver_sql(statement)


def test_empty_log_verifies(engine: Engine) -> None:
    with engine.connect() as conn:
        result = verify(conn)
        assert head(conn) is None
    assert result.ok
    assert result.checked == 0
    assert result.first_bad_id is None


def test_intact_chain_verifies(filled: Engine) -> None:
    with filled.connect() as conn:
        result = verify(conn, chunk_size=128)  # several chunks
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
        anchor = head(conn)
    assert result.ok, result.reason_en
    assert result.checked == ROWS
    assert result.first_bad_id is None
    assert "1000" in result.message("zh")
    assert [r.id for r in rows] == list(range(1, ROWS + 1))
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert anchor == AuditAnchor(ROWS, rows[-1].hash)
    assert rows[0].detail == '{"field":"phone","n":0,"new":"138****5678","备注":"变更"}'


def test_edited_detail_is_found(filled: Engine) -> None:
    tamper(
        filled,
        "UPDATE audit_log SET detail = replace(detail, '\"n\":537', '\"n\":1') WHERE id = 538",
    )
    with filled.connect() as conn:
        result = verify(conn)
    assert not result.ok
    assert result.first_bad_id == 538
    assert result.checked == 537
    assert "altered" in result.reason_en
    assert "改动" in result.reason_zh


@pytest.mark.parametrize(
    "assignment",
    ["actor = 'admin'", "action = 'person.view'", "entity_id = NULL", "detail = 'not json'"],
)
def test_any_edited_column_is_found(filled: Engine, assignment: str) -> None:
    tamper(filled, f"UPDATE audit_log SET {assignment} WHERE id = 10")
    with filled.connect() as conn:
        assert verify(conn).first_bad_id == 10


def test_edited_timestamp_is_found_even_if_unparseable(filled: Engine) -> None:
    tamper(filled, "UPDATE audit_log SET at = 'yesterday' WHERE id = 20")
    with filled.connect() as conn:
        assert verify(conn).first_bad_id == 20
    tamper(filled, "UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 20")
    with filled.connect() as conn:
        assert verify(conn).first_bad_id == 20


def test_rehashed_row_breaks_the_next_link(filled: Engine) -> None:
    # A different first digit whatever it was (a fixed 'f' left 1 hash in 16 unchanged).
    flip = "CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END"
    tamper(filled, f"UPDATE audit_log SET hash = {flip} || substr(hash, 2) WHERE id = 300")
    with filled.connect() as conn:
        result = verify(conn)
    assert result.first_bad_id == 300  # its own hash no longer matches


def test_deleted_middle_row_is_found(filled: Engine) -> None:
    tamper(filled, "DELETE FROM audit_log WHERE id = 500")
    with filled.connect() as conn:
        result = verify(conn)
    assert not result.ok
    assert result.first_bad_id == 500
    assert result.checked == 499
    assert "deleted" in result.reason_en


def test_deleted_and_renumbered_rows_are_found(filled: Engine) -> None:
    tamper(filled, "DELETE FROM audit_log WHERE id = 500")
    tamper(filled, "UPDATE audit_log SET id = id - 1 WHERE id > 500")
    with filled.connect() as conn:
        result = verify(conn)
    assert result.first_bad_id == 500
    assert "link" in result.reason_en


def test_deleted_first_row_is_found(filled: Engine) -> None:
    tamper(filled, "DELETE FROM audit_log WHERE id = 1")
    with filled.connect() as conn:
        assert verify(conn).first_bad_id == 1


def test_deleted_tail_needs_an_anchor(filled: Engine) -> None:
    with filled.connect() as conn:
        anchor = head(conn)
    assert anchor is not None
    tamper(filled, "DELETE FROM audit_log WHERE id > 990")
    with filled.connect() as conn:
        assert verify(conn).ok  # the limitation: a shorter chain is still a valid chain
        result = verify(conn, anchor=anchor)
    assert not result.ok
    assert result.first_bad_id == 991
    assert result.checked == 990


def test_rewritten_chain_is_caught_by_anchor(filled: Engine) -> None:
    with filled.connect() as conn:
        anchor = head(conn)
        assert anchor is not None
        assert verify(conn, anchor=anchor).ok
    forged = AuditAnchor(anchor.id, "0" * 64)
    with filled.connect() as conn:
        result = verify(conn, anchor=forged)
    assert result.first_bad_id == ROWS


def test_guards_block_update_and_delete(filled: Engine) -> None:
    with filled.begin() as conn:
        install_append_only_guards(conn)  # idempotent
    for statement in (
        update(audit_log).where(audit_log.c.id == 5).values(actor="x"),
        delete(audit_log).where(audit_log.c.id == 5),
        delete(audit_log),
    ):
        with pytest.raises(exc.DatabaseError, match="append-only"), filled.begin() as conn:
            conn.execute(statement)
    with filled.begin() as conn:
        record(conn, "system", "check", "audit_log", None, {})
        assert verify(conn).checked == ROWS + 1


def test_record_rolls_back_with_the_transaction(engine: Engine) -> None:
    with engine.begin() as conn:
        record(conn, "a", "x", "person", "1", {})
    with pytest.raises(RuntimeError), engine.begin() as conn:
        record(conn, "a", "x", "person", "2", {})
        raise RuntimeError("the change failed")
    with engine.begin() as conn:
        record(conn, "a", "x", "person", "3", {})
        rows = conn.execute(select(audit_log.c.id, audit_log.c.entity_id)).all()
        assert [tuple(r) for r in rows] == [(1, "1"), (2, "3")]
        assert verify(conn).ok


def test_bad_details_are_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        for detail in ({"x": object()}, {"x": float("nan")}):
            with pytest.raises(InvalidValue):
                record(conn, "a", "x", "person", None, detail)
        with pytest.raises(InvalidValue):
            record(conn, "a" * 65, "x", "person", None, {})
        assert conn.scalar(select(func.count()).select_from(audit_log)) == 0


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(40):
                with engine.begin() as conn:
                    record(conn, f"w{n}", "write", "person", str(i), {"i": i})
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        result = verify(conn)
    assert result.ok, result.reason_en
    assert result.checked == 160
