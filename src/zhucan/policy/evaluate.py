"""Evaluate programs over a whole snapshot with Polars: who is eligible, how much, and why not.

People are grouped by the rules that apply (document and version); parameter values that
differ between the group's regions become columns, the others literals. Each person's
failed conditions are kept as a bit mask while computing, and turned into the list of
condition ids through a small table of the masks that occur.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from zhucan.policy.expr import to_polars
from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.facts import EMPLOYER_FACTS, FACTS
from zhucan.policy.expr.types import FactSchema
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey, ProgramKeys, assign_keys, program_keys

NO_POLICY = "no_policy"
CODE_SHIFT = 41  # a row's (key, mask) code: global key index << CODE_SHIFT | failed-checks mask
_PARAM_DTYPES: dict[Type, pl.DataType] = {
    Type.BOOL: pl.Boolean(),
    Type.INT: pl.Int64(),
    Type.DECIMAL: pl.Decimal(38, 4),
    Type.STR: pl.String(),
}


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
    """The columns of an evaluation result."""
    return {
        subject.id_column: pl.Int64(),
        "program": pl.String(),
        "policy": pl.String(),
        "version": pl.String(),
        "eligible": pl.Boolean(),
        "amount_fen": pl.Int64(),
        "failed": pl.List(pl.String()),
    }


def evaluate(
    policies: PolicySet,
    snapshot: pl.DataFrame,
    as_of: date,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Every person of ``snapshot`` × every program: eligible, amount in fen, failed ids."""
    return evaluate_subject(policies, snapshot, as_of, PERSON, programs, reforms)


def evaluate_employers(
    policies: PolicySet,
    employers: pl.DataFrame,
    as_of: date,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """The same for employers (``subject: employer`` documents, e.g. the employment levy)."""
    return evaluate_subject(policies, employers, as_of, EMPLOYER, programs, reforms)


def evaluate_subject(
    policies: PolicySet,
    frame: pl.DataFrame,
    as_of: date,
    subject: Subject,
    programs: Sequence[str] | None = None,
    reforms: Sequence[str] = (),
) -> pl.DataFrame:
    """Evaluate ``programs`` (default: all of the subject's) over ``frame``."""
    names = list(programs) if programs is not None else policies.programs(subject.name)
    all_keys = [program_keys(policies, p, as_of, reforms) for p in names]
    if frame.is_empty() or not names:
        return pl.DataFrame(schema=output_schema(subject))
    regions = frame.get_column(subject.region_column).unique()
    table = pl.DataFrame([regions.alias("_region"), *(assign_keys(regions, pk) for pk in all_keys)])
    keyed = frame.lazy().join(
        table.lazy(), left_on=subject.region_column, right_on="_region", how="left"
    )
    parts: list[pl.LazyFrame] = []
    offset = 0
    for pk in all_keys:
        used = sorted(table.get_column(pk.program).unique().to_list())
        for index in used:
            key = pk.keys[index]
            if key is not None:
                key.check_complete(as_of)
        parts.extend(_program_parts(keyed, pk, used, offset, subject))
        offset += len(pk.keys)
    long = pl.concat(parts, how="vertical").collect()
    return _with_reasons(long, [k for pk in all_keys for k in pk.keys], subject)


def _program_parts(
    keyed: pl.LazyFrame, pk: ProgramKeys, used: list[int], offset: int, subject: Subject
) -> list[pl.LazyFrame]:
    """One lazy frame per group of keys sharing a document version."""
    groups: dict[tuple[str, str] | None, list[int]] = {}
    for index in used:
        key = pk.keys[index]
        groups.setdefault(None if key is None else key.label[:2], []).append(index)
    out: list[pl.LazyFrame] = []
    for indices in groups.values():
        rows = keyed if len(groups) == 1 else keyed.filter(pl.col(pk.program).is_in(indices))
        first = pk.keys[indices[0]]
        if first is None:
            mask, fen = pl.lit(0, pl.Int64), pl.lit(0, pl.Int64)
            policy, version, eligible = None, None, pl.lit(False)
        else:
            keys = [k for k in (pk.keys[i] for i in indices) if k is not None]
            constant, columns = _bind(pk.program, keys, indices)
            rows = rows.with_columns(columns)
            mask, fen = compile_checks(first, constant)
            policy, version, eligible = first.document.id, first.version.id, pl.col("_mask") == 0
        code = (pl.col(pk.program).cast(pl.Int64) + offset) * (1 << CODE_SHIFT) + pl.col("_mask")
        out.append(
            rows.select(
                pl.col(subject.id_column).cast(pl.Int64),
                pk.program,
                mask.alias("_mask"),
                fen.alias("_fen"),
            ).select(
                subject.id_column,
                pl.lit(pk.program).alias("program"),
                pl.lit(policy, pl.String).alias("policy"),
                pl.lit(version, pl.String).alias("version"),
                eligible.alias("eligible"),
                pl.when(eligible).then(pl.col("_fen")).otherwise(0).alias("amount_fen"),
                code.alias("_code"),
            )
        )
    return out


def compile_checks(key: PolicyKey, params: dict[str, object]) -> tuple[pl.Expr, pl.Expr]:
    """The failed-checks bit mask and the amount in fen (null: 0) of a key's version."""
    version = key.version
    bits = []
    for i, cond in enumerate(version.checks):
        met = to_polars.compile_condition(cond.expr, params)
        failed = ~met if i < len(version.eligibility) else met
        bits.append(pl.when(failed).then(pl.lit(1 << i, pl.Int64)).otherwise(pl.lit(0, pl.Int64)))
    mask = pl.sum_horizontal(bits) if bits else pl.lit(0, pl.Int64)
    if version.amount is None:
        return mask, pl.lit(0, pl.Int64)
    return mask, to_polars.compile_fen(version.amount, params).fill_null(0)


def _bind(
    program: str, keys: list[PolicyKey], indices: list[int]
) -> tuple[dict[str, object], list[pl.Expr]]:
    """Parameters equal for all keys as literals; the others as columns by key index."""
    constant: dict[str, object] = {}
    columns = []
    for name, param in keys[0].document.parameters.items():
        values = [k.params[name] for k in keys]
        if all(v == values[0] for v in values):
            constant[name] = values[0]
            continue
        columns.append(
            pl.col(program)
            .replace_strict(indices, values, return_dtype=_PARAM_DTYPES[param.type])
            .alias(name)
        )
    return constant, columns


def _with_reasons(
    long: pl.DataFrame, keys: list[PolicyKey | None], subject: Subject
) -> pl.DataFrame:
    """The failed ids of each row, from the few distinct (key, mask) codes that occur."""
    codes = long.get_column("_code")
    distinct = codes.unique().sort()
    failed = []
    for code in distinct.to_list():
        key, mask = keys[code >> CODE_SHIFT], code & ((1 << CODE_SHIFT) - 1)
        if key is None:
            failed.append([NO_POLICY])
        else:
            failed.append([c.id for i, c in enumerate(key.version.checks) if mask >> i & 1])
    table = pl.Series("failed", failed, dtype=pl.List(pl.String()))
    return long.select(
        *output_schema(subject).keys() - {"failed"}, table.gather(distinct.search_sorted(codes))
    ).select(list(output_schema(subject)))
