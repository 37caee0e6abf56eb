"""Columnar bulk I/O: Polars frames in and out of SQLite and PostgreSQL.

PostgreSQL gets ``COPY … FROM STDIN`` fed with CSV that Polars writes; SQLite gets one
``executemany`` over plain tuples. Reads go through connectorx (Rust, Arrow): in-process for
PostgreSQL, in a helper process for SQLite files (see :mod:`zhucan.storage.sqlite_reader`),
else through the SQLAlchemy connection.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table

from zhucan.storage.sqlite_reader import read_sqlite_many, start_readers

_NULL = r"\N"


def bulk_insert(conn: Connection, table: Table, frame: pl.DataFrame) -> int:
    """Insert every row of ``frame`` (columns named as in ``table``) and return the count."""
    if frame.is_empty():
        return 0
    if conn.dialect.name == "postgresql":
        _copy_postgres(conn, table.name, frame)
    elif frame.height >= REBUILD_INDEXES_FROM:
        with _indexes_rebuilt(conn, table.name):
            _insert_sqlite(conn, table.name, frame)
    else:
        _insert_sqlite(conn, table.name, frame)
    return frame.height


# Above this many rows, SQLite drops a table's secondary indexes and builds them again
# after the insert: one sort beats a million random B-tree insertions.
REBUILD_INDEXES_FROM = 50_000


def _insert_sqlite(conn: Connection, table_name: str, frame: pl.DataFrame) -> None:
    """One executemany over tuples; dates and times become text here, not per value."""
    as_text = frame.with_columns(
        [pl.col(c).dt.to_string("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date]
        + [
            pl.col(c).dt.to_string("%Y-%m-%d %H:%M:%S.%6f")
            for c, t in frame.schema.items()
            if isinstance(t, pl.Datetime)
        ]
        + [pl.col(c).cast(pl.Int8) for c, t in frame.schema.items() if t == pl.Boolean]
    )
    marks = ", ".join("?" for _ in frame.columns)
    sql = f"INSERT INTO {table_name} ({', '.join(frame.columns)}) VALUES ({marks})"
    conn.exec_driver_sql(sql, as_text.rows())


@contextmanager
def _indexes_rebuilt(conn: Connection, table_name: str) -> Iterator[None]:
    """Drop the table's named indexes for the duration of the block, then recreate them."""
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table_name,),
    ).all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)


def _copy_postgres(conn: Connection, table_name: str, frame: pl.DataFrame) -> None:
    """Stream ``frame`` as CSV into ``COPY``; binary columns travel as bytea hex."""
    encoded = frame.with_columns(
        (pl.lit("\\x") + pl.col(name).bin.encode("hex")).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.Binary
    )
    sql = (
        f"COPY {table_name} ({', '.join(frame.columns)}) FROM STDIN "
        f"WITH (FORMAT csv, NULL '{_NULL}')"
    )
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(sql) as copy:
        chunk = 200_000
        for start in range(0, encoded.height, chunk):
            buf = io.BytesIO()
            encoded.slice(start, chunk).write_csv(
                buf, include_header=False, null_value=_NULL, date_format="%Y-%m-%d"
            )
            copy.write(buf.getvalue())


Schema = dict[str, pl.DataType]


def read_frame(engine: Engine, sql: str, schema: Schema | None = None) -> pl.DataFrame:
    """Run ``sql`` (trusted text with no user input) and return its result as a frame."""
    return read_frames(engine, [(sql, schema)])[0]


def read_frames(engine: Engine, queries: list[tuple[str, Schema | None]]) -> list[pl.DataFrame]:
    """Run independent queries (trusted text) side by side; one frame each, in order."""
    url = _connectorx_url(engine)
    sqls = [sql for sql, _ in queries]
    if url is not None and url.startswith("sqlite"):
        frames = read_sqlite_many(url, sqls)
    elif url is not None:
        import connectorx as cx

        frames = [cx.read_sql(url, sql, return_type="polars") for sql in sqls]
    else:
        with engine.connect() as conn:
            frames = [pl.read_database(sql, conn, infer_schema_length=None) for sql in sqls]
    return [_cast(frame, schema) for frame, (_, schema) in zip(frames, queries, strict=True)]


def prepare_reads(engine: Engine) -> None:
    """Get ready for :func:`read_frames` of large results (on SQLite: start its helpers)."""
    url = _connectorx_url(engine)
    if url is not None and url.startswith("sqlite"):
        start_readers()


def _cast(frame: pl.DataFrame, schema: Schema | None) -> pl.DataFrame:
    if not schema:
        return frame
    return frame.with_columns(pl.col(c).cast(t) for c, t in schema.items() if c in frame.columns)


def _connectorx_url(engine: Engine) -> str | None:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        from pathlib import Path

        return "sqlite://" + str(Path(url.database).resolve())
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql").render_as_string(hide_password=False)
    return None
