"""Build the parts of a policy document from YAML: parameters, conditions, versions, tests."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from typing import Any

from zhucan.policy.document import Dated, DocTest, NamedCondition, Parameter, Version
from zhucan.policy.expr.ast_nodes import Node, Type
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.facts import EMPLOYER_SCHEMA
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.types import FactSchema, check
from zhucan.policy.expr.values import Value, coerce
from zhucan.policy.fields import IDENTIFIER, Where, decimal_text
from zhucan.policy.yaml_lines import LineDict
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA

RESERVED = frozenset(SNAPSHOT_SCHEMA) | frozenset(EMPLOYER_SCHEMA)  # columns of the frames
MAX_CHECKS = 40  # eligibility conditions + exclusions per version (bits of a row's code)
_TYPES = {t.value: t for t in (Type.DECIMAL, Type.INT, Type.STR, Type.BOOL)}


def value_of(w: Where, raw: Any, kind: Type, line: int, what: str) -> Value:
    """A parameter or test value of type ``kind``; decimals may be written as text."""
    number = decimal_text(raw) if isinstance(raw, str) else None
    if kind in (Type.DECIMAL, Type.INT) and number is not None:
        raw = int(number) if kind == Type.INT and number == number.to_integral_value() else number
    try:
        return coerce(raw, kind, what)
    except ExpressionError as e:
        label = {Type.DECIMAL: "金额（小数或整数）", Type.INT: "整数"}.get(kind, str(kind))
        raise w.error(
            line,
            f"{what} 应为{label}（最多 4 位小数），实为 {raw!r}",
            f"{what} must be {kind} (at most 4 decimal places), got {raw!r}",
        ) from e


def dated(w: Where, raw: Any, line: int, kind: Type, what: str) -> tuple[Dated, ...]:
    """Effective-dated values, checked for order, gaps and overlaps."""
    out = []
    for item, at in w.items(raw, line, what):
        m = w.mapping(item, at, what, ("from", "value"), ("to",))
        start, end = w.day(m, "from", what), w.day(m, "to", what, optional=True)
        assert start is not None
        if end is not None and end <= start:
            raise w.error(at, f"{what}：to 应晚于 from", f"{what}: `to` must be after `from`")
        value = value_of(w, m["value"], kind, m.lines["value"], what)
        out.append(Dated(start, end, value, at))
    if not out:
        raise w.error(line, f"{what}至少需要一个取值", f"{what} needs at least one value")
    for a, b in itertools.pairwise(out):
        if b.start <= a.start or (a.end is not None and a.end > b.start):
            raise w.error(
                b.line,
                f"{what}的日期重叠：{b.start} 开始时上一段（{a.start} 起）尚未结束",
                f"{what} overlaps: {b.start} starts before the value from {a.start} ends",
            )
        if a.end is not None and a.end < b.start:
            raise w.error(
                b.line,
                f"{what}的日期有空档：{a.end} 至 {b.start} 没有取值",
                f"{what} has a gap: no value from {a.end} to {b.start}",
            )
    closed = [Dated(a.start, a.end or b.start, a.value, a.line) for a, b in itertools.pairwise(out)]
    return (*closed, out[-1])


def parameter(
    w: Where, name: Any, raw: Any, line: int, facts: FactSchema, jurisdiction: str
) -> Parameter:
    """One entry of ``parameters``."""
    what = f"参数 {name}"
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name) or "." in name or "-" in name:
        raise w.error(line, f"参数名应为英文标识符：{name}", f"a parameter name: {name}")
    if name in facts or name in RESERVED:
        raise w.error(line, f"参数名 {name} 与事实同名", f"parameter {name} shadows a fact")
    m = w.mapping(raw, line, what, ("zh", "type", "values"), ("en", "unit", "example", "by_region"))
    kind = _TYPES.get(str(m["type"]))
    if kind is None:
        raise w.error(
            m.lines["type"],
            f"{what}.type 应为 {' / '.join(_TYPES)}",
            f"{what}.type must be one of {', '.join(_TYPES)}",
        )
    by_region: dict[str, tuple[Dated, ...]] = {}
    overrides = m.get("by_region") or LineDict()
    if not isinstance(overrides, LineDict):
        raise w.error(m.lines["by_region"], f"{what}.by_region 应为映射", "by_region: a mapping")
    for key, values in overrides.items():
        at = overrides.key_lines[key]
        prefix = w.region_prefix(key, at, f"{what}.by_region 的键")
        if not prefix.startswith(jurisdiction) or prefix == jurisdiction:
            raise w.error(
                at,
                f"{what}.by_region 的键 {prefix} 不是本文件辖区 {jurisdiction or '全国'} 下的区划",
                f"{what}.by_region key {prefix} is not a region inside {jurisdiction or 'China'}",
            )
        by_region[prefix] = dated(w, values, at, kind, f"{what}.by_region.{prefix}")
    return Parameter(
        name=name,
        zh=w.text(m, "zh", what),
        en=w.text(m, "en", what, ""),
        type=kind,
        unit=w.text(m, "unit", what, ""),
        example=w.flag(m, "example", what, False),
        values=dated(w, m["values"], m.lines["values"], kind, f"{what}.values"),
        by_region=by_region,
        line=line,
    )


def expression(
    w: Where, raw: Any, line: int, what: str, facts: FactSchema, params: Mapping[str, Type]
) -> Node:
    """Parse and type-check an expression; errors point into the file."""
    source = str(raw)
    try:
        return check(parse(source), facts, params)
    except ExpressionError as e:
        raise w.error(
            line + e.line - 1,
            f"{what}「{source.strip()}」第 {e.col} 列：{e.reason_zh}",
            f"{what} `{source.strip()}` column {e.col}: {e.reason_en}",
        ) from e


def conditions(
    w: Where, raw: Any, line: int, what: str, facts: FactSchema, params: Mapping[str, Type]
) -> tuple[NamedCondition, ...]:
    """A list of named conditions (eligibility or exclusions)."""
    out = []
    for item, at in w.items(raw, line, what):
        m = w.mapping(item, at, what, ("id", "when", "zh"), ("en",))
        cid = w.ident(m, "id", what)
        expr = expression(w, m["when"], m.lines["when"], f"条件 {cid}", facts, params)
        if expr.type != Type.BOOL:
            raise w.error(
                m.lines["when"],
                f"条件 {cid} 应为真假值，实为 {expr.type}",
                f"condition {cid} must be a bool, is {expr.type}",
            )
        source = str(m["when"])
        out.append(
            NamedCondition(cid, w.text(m, "zh", what), w.text(m, "en", what, ""), source, expr, at)
        )
    return tuple(out)


def version(
    w: Where, raw: Any, line: int, facts: FactSchema, params: Mapping[str, Type], needs_amount: bool
) -> Version:
    """One entry of ``versions``."""
    keys = ("eligibility", "exclusions", "amount", "effective_to")
    m = w.mapping(raw, line, "版本", ("id", "effective_from"), keys)
    vid = w.text(m, "id", "版本")
    what = f"版本 {vid}"
    eligibility = conditions(
        w, m.get("eligibility"), m.lines.get("eligibility", line), what, facts, params
    )
    exclusions = conditions(
        w, m.get("exclusions"), m.lines.get("exclusions", line), what, facts, params
    )
    checks = eligibility + exclusions
    seen: set[str] = set()
    for c in checks:
        if c.id in seen:
            raise w.error(c.line, f"{what}中条件 id 重复：{c.id}", f"duplicate condition id {c.id}")
        seen.add(c.id)
    if len(checks) > MAX_CHECKS:
        raise w.error(
            line, f"{what}的条件过多（最多 {MAX_CHECKS}）", f"over {MAX_CHECKS} conditions"
        )
    amount: Node | None = None
    if "amount" in m:
        amount = expression(w, m["amount"], m.lines["amount"], f"{what} 金额", facts, params)
        if amount.type not in (Type.INT, Type.DECIMAL):
            raise w.error(
                m.lines["amount"], f"{what} 的金额应为数值", f"the amount of {what} must be numeric"
            )
    elif needs_amount:
        raise w.error(line, f"{what}缺少必填的键：amount", f"{what} lacks the required key amount")
    start = w.day(m, "effective_from", what)
    end = w.day(m, "effective_to", what, optional=True)
    assert start is not None
    if end is not None and end <= start:
        raise w.error(line, f"{what}：effective_to 应晚于 effective_from", "empty version period")
    source = "" if amount is None else str(m["amount"]).strip()
    return Version(vid, start, end, eligibility, exclusions, amount, source, line)


def doc_test(w: Where, raw: Any, line: int, facts: FactSchema) -> DocTest:
    """One entry of ``tests``."""
    m = w.mapping(raw, line, "测试", ("name", "as_of", "person", "expect"), ())
    person = w.mapping(m["person"], m.lines["person"], "测试的 person", (), tuple(facts))
    expect = w.mapping(
        m["expect"], m.lines["expect"], "测试的 expect", (), ("eligible", "amount", "failed")
    )
    values = {k: value_of(w, v, facts[k].type, person.lines[k], k) for k, v in person.items()}
    as_of = w.day(m, "as_of", "测试")
    assert isinstance(as_of, date)
    return DocTest(w.text(m, "name", "测试"), as_of, values, dict(expect), line)
