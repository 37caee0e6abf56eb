"""The one-person state (plain Python) gives exactly the row of the snapshot's Polars pivot."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import polars as pl

from zhucan.registry.facts import FactKind
from zhucan.registry.person_state import assemble_one
from zhucan.registry.snapshot import _COLUMN_TYPES, assemble

AS_OF = date(2024, 6, 30)
AMOUNTS = [
    *["1500", "1500.5", "-3", "0.1234", "12.30", "abc", "", "1e3", " 12", ".5", "7.", "-0"],
    *["1.23455", "1.23465", "１２", "123456789012345678901234567890"],
]
VALUES: dict[FactKind, list[str]] = {
    FactKind.HUKOU_REGION: ["331102001001", "331121000000"],
    FactKind.HUKOU_TYPE: ["urban", "rural", ""],
    FactKind.RESIDENCE_REGION: ["331102001002", ""],
    FactKind.ASSISTANCE: ["dibao", "tekun", "none"],
    FactKind.LONG_TERM_CARE: ["true", "false"],
    FactKind.DEATH: ["2024-03-01", "2024-3-9"],
    FactKind.OTHER_BENEFIT: ["elderly_care", "veteran", "work_injury"],
    FactKind.INSTITUTIONAL_CARE: ["true", "false"],
    FactKind.HOUSEHOLD_INCOME_PER_HEAD: AMOUNTS,
    FactKind.PERSONAL_INCOME: AMOUNTS,
    FactKind.SELF_CARE: ["none", "partial", "full"],
    FactKind.SIMILAR_ALLOWANCE: AMOUNTS,
    FactKind.EMPLOYMENT: ["employed"],
}


def _day(rng: random.Random) -> date:
    return AS_OF - timedelta(days=rng.randrange(-400, 20_000))


def _person(rng: random.Random, pid: int) -> dict[str, Any]:
    # Born on 29 February, on the day itself and the day after: the age's edge cases.
    birth = rng.choice([None, date(2000, 2, 29), date(1990, 6, 30), date(1990, 7, 1), _day(rng)])
    return {
        "person_id": pid,
        "name": f"人{pid}",
        "citizen_id_masked": "3311**********0011",
        "phone_masked": rng.choice([None, "138****0000"]),
        "sex": rng.choice(["M", "F"]),
        "birth_date": birth,
        "household_id": rng.choice([None, pid // 3]),
    }


def _facts(rng: random.Random, pid: int) -> list[dict[str, Any]]:
    kinds = [k for k in VALUES if rng.random() < 0.6]
    if FactKind.OTHER_BENEFIT in kinds:
        kinds += [FactKind.OTHER_BENEFIT] * rng.randrange(3)
    if kinds and rng.random() < 0.3:
        kinds.append(rng.choice(kinds))  # a kind twice: the later valid_from wins
    return [
        {"person_id": pid, "kind": k.value, "value": rng.choice(VALUES[k]), "valid_from": d}
        for k, d in zip(kinds, rng.sample(range(3000), len(kinds)), strict=True)
        for d in [AS_OF - timedelta(days=d)]
    ]


def _certs(rng: random.Random, pid: int) -> list[dict[str, Any]]:
    return [
        {
            "person_id": pid,
            "category": rng.randrange(1, 8),
            "grade": rng.randrange(1, 5),
            "certificate_issued": rng.choice([None, _day(rng), AS_OF]),
            "certificate_valid_until": rng.choice([None, _day(rng), AS_OF]),
            "certificate_status": rng.choice([None, "valid", "revoked"]),
        }
        for _ in range(rng.choice([0, 1, 1, 2]))
    ]


CERT_COLUMNS = [
    "person_id",
    "category",
    "grade",
    "certificate_issued",
    "certificate_valid_until",
    "certificate_status",
]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={c: _COLUMN_TYPES[c] for c in columns}, orient="row")


def _exactly(row: dict[str, Any] | None) -> dict[str, tuple[str, str]] | None:
    """Values with their types and text: 1.5000 is not 1.5, nor True 1, nor -0 0."""
    return None if row is None else {k: (type(v).__name__, str(v)) for k, v in row.items()}


def test_one_person_state_matches_the_snapshot_pivot() -> None:
    rng = random.Random(20241205)
    seen = {"registered": 0, "dead": 0, "certified": 0, "amount": 0}
    for pid in range(1, 601):
        person = _person(rng, pid)
        facts, certs = _facts(rng, pid), _certs(rng, pid)
        frames = assemble(
            _frame([person], list(person)),
            _frame(facts, ["person_id", "kind", "value", "valid_from"]),
            _frame(certs, CERT_COLUMNS),
            AS_OF,
        ).to_dicts()
        expected = frames[0] if frames else None
        got = assemble_one(person, facts, certs, AS_OF)
        assert _exactly(got) == _exactly(expected), (person, facts, certs)
        if expected:
            seen["registered"] += 1
            seen["dead"] += expected["death_date"] is not None
            seen["certified"] += expected["certificate_valid"]
            seen["amount"] += expected["personal_income"] is not None
    # The sample reaches every branch, not only the empty ones.
    assert all(n > 20 for n in seen.values()), seen


def test_a_person_without_a_hukou_on_the_date_has_no_state() -> None:
    person = _person(random.Random(1), 1)
    facts = [{"person_id": 1, "kind": "self_care", "value": "full", "valid_from": AS_OF}]
    assert assemble_one(person, facts, [], AS_OF) is None
    assert assemble_one(None, [], [], AS_OF) is None
