"""Explain one decision: the document and version, parameters, each condition and the amount."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhucan.policy.document import LegalBasis, NamedCondition
from zhucan.policy.evaluate import NO_POLICY, PERSON, Subject
from zhucan.policy.expr import fixed
from zhucan.policy.expr.ast_nodes import names_in
from zhucan.policy.expr.explain import explain, render_zh
from zhucan.policy.expr.reasons import show
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey, candidates, key_for


@dataclass(frozen=True)
class ParameterUse:
    """A parameter's value as used, and whether it is only an example value."""

    name: str
    zh: str
    value: Any
    unit: str
    example: bool
    region: str  # the by_region prefix it came from; "" = the document's base values


@dataclass(frozen=True)
class CheckResult:
    """One eligibility condition or exclusion for this person."""

    id: str
    zh: str
    exclusion: bool
    holds: bool  # the condition is met / the exclusion applies
    reason_zh: str
    details_zh: tuple[str, ...]

    @property
    def failed(self) -> bool:
        """Whether this check stops the payment."""
        return self.holds if self.exclusion else not self.holds


@dataclass(frozen=True)
class ProgramExplanation:
    """Why a person does or does not get a program, and how much."""

    program: str
    policy: str | None
    policy_name: str
    version: str | None
    legal_basis: tuple[LegalBasis, ...]
    parameters: tuple[ParameterUse, ...]
    checks: tuple[CheckResult, ...]
    eligible: bool
    amount_fen: int
    formula: str
    formula_numbers: str

    @property
    def failed(self) -> list[str]:
        """Ids of the failed conditions and applied exclusions (as ``evaluate`` gives them)."""
        if self.policy is None:
            return [NO_POLICY]
        return [c.id for c in self.checks if c.failed]

    @property
    def amount(self) -> Decimal:
        """The amount in yuan."""
        return Decimal(self.amount_fen).scaleb(-2)

    def lines_zh(self) -> list[str]:
        """A readable account in Chinese, one line per item."""
        if self.policy is None:
            return [f"{self.program}：本地区没有适用的政策"]
        basis = "；".join(
            b.document + (f"《{b.title}》" if b.title else "") for b in self.legal_basis
        )
        lines = [f"{self.policy_name}（{self.policy}，版本 {self.version}）"]
        if basis:
            lines.append(f"依据：{basis}")
        for p in self.parameters:
            mark = "（示例值，须由本地设定）" if p.example else ""
            lines.append(f"参数 {p.zh}（{p.name}）= {show(p.value)[0]} {p.unit}{mark}".rstrip())
        for c in self.checks:
            lines.append(c.reason_zh)
            lines.extend(f"    {d}" for d in c.details_zh)
        verdict = "符合条件" if self.eligible else "不符合条件"
        lines.append(f"结论：{verdict}，金额 {self.amount} 元/月")
        if self.eligible and self.formula:
            lines.append(f"计算：{self.formula} = {self.formula_numbers} = {self.amount}")
        return lines


def explain_person(
    policies: PolicySet,
    facts: Mapping[str, Any],
    as_of: date,
    program: str,
    reforms: Sequence[str] = (),
    subject: Subject = PERSON,
) -> ProgramExplanation:
    """Explain ``program`` for one person (facts as in a snapshot row) on ``as_of``."""
    docs = candidates(policies, program, as_of, reforms)
    key = key_for(docs, str(facts.get(subject.region_column) or ""), as_of)
    if key is None:
        return ProgramExplanation(program, None, "", None, (), (), (), False, 0, "", "")
    return explain_key(key, facts, as_of, subject)


def explain_key(
    key: PolicyKey, facts: Mapping[str, Any], as_of: date, subject: Subject = PERSON
) -> ProgramExplanation:
    """Explain the decision of one policy key for one person."""
    key.check_complete(as_of)
    doc, version, params = key.document, key.version, key.params
    labels = subject.facts
    checks = tuple(
        _check(c, i >= len(version.eligibility), facts, params, labels)
        for i, c in enumerate(version.checks)
    )
    eligible = not any(c.failed for c in checks)
    amount_fen, numbers = 0, ""
    if version.amount is not None:
        value = explain(version.amount, facts, params, labels).value
        if eligible and isinstance(value, int | Decimal):
            amount_fen = fixed.div_half_up(fixed.to_units(value), fixed.UNIT // 100)
        numbers = _with_numbers(version.amount_source, version.amount, facts, params)
    uses = tuple(
        ParameterUse(
            p.name, p.zh, params[p.name], p.unit, p.example, p.on(as_of, key.region_key)[1] or ""
        )
        for p in doc.parameters.values()
        if p.name in version.names
    )
    return ProgramExplanation(
        doc.program, doc.id, doc.name_zh, version.id, doc.legal_basis, uses, checks,
        eligible, amount_fen, version.amount_source, numbers,
    )  # fmt: skip


def _check(
    cond: NamedCondition, exclusion: bool, facts: Mapping[str, Any], params: Any, labels: Any
) -> CheckResult:
    tree = explain(cond.expr, facts, params, labels)
    holds = tree.value is True
    head = _HEADS[exclusion, holds]
    return CheckResult(
        cond.id, cond.zh, exclusion, holds, f"{head}：{cond.zh}", tuple(render_zh(tree))
    )


_HEADS = {
    (True, True): "排除",
    (True, False): "不排除",
    (False, True): "符合",
    (False, False): "不符合",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _with_numbers(
    source: str, expr: Any, facts: Mapping[str, Any], params: Mapping[str, Any]
) -> str:
    """The formula's source with each fact and parameter replaced by its value."""
    names = set(names_in(expr))

    def value(match: re.Match[str]) -> str:
        name = match.group(0)
        if name not in names:
            return name
        return show(params[name] if name in params else facts.get(name))[0]

    return _NAME.sub(value, " ".join(source.split()))
