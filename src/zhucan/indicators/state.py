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
rewritten to a boolean column ``list:x`` so no list column is built.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl
from sqlalchemy import Engine

from zhucan.indicators.history import PLAN_START
from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.ast_nodes import Type, names_in
from zhucan.storage.bulk import read_frame
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
    "institutional_care": ("institutional_care", (pl.col("value") == "true").fill_null(False)),
    "needs_long_term_care": ("long_term_care", (pl.col("value") == "true").fill_null(False)),
    "employed": (
        "employment",
        (pl.col("value").is_not_null() & (pl.col("value") != "unemployed")).fill_null(False),
    ),
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

    def read(self, sql: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        return read_frame(self.engine, sql, schema)

    def fact(self, kind: str, value: bool = True, where: str = "") -> pl.DataFrame:
        one = (
            f" AND f.valid_from <= '{self.hi}' AND (f.valid_to IS NULL OR f.valid_to > '{self.hi}')"
        )
        sql = (
            f"SELECT f.person_id{', f.value' if value else ''}{self.span_cols('f')} FROM fact f "
            f"WHERE f.kind = '{kind}' AND f.retracted_at IS NULL {where}"
            f"{one if self.one else ' AND ' + self.overlaps('f')}"
        )
        dates = {"valid_from": pl.Date(), "valid_to": pl.Date()}
        return self.intervals(self.read(sql, {"person_id": pl.Int64(), **dates}))


def _cum_sums(frame: pl.DataFrame, cols: Sequence[str], by: Sequence[str]) -> pl.DataFrame:
    """Running sums of ``cols`` within runs of equal ``by`` (``frame`` sorted by them).

    A plain running sum less its value where the run begins: no window over a million
    groups (``cum_sum().over`` is several times slower).
    """
    if not cols:
        return frame
    first = functools.reduce(operator.or_, [pl.col(b).ne_missing(pl.col(b).shift(1)) for b in by])
    return frame.with_columns(
        (
            pl.col(c).cum_sum()
            - pl.when(first).then(pl.col(c).cum_sum() - pl.col(c)).forward_fill()
        ).alias(c)
        for c in cols
    )


def _keyed(frame: pl.DataFrame, k: str, m: int) -> pl.DataFrame:
    return frame.with_columns((pl.col("person_id") * m + pl.col(k)).alias("_key")).sort("_key")


def _asof(segments: pl.DataFrame, right: pl.DataFrame, m: int) -> pl.DataFrame:
    """For each segment the row of ``right`` (person_id, ks, ke, …) holding at its start."""
    if m == 2:  # one date: every row holds on it
        right = right.drop("ks", "ke")
        if right.height != right["person_id"].n_unique():  # two rows in force: keep one
            right = right.unique("person_id", keep="last", maintain_order=True)
        return segments.join(right, on="person_id", how="left")
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
    # 户籍 under the prefix, certificate valid, not dead
    hukou = r.fact("hukou_region", where=f"AND f.value LIKE '{prefix}%'").rename(
        {"value": "hukou_region"}
    )
    one_cert = (
        f" AND c.valid_from <= '{d}' AND (c.valid_to IS NULL OR c.valid_to > '{d}')"
        f" AND (c.issued IS NULL OR c.issued <= '{d}')"
        f" AND (c.valid_until IS NULL OR c.valid_until >= '{d}')"
    )
    certs = r.read(
        "SELECT c.person_id, c.category, c.grade"
        + ("" if r.one else ", c.valid_from, c.valid_to, c.issued, c.valid_until")
        + " FROM certificate c WHERE c.retracted_at IS NULL AND c.status = 'valid'"
        + (one_cert if r.one else " AND " + r.overlaps("c"))
        + r.who("c.person_id"),
        {
            "person_id": pl.Int64(),
            "category": pl.Int8(),
            "grade": pl.Int8(),
            "valid_from": pl.Date(),
            "valid_to": pl.Date(),
            "issued": pl.Date(),
            "valid_until": pl.Date(),
        },
    )
    certs = certs.with_columns(pl.lit(True).alias("_cert"))
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
    death = r.fact("death", value=False, where=r.who("f.person_id"))
    facts = {
        col: r.fact(kind, where=r.who("f.person_id"))
        for col, (kind, _) in _FACTS.items()
        if col in names
    }
    person_cols = [c for c in ("birth_date", "sex", "household_id") if c in names]
    if "age" in names:
        person_cols.append("birth_date")
    person_cols = sorted(set(person_cols))
    people = (
        r.read(
            f"SELECT id AS person_id, {', '.join(person_cols)} FROM person WHERE 1=1" + r.who("id"),
            {"person_id": pl.Int64(), "birth_date": pl.Date(), "household_id": pl.Int64()},
        )
        if person_cols
        else None
    )
    need_flags = needs.flags("needs")
    need_rows = None
    if need_flags:
        bits = " ".join(f"WHEN '{v}' THEN {1 << i}" for i, v in enumerate(need_flags))
        need_rows = r.read(
            f"SELECT person_id, year, SUM(CASE kind {bits} ELSE 0 END) AS mask FROM need "
            f"WHERE year >= {r.days[0].year} AND year <= {r.days[-1].year} "
            f"AND kind IN ({_q(need_flags)}){r.who('person_id')} GROUP BY person_id, year",
            {"person_id": pl.Int64(), "year": pl.Int32(), "mask": pl.Int64()},
        ).select(
            "person_id",
            "year",
            *(
                (pl.col("mask") & (1 << i) != 0).alias(f"needs:{v}")
                for i, v in enumerate(need_flags)
            ),
        )
    ins_flags = needs.flags("insurance")
    insurance = None
    if ins_flags and r.one:
        cols = ", ".join(
            f"MAX(CASE WHEN scheme = '{v}' THEN 1 ELSE 0 END) AS \"insurance:{v}\""
            for v in ins_flags
        )
        insurance = r.read(
            f"SELECT person_id, {cols} FROM insurance_enrollment i WHERE i.valid_from <= '{d}' "
            f"AND (i.valid_to IS NULL OR i.valid_to > '{d}') AND scheme IN ({_q(ins_flags)})"
            f"{r.who('i.person_id')} GROUP BY person_id",
            {"person_id": pl.Int64()},
        ).with_columns(pl.col(f"insurance:{v}").cast(pl.Int64) for v in ins_flags)
    elif ins_flags:
        codes = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(ins_flags))
        raw = r.intervals(
            r.read(
                f"SELECT person_id, CASE scheme {codes} END AS code, valid_from, valid_to "
                f"FROM insurance_enrollment i WHERE {r.overlaps('i')} "
                f"AND scheme IN ({_q(ins_flags)}){r.who('i.person_id')}",
                {
                    "person_id": pl.Int64(),
                    "code": pl.Int32(),
                    "valid_from": pl.Date(),
                    "valid_to": pl.Date(),
                },
            )
        )
        deltas = pl.concat(
            [
                raw.select("person_id", pl.col("ks").alias("k"), "code", pl.lit(1).alias("v")),
                raw.filter(pl.col("ke") < k_count).select(
                    "person_id", pl.col("ke").alias("k"), "code", pl.lit(-1).alias("v")
                ),
            ]
        )
        insurance = (
            deltas.group_by("person_id", "k")
            .agg(
                (pl.col("v").filter(pl.col("code") == i).sum().alias(f"insurance:{v}"))
                for i, v in enumerate(ins_flags)
            )
            .sort("person_id", "k")
            .pipe(_cum_sums, [f"insurance:{v}" for v in ins_flags], ["person_id"])
        )
    ytd, plan = needs.ytd_kinds, needs.plan_kinds
    services: pl.DataFrame | None = None
    kinds: list[str] = []
    if ytd or plan:
        kinds = sorted(set(ytd) | set(plan))
        codes = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(kinds))
        year_start = date(r.days[0].year, 1, 1).isoformat()
        windows = []
        if ytd:
            windows.append(f"(delivered_on >= '{year_start}' AND kind IN ({_q(ytd)}))")
        if plan:
            windows.append(f"(delivered_on >= '{PLAN_START.isoformat()}' AND kind IN ({_q(plan)}))")
        services = r.read(
            f"SELECT person_id, CASE kind {codes} END AS code, delivered_on, quantity "
            f"FROM service_record WHERE delivered_on <= '{d}' AND ({' OR '.join(windows)})"
            f"{r.who('person_id')}",
            {
                "person_id": pl.Int64(),
                "code": pl.Int32(),
                "delivered_on": pl.Date(),
                "quantity": pl.Int64(),
            },
        ).with_columns(r.index("delivered_on").alias("k"))

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
        if isinstance(insurance, pl.DataFrame) and not r.one:
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
        segments = (
            pl.concat([p.select("person_id", pl.col("k").cast(pl.Int32)) for p in points])
            .join(counted, on="person_id", how="semi")
            .filter(pl.col("k") < k_count)
            .unique()
            .sort("person_id", "k")
            .select(
                "person_id",
                pl.col("k").alias("s"),
                pl.when(pl.col("person_id") == pl.col("person_id").shift(-1))
                .then(pl.col("k").shift(-1))
                .otherwise(k_count)
                .alias("e"),
            )
        )
    if not r.one:
        segments = _keyed(segments, "s", m)
    out = _asof(segments, hukou, m)
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
    if insurance is not None:
        flags = [f"insurance:{v}" for v in ins_flags]
        if r.one:
            out = out.join(insurance, on="person_id", how="left")
        else:
            ins = _keyed(insurance.with_columns(pl.col("k").cast(pl.Int32)), "k", m).rename(
                {"person_id": "_pid"}
            )
            out = (
                out.join_asof(ins.drop("k"), on="_key", strategy="backward")
                .with_columns(
                    pl.when(pl.col("_pid") == pl.col("person_id")).then(pl.col(c)).otherwise(0)
                    for c in flags
                )
                .drop("_pid")
            )
        out = out.with_columns((pl.col(c).fill_null(0) > 0).alias(c) for c in flags)
    if services is not None:
        out = _with_services(out, services, kinds, ytd, plan, r, m)
    if people is not None:
        out = out.join(people, on="person_id", how="left")
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
        out = out.join(
            need_rows.rename({"year": "_year"}), on=["person_id", "_year"], how="left"
        ).with_columns(pl.col(f"needs:{v}").fill_null(False) for v in need_flags)
    for name in LISTS:  # a list used whole, rebuilt from its flags
        if name in names:
            out = out.with_columns(
                pl.concat_list(pl.when(pl.col(f"{name}:{v}")).then(pl.lit(v)) for v in LISTS[name])
                .list.drop_nulls()
                .alias(name)
            )
    return out


def _join_events(out: pl.DataFrame, events: pl.DataFrame, m: int) -> pl.DataFrame:
    """The cumulative event row at or before each segment start (``_pid`` = its person)."""
    if m == 2:
        right = events.drop("k", "_key").with_columns(pl.col("_pid").alias("person_id"))
        return out.join(right, on="person_id", how="left")
    return out.join_asof(events.drop("k"), on="_key", strategy="backward")


def _with_services(
    out: pl.DataFrame,
    events: pl.DataFrame,
    kinds: list[str],
    ytd: list[str],
    plan: list[str],
    r: _Reader,
    m: int,
) -> pl.DataFrame:
    """Year-to-date and since-2021 service counts and quantities at each segment start."""
    code = {v: i for i, v in enumerate(kinds)}
    day_year = pl.Series([x.year for x in r.days], dtype=pl.Int32)

    def wide(frame: pl.DataFrame, wanted: list[str], suffix: str, by: list[str]) -> pl.DataFrame:
        aggs = []
        for v in wanted:
            hit = pl.col("code") == code[v]
            aggs.append(hit.sum().cast(pl.Int64).alias(f"_n{suffix}:{v}"))
            aggs.append(
                pl.col("quantity").filter(hit).sum().cast(pl.Int64).alias(f"_q{suffix}:{v}")
            )
        cols = [c for v in wanted for c in (f"_n{suffix}:{v}", f"_q{suffix}:{v}")]
        grouped = frame.group_by("person_id", "k", *by).agg(aggs)
        if r.one:
            return grouped
        return grouped.sort("person_id", "k").pipe(_cum_sums, cols, ["person_id", *by])

    if ytd:
        year = pl.col("delivered_on").dt.year().cast(pl.Int32)
        this = events.filter(
            pl.col("code").is_in([code[v] for v in ytd]),
            year == pl.col("k").map_batches(lambda s: day_year.gather(s), pl.Int32)
            if not r.one
            else year == r.days[0].year,
        ).with_columns(year.alias("_ey"))
        w = _keyed(wide(this, ytd, "y", ["_ey"]), "k", m).rename({"person_id": "_pid"})
        out = _join_events(out, w, m)
        same = (pl.col("_pid") == pl.col("person_id")) & (pl.col("_ey") == pl.col("_year"))
        out = out.with_columns(
            pl.when(same.fill_null(False)).then(pl.col(c)).otherwise(0).alias(c)
            for v in ytd
            for c in (f"_ny:{v}", f"_qy:{v}")
        ).drop("_pid", "_ey")
        out = out.with_columns(
            *((pl.col(f"_ny:{v}") > 0).alias(f"services:{v}") for v in ytd),
            *(pl.col(f"_qy:{v}").alias(f"{v}_times") for v in ytd),
        )
    if plan:
        since = events.filter(
            pl.col("code").is_in([code[v] for v in plan]), pl.col("delivered_on") >= PLAN_START
        )
        w = _keyed(wide(since, plan, "p", []), "k", m).rename({"person_id": "_pid"})
        out = _join_events(out, w, m)
        same = pl.col("_pid") == pl.col("person_id")
        out = out.with_columns(
            pl.when(same.fill_null(False)).then(pl.col(c)).otherwise(0).alias(c)
            for v in plan
            for c in (f"_np:{v}", f"_qp:{v}")
        ).drop("_pid")
        out = out.with_columns(
            *((pl.col(f"_np:{v}") > 0).alias(f"services_plan:{v}") for v in plan),
            *(pl.col(f"_qp:{v}").alias(f"{v}_times_plan") for v in plan),
        )
    return out
