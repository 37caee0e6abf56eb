"""Readable reasons, in Chinese and English, for one leaf condition and its values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.types import Fact
from zhucan.policy.expr.values import Value

_SYMBOL = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_STATUS = {
    True: ("符合：", "met: "),
    False: ("不符合：", "not met: "),
    None: ("无法判断：", "unknown: "),
}

Pair = tuple[str, str]


def show(value: Value) -> Pair:
    """A value as Chinese and English text.

    >>> show(Decimal("1.2500")), show(True), show(None), show([])
    (('1.25', '1.25'), ('是', 'yes'), ('空', 'empty'), ('（无）', '(none)'))
    """
    if value is None:
        return "空", "empty"
    if isinstance(value, bool):
        return ("是", "yes") if value else ("否", "no")
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text, text
    if isinstance(value, date):
        return value.isoformat(), value.isoformat()
    if isinstance(value, list):
        return ("、".join(value), ", ".join(value)) if value else ("（无）", "(none)")
    return str(value), str(value)


def subject(node: n.Node, labels: Mapping[str, Fact]) -> Pair:
    """What a node is called: a fact's label, else its source text."""
    if isinstance(node, n.Name) and node.id in labels:
        fact = labels[node.id]
        return fact.zh, fact.en or fact.name
    return f"「{node.text}」", f"`{node.text}`"


def _operand(node: n.Node, value: Value) -> Pair:
    zh, en = show(value)
    if isinstance(node, n.Const):
        return zh, en
    return f"{node.text}（{zh}）", f"{node.text} ({en})"


def describe(
    node: n.Node, args: Sequence[Value], value: Value, negated: bool, labels: Mapping[str, Fact]
) -> Pair:
    """The reason for one leaf condition with child values ``args`` and its own ``value``."""
    met = None if value is None else bool(value) != negated
    zh, en = _STATUS[met]
    body_zh, body_en = _body(node, args, value, negated, labels)
    return zh + body_zh, en + body_en


def _body(
    node: n.Node, args: Sequence[Value], value: Value, negated: bool, labels: Mapping[str, Fact]
) -> Pair:
    if isinstance(node, n.Compare):
        left, right, op = node.left, node.right, node.op
        if isinstance(right, n.Name) and not isinstance(left, n.Name):
            left, right, op, args = right, left, _FLIP[op], [args[1], args[0]]
        op = _NEGATE[op] if negated else op
        (szh, sen), (ozh, oen) = subject(left, labels), _operand(right, args[1])
        if args[0] is None or args[1] is None:
            missing_zh, missing_en = subject(left if args[0] is None else right, labels)
            return f"{missing_zh}缺失", f"{missing_en} is missing"
        azh, aen = show(args[0])
        sym = _SYMBOL[op]
        return f"{szh}为 {azh}，要求 {sym} {ozh}", f"{sen} is {aen}, required {sym} {oen}"
    if isinstance(node, n.InList):
        inside = node.negated == negated
        (szh, sen), (azh, aen) = subject(node.operand, labels), show(args[0])
        items_zh = "、".join(show(i.value)[0] for i in node.items)
        items_en = ", ".join(show(i.value)[1] for i in node.items)
        if args[0] is None:
            return f"{szh}缺失", f"{sen} is missing"
        want_zh, want_en = ("属于", "one of") if inside else ("不属于", "none of")
        return (
            f"{szh}为 {azh}，要求{want_zh} {items_zh}",
            f"{sen} is {aen}, required {want_en} {items_en}",
        )
    if isinstance(node, n.IsNull):
        empty = node.negated == negated
        (szh, sen), (azh, aen) = subject(node.operand, labels), show(args[0])
        want_zh, want_en = ("为空", "empty") if empty else ("不为空", "not empty")
        return f"{szh}为 {azh}，要求{want_zh}", f"{sen} is {aen}, required {want_en}"
    if isinstance(node, n.Call) and node.func in ("starts_with", "has"):
        return _membership(node, args, value, negated, labels)
    (szh, sen), (azh, aen) = subject(node, labels), show(value)
    wzh, wen = show(not negated)
    return f"{szh}为 {azh}，要求 {wzh}", f"{sen} is {aen}, required {wen}"


def _membership(
    node: n.Call, args: Sequence[Value], value: Value, negated: bool, labels: Mapping[str, Fact]
) -> Pair:
    (szh, sen), (ozh, oen) = subject(node.args[0], labels), _operand(node.args[1], args[1])
    if value is None:
        missing = node.args[0] if args[0] is None else node.args[1]
        mzh, men = subject(missing, labels)
        return f"{mzh}缺失", f"{men} is missing"
    if node.func == "starts_with":
        yes, no, yes_en, no_en = "在", "不在", "is in", "is not in"
    else:
        yes, no, yes_en, no_en = "包含", "不包含", "includes", "does not include"
    zh = f"{szh}{yes if value else no} {ozh}"
    en = f"{sen} {yes_en if value else no_en} {oen}"
    if negated:
        zh, en = f"{zh}，要求{no}", f"{en}, required: {no_en}"
    return zh, en
