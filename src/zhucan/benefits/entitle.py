"""What each person is entitled to on a day: eligibility, fen, and what decided it.

Columnar: one snapshot, one ``evaluate`` call, the policy key of each distinct region by
joins, and a SHA-256 of each person's canonical facts (the facts a decision used, so any
payment can be checked against a recomputation later).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import polars as pl

from zhucan.policy.evaluate import evaluate
from zhucan.policy.expr.ast_nodes import names_in
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey, assign_keys, program_keys
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA

# The facts of a snapshot row that decisions use: everything but names and contact data.
FACT_COLUMNS = tuple(
    c
    for c in SNAPSHOT_SCHEMA
    if c not in ("person_id", "name", "citizen_id_masked", "phone_masked", "household_id")
)

DECISION_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "hukou_region": pl.String(),
    "eligible": pl.Boolean(),
    "amount_fen": pl.Int64(),
    "policy": pl.String(),
    "version": pl.String(),
    "params": pl.String(),
    "failed": pl.List(pl.String()),
}


def canonical_facts(frame: pl.DataFrame) -> pl.Series:
    """Each row's facts as one canonical text: ``name=value`` lines in a fixed order."""
    parts = []
    for name in FACT_COLUMNS:
        col = pl.col(name)
        if isinstance(frame.schema[name], pl.List):
            text = col.list.sort().list.join(",")
        elif frame.schema[name] == pl.Boolean:
            text = pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
        else:
            text = col.cast(pl.String)
        parts.append(pl.lit(f"{name}=") + text.fill_null("∅"))
    return frame.select(pl.concat_str(parts, separator="\n").alias("facts")).to_series()


def facts_sha256(frame: pl.DataFrame) -> pl.Series:
    """SHA-256 (hex) of each row's canonical facts."""
    sha = hashlib.sha256
    texts = canonical_facts(frame).to_list()
    return pl.Series("facts_sha256", [sha(t.encode()).hexdigest() for t in texts], pl.String)


def _param_text(value: object) -> object:
    return str(value) if isinstance(value, Decimal | date) else value


def params_json(key: PolicyKey | None) -> str | None:
    """The parameter values a key's version uses, as canonical JSON."""
    if key is None:
        return None
    version = key.version
    used = {n for c in version.checks for n in names_in(c.expr)}
    if version.amount is not None:
        used |= set(names_in(version.amount))
    values = {n: _param_text(v) for n, v in key.params.items() if n in used}
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decide(policies: PolicySet, snap: pl.DataFrame, day: date, program: str) -> pl.DataFrame:
    """One row per person of ``snap``: eligible, amount, policy, version, params, failed."""
    if snap.is_empty():
        return pl.DataFrame(schema=DECISION_SCHEMA)
    result = evaluate(policies, snap, day, [program])
    pk = program_keys(policies, program, day)
    regions = snap.get_column("hukou_region").unique()
    index = assign_keys(regions, pk)
    texts = [params_json(k) for k in pk.keys]
    table = pl.DataFrame(
        {
            "hukou_region": regions,
            "params": index.replace_strict(list(range(len(texts))), texts, return_dtype=pl.String),
        }
    )
    return (
        result.join(snap.select("person_id", "hukou_region"), on="person_id", how="left")
        .join(table, on="hukou_region", how="left")
        .select([pl.col(c).cast(t) for c, t in DECISION_SCHEMA.items()])
    )
