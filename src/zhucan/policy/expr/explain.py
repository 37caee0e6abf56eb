"""The explaining interpreter: one person's facts in, a tree of values and reasons out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.evaluate import apply
from zhucan.policy.expr.facts import FACTS
from zhucan.policy.expr.reasons import describe, show, subject
from zhucan.policy.expr.types import Fact
from zhucan.policy.expr.values import Value, coerce


@dataclass(frozen=True)
class Explanation:
    """A node's source text and value, its children, and why (for conditions)."""

    node_text: str
    value: Value
    children: tuple[Explanation, ...]
    reason_zh: str
    reason_en: str
    kind: str = "value"  # and / or / not / condition / value

    @property
    def passed(self) -> bool:
        """Whether the (boolean) result holds; unknown counts as not."""
        return self.value is True


def explain(
    expr: n.Node,
    facts: Mapping[str, object],
    params: Mapping[str, object] | None = None,
    labels: Mapping[str, Fact] = FACTS,
) -> Explanation:
    """Evaluate a typed expression for one person, keeping every intermediate value.

    A fact missing from ``facts`` counts as null (unknown).

    >>> from zhucan.policy.expr.parse import parse
    >>> from zhucan.policy.expr.types import check
    >>> e = explain(check(parse("grade <= 2"), FACTS), {"grade": 3})
    >>> e.value, e.reason_zh
    (False, '不符合：残疾等级为 3，要求 ≤ 2')
    """
    return _Explainer(facts, params or {}, labels).visit(expr, False)


def render_zh(explanation: Explanation) -> list[str]:
    """The reasons of the conditions that decided the result, in Chinese.

    When the result is false these are the failed (or unknown) conditions, when true the
    satisfied ones.
    """
    return [e.reason_zh for e in _decisive(explanation)]


def render_en(explanation: Explanation) -> list[str]:
    """The same reasons as :func:`render_zh`, in English."""
    return [e.reason_en for e in _decisive(explanation)]


def _decisive(e: Explanation) -> list[Explanation]:
    if e.kind == "not":
        return _decisive(e.children[0])
    if e.kind in ("and", "or"):
        return [leaf for c in e.children if c.value == e.value for leaf in _decisive(c)]
    return [e]


class _Explainer:
    def __init__(
        self, facts: Mapping[str, object], params: Mapping[str, object], labels: Mapping[str, Fact]
    ) -> None:
        self.facts = facts
        self.params = params
        self.labels = labels

    def visit(self, node: n.Node, negated: bool) -> Explanation:
        if node.type is None:
            raise ValueError("type-check the expression first (types.check)")
        if isinstance(node, n.Name):
            return self.name(node, negated)
        if isinstance(node, n.Const):
            zh, en = show(node.value)
            return Explanation(node.text, node.value, (), zh, en)
        below = not negated if isinstance(node, n.Not) else negated
        children = tuple(self.visit(c, below) for c in node.children())
        args = [c.value for c in children]
        value = apply(node, args)
        if isinstance(node, n.BoolOp | n.Not):
            kind = node.op if isinstance(node, n.BoolOp) else "not"
            zh, en = show(value)
            return Explanation(node.text, value, children, zh, en, kind)
        if node.type == n.Type.BOOL:
            zh, en = describe(node, args, value, negated, self.labels)
            return Explanation(node.text, value, children, zh, en, "condition")
        vzh, ven = show(value)
        return Explanation(
            node.text, value, children, f"{node.text} = {vzh}", f"{node.text} = {ven}"
        )

    def name(self, node: n.Name, negated: bool) -> Explanation:
        assert node.type
        if node.id in self.params:
            value = coerce(self.params[node.id], node.type, node.id)
        else:
            value = coerce(self.facts.get(node.id), node.type, node.id)
        (szh, sen), (vzh, ven) = subject(node, self.labels), show(value)
        if node.type == n.Type.BOOL:
            zh, en = describe(node, [], value, negated, self.labels)
            return Explanation(node.text, value, (), zh, en, "condition")
        return Explanation(node.text, value, (), f"{szh}为 {vzh}", f"{sen} is {ven}")
