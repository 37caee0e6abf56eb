"""Indicator definitions as data: one YAML file per theme in ``definitions/``.

Each indicator counts rows of one kind (``over``): ``person`` (certificate holders on the
date, see :mod:`zhucan.indicators.state`), ``town`` or ``county`` (areas, with counts of
the facilities operating in them), ``facility``, or the rows of other contexts
(``subsidy``, ``case``, ``graduate``: see :mod:`zhucan.indicators.program_counts`).
``denominator`` selects the rows counted below the line; ``numerator`` is evaluated
*within* them. A boolean numerator counts rows, a numeric one is summed. Without a
denominator the indicator is a count: its value is the numerator. Expressions are in the
policy expression language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from zhucan.core.errors import InvalidValue, NotFound
from zhucan.indicators.program_counts import PROGRAM_FACTS
from zhucan.indicators.schemas import FACILITY_FACTS, PERSON_FACTS, UNIT_FACTS
from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Type, names_in
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.types import FactSchema, check
from zhucan.support.kinds import ServiceKind

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
SCHEMAS: dict[str, FactSchema] = {
    "person": PERSON_FACTS,
    "town": UNIT_FACTS,
    "county": UNIT_FACTS,
    "facility": FACILITY_FACTS,
    **PROGRAM_FACTS,
}
#: The region level whose areas are the rows of a ``town`` / ``county`` indicator.
UNIT_LEVEL = {"town": 4, "county": 3}
_KEYS = {
    "id", "name", "unit", "over", "numerator", "denominator", "definition", "definition_en",
    "source",
}  # fmt: skip


@dataclass(frozen=True)
class Definition:
    """One indicator: what it counts and how, with its documented definition."""

    id: str
    name: str
    unit: str
    over: str
    numerator: str
    denominator: str | None
    definition: str
    definition_en: str
    numerator_tree: n.Node
    denominator_tree: n.Node | None
    #: Where the plans target it (plan, section, 约束性/预期性), when the file says.
    source: str = ""

    @property
    def is_ratio(self) -> bool:
        """Whether the value is numerator ÷ denominator (in percent)."""
        return self.denominator is not None

    @property
    def names(self) -> set[str]:
        """The facts the expressions use."""
        trees = [self.numerator_tree, self.denominator_tree]
        return {name for t in trees if t is not None for name in names_in(t)}

    @property
    def finest_level(self) -> int:
        """The finest region level at which the indicator is defined (5 = village)."""
        return UNIT_LEVEL.get(self.over, 5)


def _fail(path: Path, where: str, zh: str, en: str) -> InvalidValue:
    return InvalidValue(
        f"指标定义 {path.name}{where}：{zh}", f"indicators {path.name}{where}: {en}"
    )


def _tree(path: Path, where: str, text: str, schema: FactSchema, ratio: bool) -> n.Node:
    try:
        node = check(parse(text), schema)
    except ExpressionError as exc:
        raise _fail(path, where, str(exc), str(exc)) from exc
    ok = {Type.BOOL} if ratio else {Type.BOOL, Type.INT}
    if node.type not in ok:
        raise _fail(path, where, f"表达式类型须为 {ok}", f"expression must be of type {ok}")
    return node


def _definition(path: Path, raw: Any) -> Definition:
    if not isinstance(raw, dict) or not {"id", "name", "unit", "over", "numerator"} <= set(raw):
        raise _fail(path, "", "每项须有 id/name/unit/over/numerator", "each needs id/name/unit/…")
    where = f" ({raw['id']})"
    if set(raw) - _KEYS:
        raise _fail(path, where, f"未知字段 {set(raw) - _KEYS}", f"unknown keys {set(raw) - _KEYS}")
    if raw["over"] not in SCHEMAS:
        raise _fail(
            path, where, f"over 须为 {list(SCHEMAS)}", f"over must be one of {list(SCHEMAS)}"
        )
    schema = SCHEMAS[raw["over"]]
    den = raw.get("denominator")
    if (den is not None) != (raw["unit"] == "%"):
        raise _fail(path, where, "百分比指标须有分母，计数指标不得有分母", "% needs a denominator")
    return Definition(
        id=raw["id"], name=raw["name"], unit=raw["unit"], over=raw["over"],
        numerator=raw["numerator"], denominator=den,
        definition=raw.get("definition", ""), definition_en=raw.get("definition_en", ""),
        numerator_tree=_tree(path, where, raw["numerator"], schema, den is not None),
        denominator_tree=None if den is None else _tree(path, where, den, schema, True),
        source=raw.get("source", ""),
    )  # fmt: skip


def load_definitions(directory: Path | None = None) -> tuple[Definition, ...]:
    """Every definition in ``directory`` (default: the shipped ones), checked."""
    if directory is None:
        return _shipped()
    found: list[Definition] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.extend(_definition(path, raw) for raw in data["indicators"])
    ids = [d.id for d in found]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidValue(f"指标代码重复：{dup}", f"duplicate indicator ids: {dup}")
    return tuple(found)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Definition, ...]:
    return load_definitions(DEFINITIONS_DIR)


def plan_window_kinds(definitions: Iterable[Definition]) -> set[str]:
    """Service kinds whose counts since the plan start the definitions use."""
    names = {name for d in definitions for name in d.names}
    if "services_plan" in names:
        return {k.value for k in ServiceKind}
    return {k.value for k in ServiceKind if f"{k.value}_times_plan" in names}


def get_definition(indicator: str) -> Definition:
    """One shipped definition by id."""
    for d in load_definitions():
        if d.id == indicator:
            return d
    raise NotFound(f"没有这个指标：{indicator}", f"unknown indicator: {indicator}")
