"""The difference between what is due and what is booked, without a database."""

from __future__ import annotations

import polars as pl

from zhucan.benefits.lines import difference_lines
from zhucan.benefits.reads import BOOKED_SCHEMA, CHANGE_SCHEMA, ENROL_SCHEMA
from zhucan.benefits.reasons import yuan_text


def _decisions(rows: list[tuple[int, str, bool, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (p, m, ok, fen, "x.p", "1", "{}", "330000000000", [] if ok else ["alive"])
            for p, m, ok, fen in rows
        ],
        schema=[
            "person_id",
            "month",
            "eligible",
            "amount_fen",
            "policy",
            "version",
            "params",
            "hukou_region",
            "failed",
        ],
        orient="row",
    ).with_columns(pl.col("failed").cast(pl.List(pl.String)))


def _booked(rows: list[tuple[int, str, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(p, m, fen, seq, None) for p, m, fen, seq in rows], schema=BOOKED_SCHEMA, orient="row"
    )


NONE = pl.DataFrame(schema=ENROL_SCHEMA)
NO_CHANGE = pl.DataFrame(schema=CHANGE_SCHEMA)


def test_regular_line_once_then_nothing() -> None:
    dec = _decisions([(1, "2025-03", True, 10000)])
    first = difference_lines(dec, _booked([]), NONE, NO_CHANGE, "2025-03", auto=True)
    assert first.select("kind", "seq", "amount_fen").rows() == [("regular", 0, 10000)]
    booked = _booked([(1, "2025-03", 10000, 1)])
    assert difference_lines(dec, booked, NONE, NO_CHANGE, "2025-03", auto=True).is_empty()


def test_past_month_overpaid_is_recovered_and_underpaid_is_arrears() -> None:
    dec = _decisions([(1, "2025-01", False, 0), (2, "2025-01", True, 33600)])
    booked = _booked([(1, "2025-01", 10000, 1)])
    out = difference_lines(dec, booked, NONE, NO_CHANGE, "2025-04", auto=True)
    assert out.select("person_id", "kind", "seq", "amount_fen", "status").rows() == [
        (1, "recovery", 1, -10000, "to_recover"),
        (2, "arrears", 0, 33600, "pending"),
    ]
    assert "追回 2025-01 月 100.00 元" in out["reason"][0] and "alive" in out["reason"][0]


def test_not_enrolled_or_suspended_gets_nothing() -> None:
    dec = _decisions([(1, "2025-03", True, 100), (2, "2025-03", True, 100)])
    enrol = pl.DataFrame(
        [(1, 1, "2025-04", None, None), (2, 2, "2025-01", None, "2025-02")],
        schema=ENROL_SCHEMA,
        orient="row",
    )
    assert difference_lines(dec, _booked([]), enrol, NO_CHANGE, "2025-03", auto=False).is_empty()


def test_yuan_text() -> None:
    frame = pl.DataFrame({"f": [12345, -5, 0]})
    assert frame.select(yuan_text("f")).to_series().to_list() == ["123.45", "-0.05", "0.00"]
