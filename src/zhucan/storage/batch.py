"""Several built-once reads in one round trip to the database.

A page that reads a dozen small things pays for each statement SQLAlchemy's execution
(about 40 µs of CPU), a round trip to the server and, on a busy machine, the thread
switches around it. On PostgreSQL, reads that do not depend on each other go to the
server together in one psycopg pipeline, on the driver's cursor: SQLAlchemy compiles each
statement once, and its bind and result types are applied as ``conn.execute`` would.
Elsewhere (SQLite, in process) they run one by one through SQLAlchemy. Either way each
read gives its rows as dicts, keyed as ``conn.execute(...).mappings()`` keys them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import psycopg
from sqlalchemy import Connection, Dialect
from sqlalchemy.sql import Select
from sqlalchemy.sql.selectable import CompoundSelect

Statement = Select[Any] | CompoundSelect[Any]
Rows = list[dict[str, Any]]


class Read(NamedTuple):
    """A built-once statement (module level or cached: it is compiled once) and its
    parameters."""

    statement: Statement
    params: Mapping[str, Any]


def read_many(conn: Connection, reads: Sequence[Read]) -> list[Rows]:
    """The rows of each read, in order; on PostgreSQL in one round trip."""
    if conn.dialect.name != "postgresql":
        return [[dict(r) for r in conn.execute(*read).mappings()] for read in reads]
    pg = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
    compiled = [_compiled(read.statement, conn.dialect) for read in reads]
    cursors = [pg.cursor() for _ in reads]
    try:
        with pg.pipeline():
            for read, c, cursor in zip(reads, compiled, cursors, strict=True):
                cursor.execute(c.sql, c.bind(read.params))
        return [c.rows(cursor, conn.dialect) for c, cursor in zip(compiled, cursors, strict=True)]
    except psycopg.Error:
        if pg.broken:  # as SQLAlchemy does on a lost connection: not back into the pool
            conn.invalidate()
        raise
    finally:
        for cursor in cursors:
            cursor.close()


def read_groups(conn: Connection, *groups: Sequence[Read]) -> list[list[Rows]]:
    """:func:`read_many` of every group's reads in one round trip, the rows given back
    group by group."""
    rows = read_many(conn, [read for group in groups for read in group])
    split, start = [], 0
    for group in groups:
        split.append(rows[start : start + len(group)])
        start += len(group)
    return split


Processor = Callable[[Any], Any] | None


@dataclass
class _Compiled:
    """A statement compiled for one dialect, with its bind and result processors."""

    sql: str
    columns: list[Any]
    keys: list[str]
    construct: Callable[[dict[str, Any]], dict[str, Any]]
    binds: dict[str, Processor]
    results: list[Processor] | None = None  # known once a result has been described

    def bind(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values = self.construct(dict(params))
        for name, process in self.binds.items():
            if process is not None:
                values[name] = process(values[name])
        return values

    def rows(self, cursor: psycopg.Cursor[Any], dialect: Dialect) -> Rows:
        if self.results is None:
            assert cursor.description is not None
            self.results = [
                col.type.dialect_impl(dialect).result_processor(dialect, d.type_code)
                for col, d in zip(self.columns, cursor.description, strict=True)
            ]
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        if any(self.results):
            processors = self.results
            rows = [
                tuple(
                    v if p is None or v is None else p(v)
                    for p, v in zip(processors, row, strict=True)
                )
                for row in rows
            ]
        return [dict(zip(self.keys, row, strict=True)) for row in rows]


@functools.lru_cache(maxsize=512)
def _compiled(statement: Statement, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    if compiled.post_compile_params:
        raise ValueError("expanding parameters are rendered per call: use conn.execute")
    columns = list(statement.selected_columns)
    return _Compiled(
        sql=compiled.string,
        columns=columns,
        keys=[str(c.key) for c in columns],
        construct=lambda params: dict(compiled.construct_params(params)),
        binds={
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()
        },
    )
