"""Property test: on random expressions and random people, the three backends agree."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from policy_expr_support import (
    PARAMS,
    SCHEMA,
    by_interpreter,
    by_polars,
    by_sql,
    leaf_values,
    typed,
    values_in,
)

from zhucan.policy.expr.explain import explain
from zhucan.policy.expr.types import Fact

S = st.SearchStrategy[str]
INT_LIT = st.integers(-12, 12).map(str)
DEC_LIT = st.decimals(-20, 20, places=4).map(lambda d: format(d, "f"))
STR_LIT = st.sampled_from(["''", "'a'", "'ab'", "'3311'", "'331102'", "'b'"])


def _bin(op: str, a: S, b: S) -> S:
    return st.tuples(a, b).map(lambda t: f"({t[0]} {op} {t[1]})")


def _call(name: str, *args: S) -> S:
    return st.tuples(*args).map(lambda t: f"{name}({', '.join(t)})")


def _ifelse(cond: S, a: S, b: S) -> S:
    return st.tuples(a, cond, b).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")


def grammar() -> dict[str, S]:
    """Expression strategies per type, mutually recursive."""
    base_bool = st.one_of(st.sampled_from(["b", "c", "True", "False"]))
    base_int = st.one_of(st.sampled_from(["i", "j", "p_int"]), INT_LIT)
    base_dec = st.one_of(st.sampled_from(["d", "p_dec"]), DEC_LIT)
    base_str = st.one_of(st.sampled_from(["s", "p_str"]), STR_LIT)
    cond = st.one_of(base_bool, st.tuples(base_int, base_int).map(lambda t: f"({t[0]} < {t[1]})"))

    def ints(inner: S) -> S:
        return st.one_of(
            _bin("+", inner, inner), _bin("-", inner, inner), _bin("*", inner, inner),
            inner.map(lambda x: f"(-{x})"), _call("min", inner, inner),
            _call("max", inner, inner, inner), _call("months_between", DATES, DATES),
            _ifelse(cond, inner, inner),
        )  # fmt: skip

    int_e = st.recursive(base_int, ints, max_leaves=4)
    num = st.one_of(int_e, base_dec)

    def decs(inner: S) -> S:
        both = st.one_of(inner, int_e)
        return st.one_of(
            _bin("+", inner, both), _bin("*", both, inner), _bin("/", both, both),
            _call("round_yuan", both), _call("min", inner, both), _call("max", both, inner),
            _ifelse(cond, inner, both), inner.map(lambda x: f"(-{x})"),
        )  # fmt: skip

    dec_e = st.recursive(base_dec, decs, max_leaves=4)
    num = st.one_of(int_e, dec_e)
    str_e = st.one_of(base_str, _ifelse(cond, base_str, base_str))
    cmp = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    leaf = st.one_of(
        base_bool,
        st.tuples(num, cmp, num).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(num, num, num).map(lambda t: f"({t[0]} <= {t[1]} < {t[2]})"),
        st.tuples(str_e, st.sampled_from(["==", "!="]), str_e).map(" ".join),
        st.tuples(base_bool, st.sampled_from(["==", "!="]), base_bool).map(" ".join),
        st.tuples(st.sampled_from(["i", "j", "d"]), st.sampled_from(["in", "not in"]),
                  st.lists(st.one_of(INT_LIT, DEC_LIT), min_size=1, max_size=3))
        .map(lambda t: f"({t[0]} {t[1]} ({', '.join(t[2])},))"),
        st.tuples(st.sampled_from(["s", "p_str"]), st.sampled_from(["in", "not in"]),
                  st.lists(STR_LIT, min_size=1, max_size=3))
        .map(lambda t: f"({t[0]} {t[1]} ({', '.join(t[2])},))"),
        st.tuples(st.sampled_from("ijdbcstul"), st.sampled_from(["is", "is not"]))
        .map(lambda t: f"({t[0]} {t[1]} None)"),
        _call("starts_with", str_e, str_e),
        _call("has", st.sampled_from(["l", "p_list"]), str_e),
        st.tuples(DATES, cmp, DATES).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    )  # fmt: skip

    def bools(inner: S) -> S:
        return st.one_of(
            _bin("and", inner, inner), _bin("or", inner, inner),
            inner.map(lambda x: f"(not {x})"), _ifelse(inner, inner, inner),
        )  # fmt: skip

    return {
        "bool": st.recursive(leaf, bools, max_leaves=6),
        "int": int_e,
        "decimal": dec_e,
    }


DATES = st.sampled_from(["t", "u", "p_day"])
G = grammar()
DAY0 = date(2023, 11, 28)


def _nullable(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), s)


PERSON = st.fixed_dictionaries({
    "i": _nullable(st.integers(-30, 30)),
    "j": _nullable(st.integers(-5, 5)),
    "d": _nullable(st.decimals(-50, 50, places=4)),
    "b": _nullable(st.booleans()),
    "c": _nullable(st.booleans()),
    "s": _nullable(st.sampled_from(["", "a", "ab", "b", "3311", "331102", "331102001"])),
    "t": _nullable(st.integers(0, 500).map(lambda k: DAY0 + timedelta(days=k))),
    "u": _nullable(st.integers(0, 500).map(lambda k: DAY0 + timedelta(days=k))),
    "l": _nullable(st.lists(st.sampled_from(["a", "b", "", "ab"]), max_size=3, unique=True)),
})  # fmt: skip


def _small(expr: Any, people: list[dict[str, Any]]) -> bool:
    """Whether every intermediate number stays small (far from int64 overflow)."""
    for person in people:
        for v in values_in(explain(expr, person, PARAMS, SCHEMA)):
            if isinstance(v, int | Decimal) and not isinstance(v, bool) and abs(v) > 10**4:
                return False
    return True


_SETTINGS = settings(
    max_examples=int(os.environ.get("ZHUCAN_EXPR_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_SETTINGS
@given(st.sampled_from(["bool", "int", "decimal"]).flatmap(lambda k: G[k]),
       st.lists(PERSON, min_size=1, max_size=8))  # fmt: skip
def test_backends_agree(source: str, people: list[dict[str, Any]]) -> None:
    expr = typed(source)
    assume(_small(expr, people))
    expected = by_interpreter(expr, people)
    assert by_polars(expr, people) == expected, source
    assert by_sql(expr, people) == expected, source


@_SETTINGS
@given(G["bool"], st.lists(PERSON, min_size=1, max_size=8))
def test_leaf_conditions_agree(source: str, people: list[dict[str, Any]]) -> None:
    expr = typed(source)
    assume(_small(expr, people))
    pol, sql, interp = leaf_values(expr, people)
    assert pol == sql == interp, source


def test_schema_has_labels() -> None:
    assert SCHEMA["i"] == Fact("i", SCHEMA["i"].type, "事实i", "fact i")
