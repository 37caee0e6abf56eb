"""``policy eval`` input parsing and output text: the columnar paths give what ``json`` would."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl
import pytest

from zhucan.bench import policy_data as data
from zhucan.core.errors import InvalidValue
from zhucan.policy.frame_snapshot import _benefits, snapshot_of
from zhucan.policy.loader import load_policies
from zhucan.policy.people_canonical import _phones
from zhucan.policy.people_extras import benefit_lists
from zhucan.policy.people_json import eval_people_json
from zhucan.registry.importing.values import parse_phone

SHIPPED = load_policies()
DAY = date(2024, 6, 1)
VILLAGES = pl.DataFrame(
    {"code": ["331102001001", "330102001001", "140105001001"], "urban": [False, True, False]}
)


def _people(n: int, seed: int) -> list[dict[str, Any]]:
    frame = data.people(VILLAGES, n, DAY, seed).filter(pl.col("certificate_status") == "valid")
    people: list[dict[str, Any]] = json.loads(
        json.dumps(data.json_people(frame), ensure_ascii=False)
    )
    return people


def test_citizen_ids_are_written_as_json_writes_them() -> None:
    people = _people(40, 11)
    odd: list[Any] = [None, "", "  ", 123, True, 'a"b', "x\\y", "t\x01", "中文", "\u2028"]
    given = [dict(p, citizen_id=v) for p, v in zip(people, odd, strict=False)] + people[10:]
    text, bad = eval_people_json(SHIPPED, given, DAY)
    result = json.loads(text)
    assert len(result) == len(given) and bad >= 1
    want = [None, None, "  ", "123", "True", 'a"b', "x\\y", "t\x01", "中文", "\u2028"]
    assert [r["citizen_id"] for r in result[:10]] == want
    assert [r["citizen_id"] for r in result[10:]] == [p["citizen_id"] for p in people[10:]]
    # the evaluated ones have every program; the others an error entry and none
    assert all(r["programs"] or r.get("errors") for r in result)
    assert result[10]["programs"]
    assert set(result[10]["programs"]) == set(SHIPPED.programs("person"))


def test_the_same_shape_gives_the_same_text_per_person() -> None:
    people = _people(300, 12)
    text, _ = eval_people_json(SHIPPED, people, DAY)
    alone = [json.loads(eval_people_json(SHIPPED, [p], DAY)[0])[0] for p in people[:25]]
    assert json.loads(text)[:25] == alone
    assert text.startswith(b'[{"citizen_id":"') and text.endswith(b"}}]")


def test_empty_input_gives_an_empty_list() -> None:
    assert eval_people_json(SHIPPED, [], DAY) == (b"[]", 0)


@pytest.mark.parametrize(
    "value",
    [5, {"a": 1}, [["x"]], [1.5], True, "工伤保险生活护理费", ["a", None]],
)
def test_other_benefits_that_are_not_lists_of_texts_are_errors(value: Any) -> None:
    people = _people(10, 13)
    people[0]["other_benefits"] = value
    result = json.loads(eval_people_json(SHIPPED, people, DAY)[0])
    assert result[0]["programs"] == {}
    assert result[0]["errors"] == [
        {"field": "other_benefits", "value": str(value), "reason": f"应为文字列表：{value}"}
    ]
    assert all(r["programs"] for r in result[1:])


def test_benefit_lists_read_by_arrow_equal_polars_reading() -> None:
    people: list[dict[str, Any]] = [
        {"other_benefits": ["b", "a"]},
        {"other_benefits": []},
        {},
        {"other_benefits": None},
        {"other_benefits": ["孤儿基本生活费"]},
    ]
    lists, errors = benefit_lists(people)
    schema = {"other_benefits": pl.List(pl.String())}
    assert lists.to_list() == pl.from_dicts(people, schema=schema).to_series().to_list()
    assert errors.null_count() == len(people)


def test_benefits_are_tidied_only_when_needed() -> None:
    simple = pl.Series([["a"], [], None], dtype=pl.List(pl.String))
    assert _benefits(simple).to_list() == [["a"], [], []]
    messy = pl.Series([["b", "a", "b"], ["x", None], None], dtype=pl.List(pl.String))
    assert _benefits(messy).to_list() == [["a", "b"], ["x"], []]


def test_canonical_landlines_are_kept_as_parse_phone_gives_them() -> None:
    given = [
        "0578-2123456", "010-12345678", "010-12345678-801", "0211-2345678", "05782123456",
        "0578 2123456", "13812345678", "2123456", "12345", "0578-0123456", None,
    ]  # fmt: skip
    out = _phones(pl.Series(given, dtype=pl.String)).to_list()

    def parsed(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return parse_phone(value)
        except InvalidValue:
            return None

    assert out == [parsed(v) for v in given]


def test_snapshot_without_identity_differs_only_in_the_masked_columns() -> None:
    frame = data.people(VILLAGES, 200, DAY, 14)
    full, bare = snapshot_of(frame, DAY), snapshot_of(frame, DAY, identity=False)
    masked = ["citizen_id_masked", "phone_masked"]
    assert full.drop(masked).equals(bare.drop(masked))
    assert bare.select(masked).null_count().row(0) == (len(bare), len(bare))
    assert full.get_column("citizen_id_masked").null_count() == 0
