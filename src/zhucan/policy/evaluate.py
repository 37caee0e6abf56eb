"""Evaluate programs over a whole snapshot with Polars: who is eligible, how much, and why not.

All programs are computed in one lazy query over the snapshot, so Polars runs them in
parallel and computes each shared sub-expression (a fact's cast, ``certificate_valid``)
once; values the rules read more than once (operands of rounding) are named columns of a
``to_polars.Scope``. Per program and person the result keeps a few small columns
(:class:`Decisions`): the policy key (document, version and parameter values, as an
index), one bit-packed Boolean per check (failed or not: the reasons), eligibility and the
amount in fen. Condition ids, document and version strings are decoded from the few
distinct (key, failed checks) pairs only when asked for (:meth:`Decisions.long`, which
gives the long form ``evaluate`` has always returned, or :meth:`Decisions.failed`).

A person's key comes from their region: every region prefix that selects a document or a
``by_region`` parameter value is tested once per person (``str.starts_with``), the tests
packed into a small integer, and each program's key read from a table indexed by it. With
many prefixes the distinct regions are resolved instead and joined back by region.
Parameters that differ between the keys of one document version are folded: each
sub-expression reading only parameters is computed per key in Python and gathered per
person by key (decimals as Int64 units of 0.0001); the other parameters are literals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from zhucan.policy.expr import to_polars
from zhucan.policy.expr.facts import EMPLOYER_FACTS, FACTS
from zhucan.policy.expr.types import FactSchema
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey, ProgramKeys, assign_keys, program_keys

NO_POLICY = "no_policy"
CODE_SHIFT = 41  # a row's (key, mask) code: global key index << CODE_SHIFT | failed-checks mask
MAX_PREFIX_BITS = 12  # more distinct region prefixes than this: resolve distinct regions
KEY = "key"
FAILED = "failed"
ELIGIBLE = "eligible"
FEN = "amount_fen"


@dataclass(frozen=True)
class Subject:
    """Who a program decides about: the id and region columns and the fact schema."""

    name: str
    id_column: str
    region_column: str
    facts: FactSchema


PERSON = Subject("person", "person_id", "hukou_region", FACTS)
EMPLOYER = Subject("employer", "employer_id", "region", EMPLOYER_FACTS)


def output_schema(subject: Subject) -> dict[str, pl.DataType]:
    """The columns of an evaluation result in long form (one row per subject × program)."""
    return {
        subject.id_column: pl.Int64(),
        "program": pl.String(),
        "policy": pl.String(),
        "version": pl.String(),
        "eligible": pl.Boolean(),
        "amount_fen": pl.Int64(),
        "failed": pl.List(pl.String()),
    }


def column(program: str, part: str) -> str:
    """The name of a program's column in :attr:`Decisions.frame`, e.g. ``living_subsidy:key``."""
    return f"{program}:{part}"


def failed_column(program: str, check: int) -> str:
    """The column of check ``check`` (its position in the version) of ``program``."""
    return column(program, f"{FAILED}{check}")


def width(pk: ProgramKeys) -> int:
    """How many checks the program's versions have at most (its failed-check columns)."""
    return max((len(k.version.checks) for k in pk.keys if k is not None), default=0)


def compact_schema(subject: Subject, programs: Sequence[ProgramKeys]) -> dict[str, pl.DataType]:
    """The columns of :attr:`Decisions.frame`: the id, then per program its key, one
    Boolean per check position, eligibility and the amount."""
    schema: dict[str, pl.DataType] = {subject.id_column: pl.Int64()}
    for pk in programs:
        p = pk.program
        schema[column(p, KEY)] = pl.Int16()
        schema |= {failed_column(p, i): pl.Boolean() for i in range(width(pk))}
        schema[column(p, ELIGIBLE)] = pl.Boolean()
        schema[column(p, FEN)] = pl.Int64()
    return schema


@dataclass(frozen=True)
class Decisions:
    """Every subject × every program, wide: one row per subject, in the input's order.

    ``frame`` holds the id column and per program ``P:key`` (index into the program's
    ``keys``; the document, version and parameter values that decided), ``P:failed<i>``
    for each check position ``i`` (True: check ``i`` of the person's version failed —
    eligibility conditions in order, then exclusions; Boolean columns are bit-packed, so
    these are the per-person reasons at one bit each), ``P:eligible`` and ``P:amount_fen``
    (0 when not eligible). :meth:`mask` packs the failed checks into an integer.
    """

    subject: Subject
    programs: tuple[ProgramKeys, ...]
    frame: pl.DataFrame

    def keys_of(self, program: str) -> ProgramKeys:
        """The policy keys of ``program``."""
        return next(pk for pk in self.programs if pk.program == program)

    def mask(self, program: str) -> pl.Expr:
        """The failed checks of ``program`` as an Int64 bit mask (bit ``i``: check ``i``)."""
        bits = [
            pl.when(pl.col(failed_column(program, i)))
            .then(pl.lit(1 << i, pl.Int64))
            .otherwise(pl.lit(0, pl.Int64))
            for i in range(width(self.keys_of(program)))
        ]
        return pl.sum_horizontal(bits) if bits else pl.lit(0, pl.Int64)

    def code(self, program: str, offset: int = 0) -> pl.Expr:
        """Each row's (key index + ``offset``, failed-checks mask) as one Int64: the few
        distinct codes are decoded once (:func:`split_code`) instead of once per row."""
        key = pl.col(column(program, KEY)).cast(pl.Int64)
        return (key + offset) * (1 << CODE_SHIFT) + self.mask(program)

    def failed(self, program: str, key: int, mask: int) -> list[str]:
        """The failed condition ids of one (key, mask) pair; ``[no_policy]`` without a key."""
        return failed_ids(self.keys_of(program).keys[key], mask)

    def long(self) -> pl.DataFrame:
        """The long form (``output_schema``): one row per subject × program, by program."""
        if not self.programs:
            return pl.DataFrame(schema=output_schema(self.subject))
        keys = [k for pk in self.programs for k in pk.keys]
        parts = []
        offset = 0
        for pk in self.programs:
            p = pk.program
            key = pl.col(column(p, KEY)).cast(pl.Int64)
            policy = [None if k is None else k.document.id for k in pk.keys]
            version = [None if k is None else k.version.id for k in pk.keys]
            parts.append(
                self.frame.select(
                    self.subject.id_column,
                    pl.lit(p).alias("program"),
                    pl.lit(pl.Series(policy, dtype=pl.String)).gather(key).alias("policy"),
                    pl.lit(pl.Series(version, dtype=pl.String)).gather(key).alias("version"),
                    pl.col(column(p, ELIGIBLE)).alias("eligible"),
                    pl.col(column(p, FEN)).alias("amount_fen"),
                    self.code(p, offset).alias("_code"),
                )
            )
            offset += len(pk.keys)
        return with_reasons(pl.concat(parts), keys, self.subject)


def split_code(code: int) -> tuple[int, int]:
    """The (key index, failed-checks mask) of a :meth:`Decisions.code`."""
    return code >> CODE_SHIFT, code & ((1 << CODE_SHIFT) - 1)


def failed_ids(key: PolicyKey | None, mask: int) -> list[str]:
    """The ids of the checks whose bit is set in ``mask``."""
    if key is None:
        return [NO_POLICY]
    return [c.id for i, c in enumerate(key.version.checks) if mask >> i & 1]


def evaluate(
    policies: PolicySet,
    snapshot: pl.DataFrame,
    as_of: date,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Every person of ``snapshot`` × every program: eligible, amount in fen, failed ids."""
    return decide(policies, snapshot, as_of, PERSON, programs, reforms).long()


def evaluate_employers(
    policies: PolicySet,
    employers: pl.DataFrame,
    as_of: date,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """The same for employers (``subject: employer`` documents, e.g. the employment levy)."""
    return decide(policies, employers, as_of, EMPLOYER, programs, reforms).long()


def evaluate_subject(
    policies: PolicySet,
    frame: pl.DataFrame,
    as_of: date,
    subject: Subject,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Evaluate ``programs`` (default: all of the subject's) over ``frame``, long form."""
    return decide(policies, frame, as_of, subject, programs, reforms).long()


def decide(
    policies: PolicySet,
    frame: pl.DataFrame,
    as_of: date,
    subject: Subject = PERSON,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> Decisions:
    """Evaluate ``programs`` (default: all of the subject's) over ``frame``, compact form."""
    names = list(programs) if programs is not None else policies.programs(subject.name)
    all_keys = tuple(program_keys(policies, p, as_of, reforms) for p in names)
    if frame.is_empty() or not names:
        return Decisions(subject, all_keys, pl.DataFrame(schema=compact_schema(subject, all_keys)))
    key_columns, used_keys = _key_columns(frame, all_keys, subject.region_column)
    scope = to_polars.Scope()
    stage: list[pl.Expr] = []  # each program's failed checks and amount before eligibility
    result: list[pl.Expr] = [pl.col(subject.id_column).cast(pl.Int64)]
    for pk, used in zip(all_keys, used_keys, strict=True):
        for index in used:
            key = pk.keys[index]
            if key is not None:
                key.check_complete(as_of)
        key_col = pl.col(column(pk.program, KEY))
        failed, fen, no_key = _program(pk, used, key_col, scope)
        p = pk.program
        names_failed = [failed_column(p, i) for i in range(len(failed))]
        stage += [f.alias(c) for f, c in zip(failed, names_failed, strict=True)]
        stage.append(fen.alias(column(p, "_fen")))
        eligible = ~pl.any_horizontal(names_failed) if names_failed else pl.lit(True)
        if no_key is not None:
            eligible = eligible & (key_col != no_key)
        result += [
            key_col,
            *(pl.col(c) for c in names_failed),
            eligible.alias(column(p, ELIGIBLE)),
            pl.when(eligible).then(pl.col(column(p, "_fen"))).otherwise(0).alias(column(p, FEN)),
        ]
    lazy = scope.apply(frame.hstack(key_columns).lazy())
    return Decisions(subject, all_keys, lazy.with_columns(stage).select(result).collect())


def _key_columns(
    frame: pl.DataFrame, all_keys: Sequence[ProgramKeys], region: str
) -> tuple[list[pl.Series], list[list[int]]]:
    """Each program's key index (Int16) per row, and the key indices that occur."""
    prefixes = sorted({p for pk in all_keys for p in pk.prefixes if p}, key=lambda p: (len(p), p))
    names = [column(pk.program, KEY) for pk in all_keys]
    if len(prefixes) > MAX_PREFIX_BITS:
        regions = frame.get_column(region).unique()
        table = pl.DataFrame(
            [regions.alias(region), *(assign_keys(regions, pk).cast(pl.Int16) for pk in all_keys)]
        )
        joined = frame.select(region).join(table, on=region, how="left", maintain_order="left")
        columns = [
            joined.get_column(pk.program).fill_null(pk.prefixes[""]).alias(name)
            for name, pk in zip(names, all_keys, strict=True)
        ]
        return columns, [sorted(c.unique().to_list()) for c in columns]
    # one bit per prefix (does the region start with it?); the bit pattern selects each
    # program's key (its longest matching prefix) from a table of 2^prefixes entries
    text = pl.col(region).cast(pl.String)
    bits = [
        pl.when(text.str.starts_with(pl.lit(p, pl.String)))
        .then(pl.lit(1 << i, pl.Int16))
        .otherwise(pl.lit(0, pl.Int16))
        for i, p in enumerate(prefixes)
    ]
    if bits:
        pattern = frame.lazy().select(pl.sum_horizontal(bits)).collect().to_series().to_numpy()
    else:
        pattern = np.zeros(frame.height, dtype=np.int16)
    occurring = np.flatnonzero(np.bincount(pattern, minlength=1 << len(prefixes)))
    keys: list[pl.Series] = []
    used: list[list[int]] = []
    for name, pk in zip(names, all_keys, strict=True):
        lookup = np.full(1 << len(prefixes), pk.prefixes[""], dtype=np.int16)
        for value in range(len(lookup)):
            matching = [p for i, p in enumerate(prefixes) if value >> i & 1 and p in pk.prefixes]
            if matching:
                lookup[value] = pk.prefixes[max(matching, key=len)]
        keys.append(pl.Series(name, lookup[pattern]))
        used.append(sorted({int(k) for k in lookup[occurring].tolist()}))
    return keys, used


def _program(
    pk: ProgramKeys, used: list[int], key: pl.Expr, scope: to_polars.Scope
) -> tuple[list[pl.Expr], pl.Expr, int | None]:
    """Whether each check failed and the amount of one program over its used keys, and the
    index of the key without a document (no policy for the region), if that key is used."""
    groups: dict[tuple[str, str] | None, list[int]] = {}
    for index in used:
        k = pk.keys[index]
        groups.setdefault(None if k is None else k.label[:2], []).append(index)
    n = width(pk)
    no = pl.lit(False)
    compiled: list[tuple[list[int], list[pl.Expr], pl.Expr]] = []
    for indices in groups.values():
        first = pk.keys[indices[0]]
        if first is None:
            compiled.append((indices, [no] * n, pl.lit(0, pl.Int64)))
            continue
        params, per_key = _bind(pk, indices, key, scope)
        failed, fen = compile_checks(first, params, per_key, scope)
        compiled.append((indices, failed + [no] * (n - len(failed)), fen))
    no_key = groups[None][0] if None in groups else None
    if len(compiled) == 1:
        return compiled[0][1], compiled[0][2], no_key
    chains: list[Any] = [pl] * (n + 1)
    for indices, failed, fen in compiled:
        chosen = key.is_in(indices)
        for i, expr in enumerate([*failed, fen]):
            chains[i] = chains[i].when(chosen).then(expr)
    out = [chain.otherwise(False) for chain in chains[:n]]
    return out, chains[n].otherwise(0), no_key


def compile_checks(
    key: PolicyKey,
    params: dict[str, object],
    per_key: to_polars.PerKey | None = None,
    scope: to_polars.Scope | None = None,
) -> tuple[list[pl.Expr], pl.Expr]:
    """Whether each check of a key's version failed (Boolean, never null), and the amount
    in fen (null: 0)."""
    version = key.version
    failed = []
    for i, cond in enumerate(version.checks):
        met = to_polars.compile_condition(cond.expr, params, per_key, scope)
        failed.append(~met if i < len(version.eligibility) else met)
    if version.amount is None:
        return failed, pl.lit(0, pl.Int64)
    return failed, to_polars.compile_fen(version.amount, params, per_key, scope).fill_null(0)


def _bind(
    pk: ProgramKeys, indices: list[int], key: pl.Expr, scope: to_polars.Scope
) -> tuple[dict[str, object], to_polars.PerKey | None]:
    """Parameters equal for all the group's keys as literals; the others per key."""
    keys = {i: k for i in indices if (k := pk.keys[i]) is not None}
    first = next(iter(keys.values()))
    literal: dict[str, object] = {}
    differ: set[str] = set()
    for name in first.document.parameters:
        values = [k.params[name] for k in keys.values()]
        if all(v == values[0] for v in values):
            literal[name] = values[0]
        else:
            differ.add(name)
    if not differ:
        return literal, None
    by_key: dict[int, Mapping[str, object]] = {i: k.params for i, k in keys.items()}
    return literal, to_polars.PerKey(key, len(pk.keys), by_key, frozenset(differ), scope)


def with_reasons(
    long: pl.DataFrame, keys: list[PolicyKey | None], subject: Subject
) -> pl.DataFrame:
    """The failed ids of each row, from the few distinct (key, mask) codes that occur."""
    codes = long.get_column("_code")
    distinct = codes.unique().sort()
    failed = [failed_ids(keys[key], mask) for key, mask in map(split_code, distinct.to_list())]
    table = pl.Series("failed", failed, dtype=pl.List(pl.String()))
    return long.select(
        *output_schema(subject).keys() - {"failed"}, table.gather(distinct.search_sorted(codes))
    ).select(list(output_schema(subject)))
