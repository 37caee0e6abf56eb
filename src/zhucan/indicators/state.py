"""Certificate holders' indicator state on one date or many, read and built set-wise.

For the dates ``d_0 < … < d_{K-1}`` each person's state (户籍, certificate, facts, age,
needs of the year, services to date, insurance) is constant between a few change points:
the start and end of every effective-dated row, each service, 1 January and each birthday,
all rounded up to the first date evaluated on or after them. The state is built once per
person and *segment* ``[s, e)`` of date indices (as-of joins on ``person × index`` keys),
the indicators are evaluated once per segment, and a segment adds to the dates ``s … e-1``
(added at ``s``, taken off at ``e``, summed up the dates). One date is the case ``K = 1``:
one segment per person.

Only what the definitions use is read, and aggregated in the database where that shrinks
it: needs per person and year as a bit mask; insurance in force as one flag per scheme;
services as (person, kind code, date, quantity) of the kinds used. ``has(list, 'x')`` is
rewritten to a boolean column ``list:x`` so no list column is built. Every query is
written first and all are read side by side (:func:`zhucan.storage.bulk.read_frames`).
Segments come from one sorted integer key ``person × (K+1) + index``; insurance, the
service quantities and the service flags (bits set by a person's first service of a kind)
are one table of running sums, joined once.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

import polars as pl
from sqlalchemy import Engine

from zhucan.indicators.schemas import PLAN_START
from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Type, names_in
from zhucan.registry.facts import DECIMAL_FACTS
from zhucan.storage.bulk import Schema, read_frames
from zhucan.support.kinds import InsuranceScheme, ServiceKind
from zhucan.support.needs import NeedKind

#: List columns of the person rows and the values they can hold.
LISTS: dict[str, tuple[str, ...]] = {
    "needs": tuple(k.value for k in NeedKind),
    "services": tuple(k.value for k in ServiceKind),
    "services_plan": tuple(k.value for k in ServiceKind),
    "insurance": tuple(k.value for k in InsuranceScheme),
}
#: Person columns read from registry facts: column -> (fact kind, value expression).
_FACTS: dict[str, tuple[str, pl.Expr]] = {
    "urban": ("hukou_type", (pl.col("value") == "urban").fill_null(False)),
    "assistance": ("assistance", pl.col("value").fill_null("none")),
    "institutional_care": (
        "institutional_care",
        (pl.col("value") == "true").fill_null(False),
    ),
    "needs_long_term_care": (
        "long_term_care",
        (pl.col("value") == "true").fill_null(False),
    ),
    "employed": (
        "employment",
        (pl.col("value").is_not_null() & (pl.col("value") != "unemployed")).fill_null(False),
    ),
    # read by the subsidy rules (see :mod:`.program_counts`), not by any indicator
    "self_care": ("self_care", pl.col("value")),
    **{
        k.value: (k.value, pl.col("value").cast(pl.Decimal(38, 4), strict=False))
        for k in DECIMAL_FACTS
    },
}


def rewrite(node: n.Node) -> n.Node:
    """``has(list, 'x')`` as the boolean column ``list:x``; ``list is None`` as False."""
    if (
        isinstance(node, n.Call)
        and node.func == "has"
        and isinstance(node.args[0], n.Name)
        and node.args[0].id in LISTS
        and isinstance(node.args[1], n.Const)
        and isinstance(node.args[1].value, str)
    ):
        return n.Name(node.span, f"{node.args[0].id}:{node.args[1].value}", type=Type.BOOL)
    if isinstance(node, n.IsNull) and isinstance(node.operand, n.Name) and node.operand.id in LISTS:
        return n.Const(node.span, node.negated, type=Type.BOOL)
    changes: dict[str, object] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, n.Node):
            changes[f.name] = rewrite(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], n.Node):
            changes[f.name] = tuple(rewrite(v) for v in value)
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]


@dataclass(frozen=True)
class Needs:
    """What the (rewritten) expressions read, hence what to read and build."""

    names: frozenset[str]

    @classmethod
    def of(cls, trees: Iterable[n.Node]) -> Needs:
        names = {name for t in trees for name in names_in(t)}
        for name in [x for x in names if x in LISTS]:  # a list used whole: every flag
            names |= {f"{name}:{v}" for v in LISTS[name]}
        return cls(frozenset(names))

    def flags(self, column: str) -> list[str]:
        """Values ``x`` of the list ``column`` whose flag ``column:x`` is used."""
        return [v for v in LISTS[column] if f"{column}:{v}" in self.names]

    @property
    def ytd_kinds(self) -> list[str]:
        return [
            k
            for k in LISTS["services"]
            if f"services:{k}" in self.names or f"{k}_times" in self.names
        ]

    @property
    def plan_kinds(self) -> list[str]:
        return [
            k
            for k in LISTS["services_plan"]
            if f"services_plan:{k}" in self.names or f"{k}_times_plan" in self.names
        ]


def _q(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values) or "''"


class _Reader:
    """SQL for the rows in force on the dates, as (person_id, ks, ke, …) index intervals."""

    def __init__(self, engine: Engine, prefix: str, days: Sequence[date]) -> None:
        self.engine, self.prefix, self.days = engine, prefix, list(days)
        self.one = len(self.days) == 1
        self.series = pl.Series("d", self.days, pl.Date)
        lo, hi = self.days[0].isoformat(), self.days[-1].isoformat()
        self.lo, self.hi = lo, hi
        under = (
            "(SELECT h.person_id FROM fact h WHERE h.kind = 'hukou_region' AND "
            f"h.value LIKE '{prefix}%' AND h.retracted_at IS NULL AND {self.overlaps('h')})"
        )
        # A province is the whole database in practice: a million-row IN (…) costs more
        # than reading everyone and keeping those with a 户籍 under the prefix.
        self.under = under if len(prefix) > 2 else None

    def who(self, column: str) -> str:
        return f" AND {column} IN {self.under}" if self.under else ""

    def overlaps(self, alias: str) -> str:
        return (
            f"{alias}.valid_from <= '{self.hi}' AND ({alias}.valid_to IS NULL OR "
            f"{alias}.valid_to > '{self.lo}')"
        )

    def span_cols(self, alias: str) -> str:
        return "" if self.one else f", {alias}.valid_from, {alias}.valid_to"

    def index(self, column: str, side: Literal["left", "right"] = "left") -> pl.Expr:
        """First date index on or after the date (``right``: strictly after); null -> K."""
        k = len(self.days)
        return (
            pl.col(column)
            .map_batches(lambda s: self.series.search_sorted(s, side=side), pl.UInt32)
            .cast(pl.Int32)
            .fill_null(k)
            if not self.one
            else pl.lit(0, pl.Int32)
        )

    def intervals(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``valid_from``/``valid_to`` as the index interval ``[ks, ke)``, empty ones gone."""
        if self.one:
            return frame.with_columns(
                pl.lit(0, pl.Int32).alias("ks"), pl.lit(1, pl.Int32).alias("ke")
            )
        return (
            frame.with_columns(
                self.index("valid_from").alias("ks"),
                pl.when(pl.col("valid_to").is_null())
                .then(pl.lit(len(self.days), pl.Int32))
                .otherwise(self.index("valid_to"))
                .alias("ke"),
            )
            .filter(pl.col("ks") < pl.col("ke"))
            .drop("valid_from", "valid_to")
        )

    def fact_sql(self, kind: str, value: bool = True, where: str = "") -> str:
        one = (
            f" AND f.valid_from <= '{self.hi}' AND (f.valid_to IS NULL OR f.valid_to > '{self.hi}')"
        )
        return (
            f"SELECT f.person_id{', f.value' if value else ''}{self.span_cols('f')} FROM fact f "
            f"WHERE f.kind = '{kind}' AND f.retracted_at IS NULL {where}"
            f"{one if self.one else ' AND ' + self.overlaps('f')}"
        )


_FACT_SCHEMA: Schema = {
    "person_id": pl.Int64(),
    "valid_from": pl.Date(),
    "valid_to": pl.Date(),
}


_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)


def _cum_sums(frame: pl.LazyFrame, cols: Sequence[str], by: Sequence[str]) -> pl.LazyFrame:
    """Running sums of ``cols`` within runs of equal ``by`` (``frame`` sorted by them).

    A plain running sum less its value where the run begins: no window over a million
    groups (``cum_sum().over`` is several times slower). The sum over the whole column
    is taken in 64 bits (it would overflow 32); each run's own sum keeps the column's type.
    """
    if not cols:
        return frame
    first = functools.reduce(operator.or_, [pl.col(b).ne_missing(pl.col(b).shift(1)) for b in by])
    total = {c: pl.col(c).cast(pl.Int64).cum_sum() for c in cols}
    schema = frame.collect_schema()
    return frame.with_columns(
        (total[c] - pl.when(first).then(total[c] - pl.col(c)).forward_fill()).cast(schema[c])
        for c in cols
    )


def _keyed(frame: _Frame, k: str, m: int) -> _Frame:
    return frame.with_columns((pl.col("person_id") * m + pl.col(k)).alias("_key")).sort("_key")


def _attach(frame: pl.DataFrame, right: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """``frame`` with the other columns of ``right`` (one row per key) joined on ``on``.

    Only the key columns go through the join; a join of the whole frame would copy every
    one of its columns (tens of millions of rows for a series) to gather them.
    """
    got = frame.select(on).join(right, on=on, how="left", maintain_order="left")
    return frame.hstack(got.drop(on))


def on_day(segments: pl.DataFrame, k: int) -> pl.DataFrame:
    """The rows of :func:`person_segments` that hold on date index ``k``."""
    return segments.filter(pl.col("s") <= k, pl.col("e") > k)


def _asof(segments: pl.DataFrame, right: pl.DataFrame, m: int) -> pl.DataFrame:
    """For each segment the row of ``right`` (person_id, ks, ke, …) holding at its start."""
    if right.is_empty():  # a fact no one has (yet): no join over every segment
        return segments.with_columns(
            pl.lit(None, t).alias(c)
            for c, t in right.schema.items()
            if c not in ("person_id", "ks", "ke")
        )
    if m == 2:  # one date: every row holds on it
        right = right.drop("ks", "ke")
        if right.height != right["person_id"].n_unique():  # two rows in force: keep one
            right = right.unique("person_id", keep="last", maintain_order=True)
        return _attach(segments, right, ["person_id"])
    r = _keyed(right, "ks", m).rename({"person_id": "_pid", "ks": "_ks", "ke": "_ke"})
    joined = segments.join_asof(r.drop("_ks"), on="_key", strategy="backward")
    hit = (pl.col("_pid") == pl.col("person_id")) & (pl.col("s") < pl.col("_ke"))
    cols = [c for c in r.columns if c not in ("_key", "_pid", "_ks", "_ke")]
    return joined.with_columns(
        pl.when(hit.fill_null(False)).then(pl.col(c)).otherwise(None).alias(c) for c in cols
    ).drop("_pid", "_ke")


def person_segments(
    engine: Engine,
    prefix: str,
    days: Sequence[date],
    needs: Needs,
    extra_columns: Collection[str] = (),
) -> pl.DataFrame:
    """Rows (person_id, s, e, hukou_region, the columns ``needs`` names) per segment."""
    r = _Reader(engine, prefix, days)
    k_count = len(r.days)
    m = k_count + 1
    names = needs.names | set(extra_columns)
    d = r.hi
    # Every query first, then all read side by side (largest first, two helpers).
    queries: dict[str, tuple[str, Schema]] = {}
    # 户籍 under the prefix, certificate valid, not dead
    queries["hukou"] = (
        r.fact_sql("hukou_region", where=f"AND f.value LIKE '{prefix}%'"),
        _FACT_SCHEMA,
    )
    person_cols = [c for c in ("birth_date", "sex", "household_id") if c in names]
    if "age" in names:
        person_cols.append("birth_date")
    person_cols = sorted(set(person_cols))
    if person_cols:
        queries["people"] = (
            f"SELECT id AS person_id, {', '.join(person_cols)} FROM person WHERE 1=1" + r.who("id"),
            {
                "person_id": pl.Int64(),
                "birth_date": pl.Date(),
                "household_id": pl.Int64(),
            },
        )
    ins_flags = needs.flags("insurance")
    if ins_flags and r.one:
        cols = ", ".join(
            f"MAX(CASE WHEN scheme = '{v}' THEN 1 ELSE 0 END) AS \"insurance:{v}\""
            for v in ins_flags
        )
        queries["insurance"] = (
            f"SELECT person_id, {cols} FROM insurance_enrollment i WHERE i.valid_from <= '{d}' "
            f"AND (i.valid_to IS NULL OR i.valid_to > '{d}') AND scheme IN ({_q(ins_flags)})"
            f"{r.who('i.person_id')} GROUP BY person_id",
            {"person_id": pl.Int64()},
        )
    elif ins_flags:
        codes = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(ins_flags))
        queries["insurance"] = (
            f"SELECT person_id, CASE scheme {codes} END AS code, valid_from, valid_to "
            f"FROM insurance_enrollment i WHERE {r.overlaps('i')} "
            f"AND scheme IN ({_q(ins_flags)}){r.who('i.person_id')}",
            {"person_id": pl.Int64(), "code": pl.Int32(), **_FACT_SCHEMA},
        )
    ytd, plan = needs.ytd_kinds, needs.plan_kinds
    kinds = sorted(set(ytd) | set(plan))
    if kinds:
        codes = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(kinds))
        year_start = date(r.days[0].year, 1, 1).isoformat()
        windows = []
        if ytd:
            windows.append(f"(delivered_on >= '{year_start}' AND kind IN ({_q(ytd)}))")
        if plan:
            windows.append(f"(delivered_on >= '{PLAN_START.isoformat()}' AND kind IN ({_q(plan)}))")
        queries["services"] = (
            f"SELECT person_id, CASE kind {codes} END AS code, delivered_on, quantity "
            f"FROM service_record WHERE delivered_on <= '{d}' AND ({' OR '.join(windows)})"
            f"{r.who('person_id')}",
            {
                "person_id": pl.Int64(),
                "code": pl.Int32(),
                "delivered_on": pl.Date(),
                "quantity": pl.Int64(),
            },
        )
    one_cert = (
        f" AND c.valid_from <= '{d}' AND (c.valid_to IS NULL OR c.valid_to > '{d}')"
        f" AND (c.issued IS NULL OR c.issued <= '{d}')"
        f" AND (c.valid_until IS NULL OR c.valid_until >= '{d}')"
    )
    queries["certs"] = (
        "SELECT c.person_id, c.category, c.grade"
        + ("" if r.one else ", c.valid_from, c.valid_to, c.issued, c.valid_until")
        + " FROM certificate c WHERE c.retracted_at IS NULL AND c.status = 'valid'"
        + (one_cert if r.one else " AND " + r.overlaps("c"))
        + r.who("c.person_id"),
        {
            "person_id": pl.Int64(),
            "category": pl.Int8(),
            "grade": pl.Int8(),
            "issued": pl.Date(),
            "valid_until": pl.Date(),
            **_FACT_SCHEMA,
        },
    )
    for col, (kind, _) in _FACTS.items():
        if col in names:
            queries[f"fact:{col}"] = (
                r.fact_sql(kind, where=r.who("f.person_id")),
                _FACT_SCHEMA,
            )
    need_flags = needs.flags("needs")
    if need_flags:
        bits = " ".join(f"WHEN '{v}' THEN {1 << i}" for i, v in enumerate(need_flags))
        queries["needs"] = (
            f"SELECT person_id, year, SUM(CASE kind {bits} ELSE 0 END) AS mask FROM need "
            f"WHERE year >= {r.days[0].year} AND year <= {r.days[-1].year} "
            f"AND kind IN ({_q(need_flags)}){r.who('person_id')} GROUP BY person_id, year",
            {"person_id": pl.Int64(), "year": pl.Int32(), "mask": pl.Int64()},
        )
    queries["death"] = (
        r.fact_sql("death", value=False, where=r.who("f.person_id")),
        _FACT_SCHEMA,
    )
    read = dict(zip(queries, read_frames(engine, list(queries.values())), strict=True))

    hukou = r.intervals(read.pop("hukou")).rename({"value": "hukou_region"})
    certs = read.pop("certs").with_columns(pl.lit(True).alias("_cert"))
    if r.one:
        certs = r.intervals(certs)
    else:
        until = pl.col("valid_until") + pl.duration(days=1)
        certs = (
            certs.with_columns(
                pl.max_horizontal("valid_from", pl.col("issued").fill_null(pl.col("valid_from"))),
                pl.min_horizontal("valid_to", until),
            )
            .pipe(r.intervals)
            .drop("issued", "valid_until")
        )
    death = r.intervals(read.pop("death"))
    facts = {col: r.intervals(read.pop(f"fact:{col}")) for col in _FACTS if f"fact:{col}" in read}
    people = read.get("people")
    need_rows = None
    if need_flags:
        need_rows = read.pop("needs").select(
            "person_id",
            "year",
            *(
                (pl.col("mask") & (1 << i) != 0).alias(f"needs:{v}")
                for i, v in enumerate(need_flags)
            ),
        )
    insurance = None
    ins_cols = [f"insurance:{v}" for v in ins_flags]
    if ins_flags and r.one:
        insurance = read.pop("insurance").with_columns(
            pl.col(f"insurance:{v}").cast(pl.Int64) for v in ins_flags
        )
    elif ins_flags:
        raw = r.intervals(read.pop("insurance"))
        insurance = pl.concat(
            [
                raw.select("person_id", pl.col("ks").alias("k"), "code", pl.lit(1).alias("v")),
                raw.filter(pl.col("ke") < k_count).select(
                    "person_id", pl.col("ke").alias("k"), "code", pl.lit(-1).alias("v")
                ),
            ]
        ).select(
            "person_id",
            "k",
            *(
                pl.when(pl.col("code") == i).then(pl.col("v")).otherwise(0).alias(f"insurance:{v}")
                for i, v in enumerate(ins_flags)
            ),
        )
    services: pl.DataFrame | None = None
    if kinds:
        services = read.pop("services").with_columns(r.index("delivered_on").alias("k"))

    # --- segments: change points per person -----------------------------------------------
    counted = (
        hukou.select("person_id")
        .unique()
        .join(certs.select("person_id").unique(), on="person_id", how="semi")
    )
    if r.one:
        segments = counted.with_columns(
            pl.lit(0, pl.Int32).alias("s"), pl.lit(1, pl.Int32).alias("e")
        )
    else:
        points = [counted.with_columns(pl.lit(0, pl.Int32).alias("k"))]
        for frame in (hukou, certs, death, *facts.values()):
            points.append(frame.select("person_id", pl.col("ks").alias("k")))
            points.append(frame.select("person_id", pl.col("ke").alias("k")))
        if insurance is not None:
            points.append(insurance.select("person_id", pl.col("k").cast(pl.Int32)))
        if services is not None:
            points.append(services.select("person_id", "k"))
        years = [i for i in range(1, k_count) if r.days[i].year != r.days[i - 1].year]
        if years and (need_flags or ytd or "age" in names):
            points.append(
                counted.join(pl.DataFrame({"k": years}, schema={"k": pl.Int32}), how="cross")
            )
        if "age" in names and people is not None:
            keys = pl.Series([x.year * 10000 + x.month * 100 + x.day for x in r.days])
            md = pl.col("birth_date").dt.month().cast(pl.Int32) * 100 + pl.col(
                "birth_date"
            ).dt.day().cast(pl.Int32)
            for y in range(r.days[0].year, r.days[-1].year + 1):
                points.append(
                    people.join(counted, on="person_id", how="semi").select(
                        "person_id",
                        (md + y * 10000)
                        .map_batches(lambda s: keys.search_sorted(s, side="left"), pl.UInt32)
                        .cast(pl.Int32)
                        .alias("k"),
                    )
                )
        # change points as one integer key person × (K+1) + index: one sort of one column
        key = pl.col("_key")
        segments = (
            pl.concat([p.lazy().select("person_id", pl.col("k").cast(pl.Int64)) for p in points])
            .filter(pl.col("k") < k_count)
            .select((pl.col("person_id") * m + pl.col("k")).alias("_key"))
            .unique()
            .sort("_key")
            .select((key // m).alias("person_id"), (key % m).cast(pl.Int32).alias("s"), key)
            .filter(pl.col("person_id").is_in(counted["person_id"].implode()))
            .with_columns(
                pl.when(pl.col("person_id") == pl.col("person_id").shift(-1))
                .then(pl.col("s").shift(-1))
                .otherwise(k_count)
                .cast(pl.Int32)
                .alias("e")
            )
            .select("person_id", "s", "e", key.set_sorted())
            .collect()
        )
        del points
    out = _asof(segments, hukou, m)
    del segments
    out = _asof(out, certs, m)
    out = _asof(out, death.with_columns(pl.lit(True).alias("_dead")), m)
    out = out.filter(
        pl.col("hukou_region").is_not_null(),
        pl.col("_cert").is_not_null(),
        pl.col("_dead").is_null(),
    ).drop("_cert", "_dead")
    for col, frame in facts.items():
        out = _asof(out, frame, m).with_columns(_FACTS[col][1].alias(col)).drop("value")
    out = out.with_columns(
        pl.col("s").replace_strict(dict(enumerate(r.days)), return_dtype=pl.Date).alias("_day"),
        pl.col("s")
        .replace_strict({i: x.year for i, x in enumerate(r.days)}, return_dtype=pl.Int32)
        .alias("_year"),
    )
    if insurance is not None and r.one:
        out = _attach(out, insurance, ["person_id"])
        out = out.with_columns((pl.col(c).fill_null(0) > 0).alias(c) for c in ins_cols)
        insurance = None
    if insurance is not None or services is not None:
        out = _with_running_sums(out, insurance, services, names, ins_flags, kinds, r, m)
    if people is not None:
        out = _attach(out, people, ["person_id"])
    if "age" in names:
        birth, day = pl.col("birth_date"), pl.col("_day")
        before = (day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)) < (
            birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)
        )
        out = out.with_columns(
            (
                day.dt.year().cast(pl.Int32)
                - birth.dt.year().cast(pl.Int32)
                - before.cast(pl.Int32)
            ).alias("age")
        )
    if need_rows is not None:
        out = _attach(
            out, need_rows.rename({"year": "_year"}), ["person_id", "_year"]
        ).with_columns(pl.col(f"needs:{v}").fill_null(False) for v in need_flags)
    for name in LISTS:  # a list used whole, rebuilt from its flags
        if name in names:
            out = out.with_columns(
                pl.concat_list(pl.when(pl.col(f"{name}:{v}")).then(pl.lit(v)) for v in LISTS[name])
                .list.drop_nulls()
                .alias(name)
            )
    return out


def _with_running_sums(
    out: pl.DataFrame,
    insurance: pl.DataFrame | None,
    services: pl.DataFrame | None,
    names: frozenset[str],
    ins_flags: list[str],
    kinds: list[str],
    r: _Reader,
    m: int,
) -> pl.DataFrame:
    """Insurance in force, and year-to-date and since-2021 services, at each segment start
    (only the columns ``names`` uses), from one table of running sums and one join.

    Each change (an insurance row starting or ending, a service) is a row at its (person,
    date index) key; sorted by the key, summed up each person's rows (year-to-date columns
    within the year of the index), the last row of each key holds the sums at that index.
    Whether a person had a service of a kind in a window is one bit of a mask column, set
    by the first such service only (so summing the bits is or-ing them).
    """
    if len(kinds) > 31:
        raise ValueError("the service flags hold at most 31 kinds (bits of a 32-bit sum)")
    code = {v: i for i, v in enumerate(kinds)}
    day_year = pl.Series([x.year for x in r.days], dtype=pl.Int32)
    k_year = (
        pl.col("k").map_batches(lambda s: day_year.gather(s), pl.Int32)
        if not r.one
        else pl.lit(r.days[0].year, pl.Int32)
    )
    # (output column, kind, a flag (n) or a quantity (q), window: year (y) or plan (p))
    wanted = [
        (out_col, v, what, window)
        for v in kinds
        for out_col, what, window in (
            (f"services:{v}", "n", "y"),
            (f"{v}_times", "q", "y"),
            (f"services_plan:{v}", "n", "p"),
            (f"{v}_times_plan", "q", "p"),
        )
        if out_col in names
    ]
    ins_cols = [f"insurance:{v}" for v in ins_flags] if insurance is not None else []
    parts = [] if insurance is None else [insurance]
    ytd_cols: list[str] = []
    run_cols = list(ins_cols)
    for window in ("y", "p"):
        picked = [w for w in wanted if w[3] == window]
        if services is None or not picked:
            continue
        rows = services.filter(
            pl.col("code").is_in(sorted({code[w[1]] for w in picked})),
            pl.col("delivered_on").dt.year().cast(pl.Int32) == k_year
            if window == "y"
            else pl.col("delivered_on") >= PLAN_START,
        )
        quantities = [w for w in picked if w[2] == "q"]
        if quantities:
            parts.append(
                rows.filter(pl.col("code").is_in([code[w[1]] for w in quantities])).select(
                    "person_id",
                    "k",
                    *(
                        pl.when(pl.col("code") == code[v])
                        .then(pl.col("quantity"))
                        .otherwise(0)
                        .alias(out_col)
                        for out_col, v, _, _ in quantities
                    ),
                )
            )
        mask = f"_{window}"  # the flags' bits; a quantity column is named as its output
        flags = [code[w[1]] for w in picked if w[2] == "n"]
        if flags:
            parts.append(
                rows.filter(pl.col("code").is_in(flags))
                .group_by("person_id", "code", *([k_year.alias("_ky")] if window == "y" else []))
                .agg(pl.col("k").min())
                .select(
                    "person_id",
                    "k",
                    pl.col("code")
                    .replace_strict({i: 1 << i for i in code.values()}, return_dtype=pl.Int32)
                    .alias(mask),
                )
            )
        added = [*(w[0] for w in quantities), *([mask] if flags else [])]
        (ytd_cols if window == "y" else run_cols).extend(added)
    if not parts:
        return out
    cols = [*run_cols, *ytd_cols]
    changes = pl.concat([p.lazy() for p in parts], how="diagonal").with_columns(
        pl.col("k").cast(pl.Int32), pl.col(cols).fill_null(0).cast(pl.Int32)
    )
    if r.one:
        right = changes.group_by("person_id").agg(pl.col(cols).sum()).collect()
        joined = _attach(
            out,
            right.with_columns(
                pl.col("person_id").alias("_pid"), pl.lit(r.days[0].year, pl.Int32).alias("_ky")
            ),
            ["person_id"],
        )
    else:
        key = pl.col("_key")
        sums = (
            _keyed(changes, "k", m)
            .pipe(_cum_sums, run_cols, ["person_id"])
            .with_columns(k_year.alias("_ky"))
            .pipe(_cum_sums, ytd_cols, ["person_id", "_ky"])
            .filter(key.ne_missing(key.shift(-1)))  # the last row of each key: its sums
            .select(pl.col("person_id").alias("_pid"), "_ky", *cols, key.set_sorted())
            .collect()
        )
        joined = out.join_asof(sums, on="_key", strategy="backward")
    pid_ok = (pl.col("_pid") == pl.col("person_id")).fill_null(False)
    ytd_ok = pid_ok & (pl.col("_ky") == pl.col("_year")).fill_null(False)

    def held(col: str, window: str) -> pl.Expr:
        return pl.when(pid_ok if window == "p" else ytd_ok).then(pl.col(col)).otherwise(0)

    return joined.with_columns(
        *((held(c, "p") > 0).alias(c) for c in ins_cols),
        *(
            (held(f"_{window}", window) & (1 << code[v]) != 0).alias(out_col)
            if what == "n"
            else held(out_col, window).cast(pl.Int64).alias(out_col)  # as PERSON_SCHEMA
            for out_col, v, what, window in wanted
        ),
    ).drop("_pid", "_ky", *(c for c in ("_y", "_p") if c in cols))
