"""Example evaluations: the three backends on hand-picked expressions and people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from policy_expr_support import by_interpreter, by_polars, by_sql, leaf_values, typed

PEOPLE: list[dict[str, Any]] = [
    {"i": 1, "j": 2, "d": Decimal("1.25"), "b": True, "c": False, "s": "331102001",
     "t": date(2020, 1, 31), "u": date(2020, 3, 1), "l": ["a", "b"]},
    {"i": -3, "j": 0, "d": Decimal("-0.0005"), "b": False, "c": None, "s": "ab",
     "t": date(2020, 3, 31), "u": date(2020, 2, 29), "l": []},
    {"i": None, "j": None, "d": None, "b": None, "c": None, "s": None,
     "t": None, "u": None, "l": None},
]  # fmt: skip

CASES: list[tuple[str, list[Any]]] = [
    ("1 <= i <= 2", [True, False, None]),
    ("i + j * 2", [5, -3, None]),
    ("i / 3", [Decimal("0.3333"), Decimal("-1"), None]),
    ("i / j", [Decimal("0.5"), None, None]),
    ("d * 0.5", [Decimal("0.625"), Decimal("-0.0003"), None]),
    ("round_yuan(d)", [Decimal("1.25"), Decimal("-0.00"), None]),
    ("round_yuan(d * 3 + 0.0015)", [Decimal("3.75"), Decimal("0"), None]),
    ("min(i, j, 0)", [0, -3, None]),
    ("max(d, i)", [Decimal("1.25"), Decimal("-0.0005"), None]),
    ('starts_with(s, "331102")', [True, False, None]),
    ('has(l, "b")', [True, False, None]),
    ('not has(l, "b")', [False, True, None]),
    ("months_between(t, u)", [1, -2, None]),
    ("months_between(t, p_day)", [48, 46, None]),
    ("b and c", [False, False, None]),
    ("b or c", [True, None, None]),
    ("not c", [True, None, None]),
    ("i if b else j", [1, 0, None]),
    ("c is None", [False, True, True]),
    ("s is not None and s != p_str", [True, False, False]),
    ("i in (1, 2) or i not in (-3,)", [True, False, None]),
    ("d in (1.25, 2)", [True, False, None]),
    ("-i * p_dec", [Decimal("-2.5"), Decimal("7.5"), None]),
    ("i == 1.0 and b == True", [True, False, None]),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_all_backends_agree_with_expected(source: str, expected: list[Any]) -> None:
    expr = typed(source)
    assert by_interpreter(expr, PEOPLE) == expected
    assert by_polars(expr, PEOPLE) == expected
    assert by_sql(expr, PEOPLE) == expected


def test_leaf_conditions_are_effective_values() -> None:
    expr = typed('1 <= i and not (has(l, "a") or c)')
    pol, sql, interp = leaf_values(expr, PEOPLE)
    assert pol == sql == interp
    assert pol[0] == (True, False, True)
