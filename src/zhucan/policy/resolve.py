"""Which document, version and parameter values apply to whom.

For a program on a date, the documents in force (plus named reforms) and their
``by_region`` prefixes cut the country into a few regions: every prefix that appears
anywhere maps to one *policy key* (document, version, parameter-set region key, bound
parameter values). A person's key is the key of the longest prefix covering their region,
found with one Polars join per prefix length over the distinct regions, never per person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from zhucan.policy.document import PolicyDocument, PolicyError, Version
from zhucan.policy.expr.values import Value
from zhucan.policy.policy_set import PolicySet


@dataclass(frozen=True)
class PolicyKey:
    """The rules that decide for a group of people: document, version, parameter values."""

    document: PolicyDocument
    version: Version
    region_key: str
    params: dict[str, Value] = field(compare=False)
    missing: tuple[str, ...] = field(default=(), compare=False)

    @property
    def label(self) -> tuple[str, str, str]:
        """(document id, version id, region key)."""
        return self.document.id, self.version.id, self.region_key

    def check_complete(self, day: date) -> None:
        """Raise if a parameter the version uses has no value on ``day``."""
        if self.missing:
            p = self.document.parameters[self.missing[0]]
            where = self.region_key or self.document.jurisdiction or "全国"
            raise PolicyError(
                self.document.file,
                p.line,
                f"参数 {p.name} 在 {day}（区划 {where}）没有取值",
                f"parameter {p.name} has no value on {day} for region {where}",
            )


def candidates(
    policies: PolicySet, program: str, as_of: date, reforms: Sequence[str] = ()
) -> list[PolicyDocument]:
    """Documents of ``program`` with a version on ``as_of``: in force, or a named reform."""
    for name in reforms:
        policies.get(name)  # unknown reform ids are an error (KeyError)
    return [
        d
        for d in policies.documents
        if d.program == program
        and (d.status == "in_force" or d.id in reforms)
        and d.version_on(as_of) is not None
    ]


def applicable(docs: Sequence[PolicyDocument], region: str) -> PolicyDocument | None:
    """The document with the longest jurisdiction covering ``region`` (a reform wins a tie)."""
    covering = [d for d in docs if region.startswith(d.jurisdiction)]
    if not covering:
        return None
    return max(covering, key=lambda d: (len(d.jurisdiction), d.status == "reform"))


def key_for(docs: Sequence[PolicyDocument], region: str, as_of: date) -> PolicyKey | None:
    """The policy key of a region (or region prefix) on ``as_of``."""
    doc = applicable(docs, region)
    if doc is None:
        return None
    version = doc.version_on(as_of)
    assert version is not None
    region_key = next((k for k in doc.region_keys if region.startswith(k)), "")
    params = doc.parameter_values(as_of, region_key)
    missing = tuple(sorted(n for n in version.names if n in params and params[n] is None))
    return PolicyKey(doc, version, region_key, params, missing)


@dataclass(frozen=True)
class ProgramKeys:
    """A program's policy keys and the region prefixes that select them."""

    program: str
    keys: tuple[PolicyKey | None, ...]
    prefixes: dict[str, int]  # region prefix -> index into keys

    def index_of(self, region: str) -> int:
        """The key index for one region (the longest matching prefix)."""
        best = max((p for p in self.prefixes if region.startswith(p)), key=len)
        return self.prefixes[best]


def program_keys(
    policies: PolicySet, program: str, as_of: date, reforms: Sequence[str] = ()
) -> ProgramKeys:
    """Every policy key of ``program`` on ``as_of``, and the prefix table selecting them."""
    docs = candidates(policies, program, as_of, reforms)
    prefixes = {""} | {d.jurisdiction for d in docs} | {k for d in docs for k in d.region_keys}
    keys: list[PolicyKey | None] = []
    table: dict[str, int] = {}
    for prefix in sorted(prefixes, key=len):
        key = key_for(docs, prefix, as_of)
        if key not in keys:
            keys.append(key)
        table[prefix] = keys.index(key)
    return ProgramKeys(program, tuple(keys), table)


def assign_keys(regions: pl.Series, pk: ProgramKeys) -> pl.Series:
    """The key index (Int32) of each region in ``regions``: longest prefix, by joins."""
    frame = pl.DataFrame({"region": regions}).with_columns(
        pl.lit(pk.prefixes[""], pl.Int32).alias("key")
    )
    lengths = sorted({len(p) for p in pk.prefixes if p})
    for length in lengths:
        table = pl.DataFrame(
            {
                "_p": [p for p in pk.prefixes if len(p) == length],
                "_k": [i for p, i in pk.prefixes.items() if len(p) == length],
            },
            schema={"_p": pl.String(), "_k": pl.Int32()},
        )
        frame = (
            frame.with_columns(pl.col("region").str.slice(0, length).alias("_p"))
            .join(table, on="_p", how="left", maintain_order="left")
            .select("region", pl.coalesce("_k", "key").alias("key"))
        )
    return frame.get_column("key").alias(pk.program)
