"""Policy documents as frozen dataclasses: parameters, versions, named conditions, tests.

A document is what one YAML file says (see ``docs/policy-format.md``); expressions are
already parsed and type-checked by the loader, so the backends can use them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from zhucan.core.errors import ZhucanError
from zhucan.policy.expr.ast_nodes import Node, Type, names_in
from zhucan.policy.expr.values import Value

KINDS = ("payment", "referral", "levy")
SUBJECTS = ("person", "employer")
STATUSES = ("in_force", "reform")


class PolicyError(ZhucanError):
    """A policy document that cannot be used: the file, the line and the reason."""

    def __init__(self, file: Path | str, line: int, zh: str, en: str) -> None:
        super().__init__(f"{file}:{line}: {zh}", f"{file}:{line}: {en}")
        self.file = Path(file)
        self.line = line
        self.reason_zh = zh
        self.reason_en = en


@dataclass(frozen=True)
class Dated:
    """A value that holds from ``start`` (inclusive) until ``end`` (exclusive; None: open)."""

    start: date
    end: date | None
    value: Value
    line: int = 0

    def holds_on(self, day: date) -> bool:
        """Whether the value is in effect on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


def value_on(values: tuple[Dated, ...], day: date) -> Dated | None:
    """The entry in effect on ``day``, if any."""
    return next((v for v in values if v.holds_on(day)), None)


@dataclass(frozen=True)
class Parameter:
    """A named, effective-dated value of a document, with sub-region overrides."""

    name: str
    zh: str
    en: str
    type: Type
    unit: str
    example: bool
    values: tuple[Dated, ...]
    by_region: Mapping[str, tuple[Dated, ...]]
    line: int = 0

    def on(self, day: date, region_key: str = "") -> tuple[Value, str | None]:
        """The value on ``day`` for a person whose parameter-set key is ``region_key``.

        The longest ``by_region`` prefix of the key with a value on the day wins, else the
        base values. Returns the value and the region it came from ("" = base, None = none).
        """
        for prefix in sorted(self.by_region, key=len, reverse=True):
            if region_key.startswith(prefix):
                entry = value_on(self.by_region[prefix], day)
                if entry is not None:
                    return entry.value, prefix
        entry = value_on(self.values, day)
        return (entry.value, "") if entry is not None else (None, None)


@dataclass(frozen=True)
class NamedCondition:
    """An eligibility condition or an exclusion: its id, labels and typed expression."""

    id: str
    zh: str
    en: str
    source: str
    expr: Node
    line: int = 0


@dataclass(frozen=True)
class Version:
    """One version of a document's rules, in force from ``effective_from`` to ``effective_to``."""

    id: str
    effective_from: date
    effective_to: date | None
    eligibility: tuple[NamedCondition, ...]
    exclusions: tuple[NamedCondition, ...]
    amount: Node | None
    amount_source: str
    line: int = 0

    def in_force_on(self, day: date) -> bool:
        """Whether this version applies on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    @property
    def checks(self) -> tuple[NamedCondition, ...]:
        """Eligibility conditions then exclusions: the order of ``failed`` ids and bits."""
        return self.eligibility + self.exclusions

    @cached_property
    def names(self) -> frozenset[str]:
        """The facts and parameters its conditions and amount read (worked out once)."""
        trees = [c.expr for c in self.checks]
        if self.amount is not None:
            trees.append(self.amount)
        return frozenset(name for tree in trees for name in names_in(tree))


@dataclass(frozen=True)
class LegalBasis:
    """A document that the rules rest on."""

    document: str
    title: str = ""
    effective: date | None = None


@dataclass(frozen=True)
class DocTest:
    """A test case a document carries: a person on a date and the expected outcome."""

    name: str
    as_of: date
    person: Mapping[str, Any]
    expect: Mapping[str, Any]
    line: int = 0


@dataclass(frozen=True)
class PolicyDocument:
    """One program's rules for one jurisdiction, as loaded from one file."""

    id: str
    program: str
    kind: str
    subject: str
    name_zh: str
    name_en: str
    jurisdiction: str
    status: str
    legal_basis: tuple[LegalBasis, ...]
    parameters: Mapping[str, Parameter]
    versions: tuple[Version, ...]
    tests: tuple[DocTest, ...] = ()
    file: Path = field(default=Path("<memory>"))
    line: int = 1

    def version_on(self, day: date) -> Version | None:
        """The version in force on ``day``, if any."""
        return next((v for v in self.versions if v.in_force_on(day)), None)

    @property
    def region_keys(self) -> tuple[str, ...]:
        """All ``by_region`` prefixes of all parameters, longest first."""
        keys = {k for p in self.parameters.values() for k in p.by_region}
        return tuple(sorted(keys, key=lambda k: (-len(k), k)))

    def parameter_values(self, day: date, region_key: str = "") -> dict[str, Value]:
        """Every parameter's value on ``day`` for the parameter-set key ``region_key``."""
        return {name: p.on(day, region_key)[0] for name, p in self.parameters.items()}
