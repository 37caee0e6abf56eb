"""The compact evaluation (masks instead of id lists) and the ``policy eval`` fast path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from zhucan.bench import policy_data as data
from zhucan.policy import people_json
from zhucan.policy.evaluate import ELIGIBLE, FEN, KEY, column, decide, evaluate
from zhucan.policy.expr.to_polars import Scope
from zhucan.policy.loader import load_policies
from zhucan.policy.people_json import eval_people, eval_people_json
from zhucan.policy.policy_set import PolicySet
from zhucan.synth.population import generate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "policies"
SHIPPED = load_policies()
DAY = date(2024, 6, 1)
VILLAGES = pl.DataFrame(
    {
        "code": [
            "331102001001", "331121001001", "330402001001", "330102001001", "140105001001",
            "500113001001", "110101001001",
        ],
        "urban": [False, False, True, True, False, False, True],
    }
)  # fmt: skip


def _snapshot(n: int, seed: int) -> pl.DataFrame:
    return data.snapshot(data.people(VILLAGES, n, DAY, seed), DAY)


def test_compact_result_decodes_to_the_long_form() -> None:
    snap = _snapshot(2000, 3)
    decisions = decide(SHIPPED, snap, DAY)
    long = evaluate(SHIPPED, snap, DAY).sort("person_id", "program")
    assert decisions.frame.height == snap.height
    rows = []
    for pk in decisions.programs:
        p = pk.program
        for pid, key, mask, eligible, fen in decisions.frame.select(
            "person_id", column(p, KEY), decisions.mask(p), column(p, ELIGIBLE), column(p, FEN)
        ).iter_rows():
            k = pk.keys[key]
            rows.append(
                {
                    "person_id": pid,
                    "program": p,
                    "policy": None if k is None else k.document.id,
                    "version": None if k is None else k.version.id,
                    "eligible": eligible,
                    "amount_fen": fen,
                    "failed": decisions.failed(p, key, mask),
                }
            )
    assert pl.DataFrame(rows, schema=long.schema).sort("person_id", "program").equals(long)
    # every jurisdiction of the fixture villages took part
    policies = set(long.get_column("policy").drop_nulls())
    assert {"zhejiang.living_subsidy", "shanxi.living_subsidy"} <= policies


def test_many_region_prefixes_resolve_through_the_join(monkeypatch: pytest.MonkeyPatch) -> None:
    snap = _snapshot(1500, 4)
    bits = decide(SHIPPED, snap, DAY).frame
    monkeypatch.setattr("zhucan.policy.evaluate.MAX_PREFIX_BITS", 0)
    assert decide(SHIPPED, snap, DAY).frame.equals(bits)


def test_a_region_without_a_policy_and_a_missing_region() -> None:
    zhejiang = [d for d in load_policies(FIXTURES).documents if d.jurisdiction == "33"]
    policies = PolicySet(tuple(zhejiang))
    frame = generate(VILLAGES, 50, 1, DAY)
    snap = data.snapshot(frame, DAY).with_columns(
        pl.when(pl.col("person_id") == 1).then(None).otherwise(pl.col("hukou_region"))
        .alias("hukou_region")
    )  # fmt: skip
    long = evaluate(policies, snap, DAY)
    assert long.height == snap.height * len(policies.programs("person"))
    outside = long.filter(pl.col("policy").is_null())
    assert outside.height and set(outside.get_column("failed").list.first()) == {"no_policy"}
    assert not outside.get_column("eligible").any()
    assert (outside.get_column("amount_fen") == 0).all()


def test_scope_orders_dependent_columns() -> None:
    scope = Scope()
    a = scope.let(pl.col("x") * 2)
    b = scope.let(a + pl.col("y"))
    assert scope.let(pl.col("x") * 2).meta.output_name() == a.meta.output_name()
    assert scope.let(pl.col("x")).meta.output_name() == "x"
    stages = scope.stages()
    assert [len(s) for s in stages] == [1, 1]
    frame = pl.DataFrame({"x": [1, 2], "y": [10, 20]})
    out = scope.apply(frame.lazy()).select(b).collect().to_series().to_list()
    assert out == [12, 24]


def _people(n: int, seed: int) -> list[dict[str, Any]]:
    frame = data.people(VILLAGES, n, DAY, seed).filter(pl.col("certificate_status") == "valid")
    people: list[dict[str, Any]] = json.loads(
        json.dumps(data.json_people(frame), ensure_ascii=False)
    )
    return people


def _mutated(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Canonical people plus every kind of value the importer has to parse or refuse."""
    changes: list[dict[str, Any]] = [
        {"citizen_id": None},
        {"certificate_issued": "2019/3/5"},
        {"certificate_issued": "2099-01-01"},
        {"category": "肢体"},
        {"certificate_no": None},
        {"grade": "二级", "certificate_no": None},
        {"category": 4, "grade": 2, "certificate_no": None},
        {"hukou_region": " 331102001001"},
        {"death_date": "1900-01-01"},
        {"phone": "0578-2123456"},
        {"phone": "12345"},
        {"certificate_valid_until": "2000-01-01"},
        {"household_income_per_head": "1e3"},
        {"personal_income": "-5"},
        {"similar_allowance": "100.12345"},
        {"self_care": "完全不能自理"},
        {"assistance": "低保户"},
        {"other_benefits": "x"},
        {"name": ""},
        {"hukou_region": "990000000000"},
    ]
    out = []
    for i, person in enumerate(people):
        change = changes[i % len(changes)] if i % 3 == 0 else {}
        edited = {**person, **change}
        if i % 3 == 0 and i % 2 == 0:
            edited["citizen_id"] = str(person["citizen_id"]).lower()
        out.append(edited)
    out.append(dict(people[1]))  # a duplicate
    out.append({**people[4], "certificate_no": people[5]["certificate_no"]})  # rows mixed up
    out.append({"citizen_id": "", "hukou_region": "331102001001"})
    return out


@pytest.mark.parametrize("known", [False, True])
def test_fast_path_gives_what_validation_gives(
    monkeypatch: pytest.MonkeyPatch, known: bool
) -> None:
    people = _mutated(_people(900, 5))
    regions = (lambda codes: {c for c in codes if not c.startswith("3304")}) if known else None
    fast = eval_people(SHIPPED, people, DAY, known_regions=regions)
    errors = sum(1 for r in fast if "errors" in r)
    assert 0 < errors < len(people) // 2

    def everything_slow(frame: pl.DataFrame, *_: Any) -> tuple[pl.DataFrame, pl.Series]:
        canonical, _slow = real_split(frame.head(0), DAY, None)
        return canonical, pl.Series([True] * frame.height)

    real_split = people_json.split
    monkeypatch.setattr(people_json, "split", everything_slow)
    slow = eval_people(SHIPPED, people, DAY, known_regions=regions)
    assert fast == slow


def test_json_output_is_the_contract_text() -> None:
    people = _people(300, 6)
    text, bad = eval_people_json(SHIPPED, people, DAY)
    result = json.loads(text)
    assert bad == 0 and len(result) == len(people)
    amounts = [p["amount"] for r in result for p in r["programs"].values()]
    # yuan exactly as fen / 100 in Python (not off in the last bit)
    assert all(a == round(a * 100) / 100 for a in amounts)
    assert all(list(r["programs"]) == sorted(r["programs"]) for r in result)
    first = result[0]
    assert first["citizen_id"] == people[0]["citizen_id"]
    assert set(first["programs"]["living_subsidy"]) == {
        "eligible", "amount", "policy", "version", "reasons",
    }  # fmt: skip
    assert np.mean([r["programs"]["living_subsidy"]["eligible"] for r in result]) > 0.1
