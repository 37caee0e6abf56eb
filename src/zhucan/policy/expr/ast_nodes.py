"""The parsed expression tree: frozen dataclasses that keep their source text and type.

The parser leaves ``type`` as None; :func:`zhucan.policy.expr.types.check` returns the same
tree with every node typed, which is what the backends take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias


class Type(StrEnum):
    """Value types of the language."""

    BOOL = "bool"
    INT = "int"
    DECIMAL = "decimal"
    STR = "str"
    DATE = "date"
    LIST_STR = "list[str]"

    @property
    def numeric(self) -> bool:
        """Whether arithmetic applies (int or decimal)."""
        return self in (Type.INT, Type.DECIMAL)


@dataclass(frozen=True)
class Span:
    """Where a node sits in the source: 1-based line and column, and its text."""

    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Node:
    """Base of all nodes."""

    span: Span
    type: Type | None = field(default=None, kw_only=True)

    @property
    def text(self) -> str:
        """The node's source text."""
        return self.span.text

    def children(self) -> tuple[Node, ...]:
        """Direct sub-expressions, left to right."""
        return ()


Literal: TypeAlias = bool | int | Decimal | str


@dataclass(frozen=True)
class Const(Node):
    value: Literal


@dataclass(frozen=True)
class Name(Node):
    id: str


@dataclass(frozen=True)
class Compare(Node):
    op: str  # == != < <= > >=
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class IsNull(Node):
    operand: Node
    negated: bool  # True for ``x is not None``

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class InList(Node):
    operand: Node
    items: tuple[Const, ...]
    negated: bool  # True for ``not in``

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # and / or
    operands: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True)
class Not(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class BinOp(Node):
    op: str  # + - * /
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Neg(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class IfElse(Node):
    cond: Node
    then: Node
    other: Node

    def children(self) -> tuple[Node, ...]:
        return (self.cond, self.then, self.other)


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args


@dataclass(frozen=True)
class Condition:
    """A leaf condition and whether an odd number of ``not`` sits above it."""

    node: Node
    negated: bool


def conditions_of(node: Node, negated: bool = False) -> Iterator[Condition]:
    """The leaf conditions under ``and``/``or``/``not``, left to right.

    >>> from zhucan.policy.expr.parse import parse
    >>> [(c.node.text, c.negated) for c in conditions_of(parse("a < 1 and not (b or c)"))]
    [('a < 1', False), ('b', True), ('c', True)]
    """
    if isinstance(node, BoolOp):
        for operand in node.operands:
            yield from conditions_of(operand, negated)
    elif isinstance(node, Not):
        yield from conditions_of(node.operand, not negated)
    else:
        yield Condition(node, negated)


def names_in(node: Node) -> Iterator[str]:
    """Names used in the expression, in order of appearance (with repeats).

    >>> from zhucan.policy.expr.parse import parse
    >>> list(names_in(parse("min(a, b) > a")))
    ['a', 'b', 'a']
    """
    if isinstance(node, Name):
        yield node.id
    for child in node.children():
        yield from names_in(child)
