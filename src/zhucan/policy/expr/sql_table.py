"""A SQL table with a snapshot's columns, and rows for it from a snapshot frame.

A ``list[str]`` fact is stored as text: each item followed by ``LIST_SEPARATOR`` and one
more at the start (``␟a␟b␟``), so membership is a portable substring test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl
import sqlalchemy as sa

LIST_SEPARATOR = "\x1f"


def encode_list(items: Iterable[str] | None) -> str | None:
    """A list of strings as SQL text.

    >>> encode_list(["a", "b"]), encode_list([]), encode_list(None)
    ('\\x1fa\\x1fb\\x1f', '\\x1f', None)
    """
    if items is None:
        return None
    items = list(items)
    if any(LIST_SEPARATOR in item for item in items):
        raise ValueError("list items must not contain the separator \\x1f")
    return LIST_SEPARATOR + "".join(item + LIST_SEPARATOR for item in items)


def sql_type(dtype: pl.DataType) -> sa.types.TypeEngine[Any]:
    """The SQL column type for a snapshot column type.

    >>> sql_type(pl.Int8()), sql_type(pl.List(pl.String()))
    (BigInteger(), Text())
    """
    if dtype.is_integer():
        return sa.BigInteger()
    if isinstance(dtype, pl.Decimal):
        return sa.Numeric(38, 4)
    if dtype == pl.Boolean():
        return sa.Boolean()
    if dtype == pl.Date():
        return sa.Date()
    return sa.Text()


def snapshot_table(metadata: sa.MetaData, name: str, dtypes: Mapping[str, pl.DataType]) -> sa.Table:
    """A table with one column per snapshot column."""
    return sa.Table(
        name, metadata, *(sa.Column(col, sql_type(dtype)) for col, dtype in dtypes.items())
    )


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows for inserting into a ``snapshot_table``, lists encoded."""
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    out = frame.to_dicts()
    for row in out:
        for col in lists:
            row[col] = encode_list(row[col])
    return out
