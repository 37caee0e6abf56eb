"""Parsing: what the language accepts, and a clear error for everything else."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhucan.core.errors import ZhucanError
from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.parse import parse


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("person.age > 3", "属性访问"),
        ("benefits[0]", "下标"),
        ("(lambda: 1)()", "只能调用"),
        ("lambda x: x", "lambda"),
        ("[x for x in y]", "推导式"),
        ("(y := 3)", "赋值表达式"),
        ('f"{age}"', "f-string"),
        ("open('x')", "只能调用"),
        ("__import__('os')", "只能调用"),
        ("{'a': 1}", "字典"),
        ("{1, 2}", "集合"),
        ("age ** 2", "只支持"),
        ("age // 2", "只支持"),
        ("age % 2", "只支持"),
        ("age & 1", "只支持"),
        ("~age", "按位取反"),
        ("age is 3", "is 只能与 None"),
        ("age == None", "is None"),
        ("None", "None 只能"),
        ("age in ()", "不能为空"),
        ("age in ages", "常量列表"),
        ("age in (1, grade)", "常量"),
        ("min(age)", "需要 2–8 个参数"),
        ("round_yuan(x, ndigits=2)", "关键字参数"),
        ("(1, 2)", "列表只能"),
        ("0.12345", "最多 4 位"),
        ("1j", "不支持的常量"),
        ("b'x'", "不支持的常量"),
        ("age >", "语法错误"),
    ],
)
def test_forbidden_constructs_are_refused(source: str, reason: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(source)
    assert reason in info.value.reason_zh
    assert info.value.reason_en and info.value.line >= 1 and info.value.col >= 1
    assert isinstance(info.value, ZhucanError)


def test_error_position_counts_characters_not_bytes() -> None:
    with pytest.raises(ExpressionError) as info:
        parse('户籍 == "丽水" and x.y')
    assert (info.value.line, info.value.col) == (1, 16)
    assert str(info.value).startswith("第 1 行第 16 列：")


def test_chained_comparison_keeps_spans() -> None:
    node = parse("1 <= grade <= 2")
    assert isinstance(node, n.BoolOp)
    assert [o.text for o in node.operands] == ["1 <= grade", "grade <= 2"]
    assert node.operands[1].span.col == 6


def test_literals() -> None:
    node = parse("rate * 0.3 + 1_000.25 - 2")
    consts = [c.value for c in _walk(node) if isinstance(c, n.Const)]
    assert consts == [Decimal("0.3"), Decimal("1000.25"), 2]
    assert parse("-1 in (-1, 2.5)").items == (  # type: ignore[attr-defined]
        n.Const(n.Span(1, 8, "-1"), -1),
        n.Const(n.Span(1, 12, "2.5"), Decimal("2.5")),
    )
    assert parse("x is not None") == n.IsNull(n.Span(1, 1, "x is not None"),
                                              n.Name(n.Span(1, 1, "x"), "x"), True)  # fmt: skip


def test_multiline_source() -> None:
    node = parse("age >= 16\n  and grade <= 2")
    assert node.text == "age >= 16\n  and grade <= 2"
    assert node.children()[1].span == n.Span(2, 7, "grade <= 2")


def _walk(node: n.Node) -> list[n.Node]:
    return [node, *(d for c in node.children() for d in _walk(c))]
