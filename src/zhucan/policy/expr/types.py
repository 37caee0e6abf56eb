"""Type checking at load time: every name known, every operation applied to fitting types."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.errors import ExpressionError


@dataclass(frozen=True)
class Fact:
    """A named fact of a person with its type and labels for explanations."""

    name: str
    type: Type
    zh: str
    en: str = ""


FactSchema = Mapping[str, Fact]
ParamTypes = Mapping[str, Type]

_SIGNATURES: dict[str, tuple[tuple[Type, ...], Type]] = {
    "starts_with": ((Type.STR, Type.STR), Type.BOOL),
    "months_between": ((Type.DATE, Type.DATE), Type.INT),
    "has": ((Type.LIST_STR, Type.STR), Type.BOOL),
}


def check(node: n.Node, facts: FactSchema, params: ParamTypes | None = None) -> n.Node:
    """The tree with every node typed, or an ExpressionError naming the first problem.

    >>> from zhucan.policy.expr.parse import parse
    >>> schema = {"grade": Fact("grade", Type.INT, "残疾等级")}
    >>> check(parse("grade * 0.5"), schema).type
    <Type.DECIMAL: 'decimal'>
    >>> try:
    ...     check(parse("grad <= 2"), schema)
    ... except ExpressionError as e:
    ...     print(e.reason_zh)
    未知的事实或参数：grad（是否指 grade？）
    """
    return _Checker(facts, params or {}).visit(node)


def _error(node: n.Node, zh: str, en: str) -> ExpressionError:
    return ExpressionError(zh, en, node.span.line, node.span.col)


def _unify(a: Type, b: Type) -> Type | None:
    if a == b:
        return a
    return Type.DECIMAL if a.numeric and b.numeric else None


@dataclass(frozen=True)
class _Checker:
    facts: FactSchema
    params: ParamTypes

    def visit(self, node: n.Node) -> n.Node:
        method = getattr(self, f"visit_{type(node).__name__}")
        typed: n.Node = method(node)
        return typed

    def typed(self, node: n.Node, want: Type, what: str) -> n.Node:
        child = self.visit(node)
        if child.type != want and not (want == Type.DECIMAL and child.type == Type.INT):
            raise _error(
                node,
                f"{what}需要 {want} 类型，「{node.text}」是 {child.type}",
                f"{what or 'this'} needs {want}, `{node.text}` is {child.type}",
            )
        return child

    def numeric(self, node: n.Node, what: str) -> n.Node:
        child = self.visit(node)
        if child.type is None or not child.type.numeric:
            raise _error(
                node,
                f"{what}需要数值，「{node.text}」是 {child.type}",
                f"{what} needs a number, `{node.text}` is {child.type}",
            )
        return child

    def visit_Const(self, node: n.Const) -> n.Const:
        v = node.value
        kind = {bool: Type.BOOL, int: Type.INT, str: Type.STR}.get(type(v), Type.DECIMAL)
        return replace(node, type=kind)

    def visit_Name(self, node: n.Name) -> n.Node:
        if node.id in self.params:
            return replace(node, type=self.params[node.id])
        if node.id in self.facts:
            return replace(node, type=self.facts[node.id].type)
        close = difflib.get_close_matches(node.id, [*self.facts, *self.params], n=1)
        hint_zh = f"（是否指 {close[0]}？）" if close else ""
        hint_en = f" (did you mean {close[0]}?)" if close else ""
        raise _error(
            node,
            f"未知的事实或参数：{node.id}{hint_zh}",
            f"unknown fact or parameter: {node.id}{hint_en}",
        )

    def visit_Compare(self, node: n.Compare) -> n.Node:
        left, right = self.visit(node.left), self.visit(node.right)
        assert left.type and right.type
        kind = _unify(left.type, right.type)
        if kind is None or kind == Type.LIST_STR:
            raise _error(
                node,
                f"不能比较 {left.type} 与 {right.type}：「{node.text}」",
                f"cannot compare {left.type} with {right.type}: `{node.text}`",
            )
        if node.op not in ("==", "!=") and kind in (Type.STR, Type.BOOL):
            raise _error(
                node,
                f"{kind} 只能比较是否相等：「{node.text}」",
                f"{kind} values can only be tested for equality: `{node.text}`",
            )
        return replace(node, left=left, right=right, type=Type.BOOL)

    def visit_IsNull(self, node: n.IsNull) -> n.Node:
        return replace(node, operand=self.visit(node.operand), type=Type.BOOL)

    def visit_InList(self, node: n.InList) -> n.Node:
        operand = self.visit(node.operand)
        assert operand.type
        items = tuple(self.visit_Const(i) for i in node.items)
        for item in items:
            assert item.type
            if operand.type in (Type.LIST_STR, Type.BOOL, Type.DATE) or not _unify(
                operand.type, item.type
            ):
                raise _error(
                    item,
                    f"「{node.operand.text}」是 {operand.type}，不能与 {item.text} 比较"
                    + ("；列表请用 has(...)" if operand.type == Type.LIST_STR else ""),
                    f"`{node.operand.text}` is {operand.type}, cannot compare with {item.text}",
                )
        return replace(node, operand=operand, items=items, type=Type.BOOL)

    def visit_BoolOp(self, node: n.BoolOp) -> n.Node:
        operands = tuple(self.typed(o, Type.BOOL, f"{node.op} ") for o in node.operands)
        return replace(node, operands=operands, type=Type.BOOL)

    def visit_Not(self, node: n.Not) -> n.Node:
        return replace(node, operand=self.typed(node.operand, Type.BOOL, "not "), type=Type.BOOL)

    def visit_BinOp(self, node: n.BinOp) -> n.Node:
        left = self.numeric(node.left, f"运算 {node.op} ")
        right = self.numeric(node.right, f"运算 {node.op} ")
        assert left.type and right.type
        kind = Type.DECIMAL if node.op == "/" else _unify(left.type, right.type)
        return replace(node, left=left, right=right, type=kind)

    def visit_Neg(self, node: n.Neg) -> n.Node:
        operand = self.numeric(node.operand, "负号")
        return replace(node, operand=operand, type=operand.type)

    def visit_IfElse(self, node: n.IfElse) -> n.Node:
        cond = self.typed(node.cond, Type.BOOL, "if 条件")
        then, other = self.visit(node.then), self.visit(node.other)
        assert then.type and other.type
        kind = _unify(then.type, other.type)
        if kind is None:
            raise _error(
                node,
                f"两个分支类型不同：{then.type} 与 {other.type}",
                f"the branches differ in type: {then.type} and {other.type}",
            )
        return replace(node, cond=cond, then=then, other=other, type=kind)

    def visit_Call(self, node: n.Call) -> n.Node:
        if node.func in ("min", "max", "round_yuan"):
            args = tuple(self.numeric(a, f"{node.func} ") for a in node.args)
            all_int = all(a.type == Type.INT for a in args) and node.func != "round_yuan"
            return replace(node, args=args, type=Type.INT if all_int else Type.DECIMAL)
        wants, result = _SIGNATURES[node.func]
        pairs = zip(node.args, wants, strict=True)
        args = tuple(self.typed(a, w, f"{node.func} ") for a, w in pairs)
        return replace(node, args=args, type=result)
