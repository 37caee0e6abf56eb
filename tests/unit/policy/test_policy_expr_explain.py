"""The explaining interpreter: values and readable reasons for one person."""

from __future__ import annotations

from decimal import Decimal

from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.explain import explain, render_en, render_zh
from zhucan.policy.expr.facts import FACTS
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.types import check

PERSON = {
    "grade": 3,
    "hukou_region": "331101001",
    "assistance": "none",
    "other_benefits": ["工伤保险生活护理费"],
    "alive": True,
    "age": None,
}


def _reasons(source: str, params: dict[str, object] | None = None) -> list[str]:
    types = {k: Type.DECIMAL for k in params or {}}
    return render_zh(explain(check(parse(source), FACTS, types), PERSON, params))


def test_reasons_for_failed_conditions() -> None:
    assert _reasons("grade <= 2") == ["不符合：残疾等级为 3，要求 ≤ 2"]
    assert _reasons('starts_with(hukou_region, "331102")') == ["不符合：户籍地不在 331102"]
    assert _reasons('assistance in ("dibao",)') == ["不符合：低保状态为 none，要求属于 dibao"]
    assert _reasons('not has(other_benefits, "工伤保险生活护理费")') == [
        "不符合：其他待遇包含 工伤保险生活护理费，要求不包含"
    ]


def test_only_the_deciding_conditions_are_reported() -> None:
    assert _reasons("alive and 1 <= grade <= 2") == ["不符合：残疾等级为 3，要求 ≤ 2"]
    assert _reasons("not (grade > 2) or age >= 16") == ["无法判断：年龄缺失"]
    assert _reasons("not (grade > 2) or not alive") == [
        "不符合：残疾等级为 3，要求 ≤ 2",
        "不符合：在世为 是，要求 否",
    ]
    assert _reasons("alive and grade >= 3") == [
        "符合：在世为 是，要求 是",
        "符合：残疾等级为 3，要求 ≥ 3",
    ]


def test_unknown_facts_make_the_result_unknown() -> None:
    e = explain(check(parse("alive and age >= 16"), FACTS), PERSON)
    assert e.value is None and not e.passed
    assert render_zh(e) == ["无法判断：年龄缺失"]
    assert render_en(e) == ["unknown: age is missing"]


def test_tree_keeps_values_and_source_text() -> None:
    e = explain(check(parse("grade * base"), FACTS, {"base": Type.DECIMAL}), PERSON,
                {"base": Decimal("1.5")})  # fmt: skip
    assert (e.node_text, e.value) == ("grade * base", Decimal("4.5000"))
    assert [(c.node_text, c.value) for c in e.children] == [
        ("grade", 3),
        ("base", Decimal("1.5")),
    ]
