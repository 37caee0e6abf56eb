"""Verification of declared employees: every status, and the two-employer rule."""

from __future__ import annotations

import polars as pl

from zhucan.employment.review import per_employer, verify_employees

PEOPLE = pl.DataFrame(
    {
        "person_id": [100, 101, 102, 103, 104],
        "alive": [True, True, True, False, True],
        "certificate_valid": [True, True, False, True, True],
        "grade": [1, 3, 2, 2, 3],
    },
    schema_overrides={"grade": pl.Int8},
)


def _declared(rows: list[tuple[int, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "declared_employee_id": list(range(1, len(rows) + 1)),
            "employer_id": [e for e, _ in rows],
            "person_id": [p for _, p in rows],
        },
        schema={"declared_employee_id": pl.Int64, "employer_id": pl.Int64, "person_id": pl.Int64},
    )


def test_each_status() -> None:
    declared = _declared([(10, 100), (10, None), (11, 102), (11, 103), (12, 104), (10, 100)])
    feed = pl.DataFrame({"person_id": [104], "employer_id": [12], "paid": [False]})
    checked = verify_employees(declared, PEOPLE, feed)
    assert checked["status"].to_list() == [
        "counted",
        "not_found",
        "certificate_invalid",
        "dead",
        "insurance_not_paid",
        "repeated",
    ]
    assert checked["weight"].to_list() == [2, 0, 0, 0, 0, 0]
    assert checked["insurance"].to_list()[0] == "unknown"


def test_employee_declared_by_two_employers_counts_for_neither() -> None:
    checked = verify_employees(_declared([(10, 101), (11, 101), (11, 100)]), PEOPLE)
    assert checked["status"].to_list() == ["duplicate", "duplicate", "counted"]
    assert checked["other_employers"].to_list() == [[11], [10], []]
    counts = per_employer(checked).sort("employer_id")
    assert counts["counted"].to_list() == [0, 2]


def test_insurance_feed_settles_a_duplicate() -> None:
    feed = pl.DataFrame({"person_id": [101, 101], "employer_id": [10, 11], "paid": [True, False]})
    checked = verify_employees(_declared([(10, 101), (11, 101)]), PEOPLE, feed)
    assert checked["status"].to_list() == ["counted", "duplicate"]
    assert checked["weight"].to_list() == [1, 0]
