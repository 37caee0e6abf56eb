"""Policy evaluation for people given as JSON (CONTRACTS §3), without a database.

Each person is an object keyed by the import sheet's English aliases (CONTRACTS §2), plus
optional ``other_benefits``, ``institutional_care`` and the income and care facts. The
sheet fields go through the importer's own validation; a person with a bad field gets an
``errors`` entry and no programs. The rest are evaluated together, vectorized.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from zhucan.core.disability import parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.policy.evaluate import NO_POLICY, evaluate
from zhucan.policy.fields import decimal_text
from zhucan.policy.frame_snapshot import snapshot_of
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.facts import SELF_CARE_VALUES
from zhucan.registry.importing.headers import FIELDS
from zhucan.registry.importing.read import RawSheet, column_name
from zhucan.registry.importing.validate import validate
from zhucan.registry.importing.values import parse_yes_no

KnownRegions = Callable[[Iterable[str]], set[str]]
_SELF_CARE = {"完全不能自理": "none", "部分不能自理": "partial", "能自理": "full"}
_NAMES = [f.name for f in FIELDS]


_MONEY = ("household_income_per_head", "personal_income", "similar_allowance")
_INPUT: dict[str, pl.DataType] = {
    **{n: pl.String() for n in (*_NAMES, *_MONEY, "self_care", "institutional_care")},
    "other_benefits": pl.List(pl.String()),
}
Errors = dict[int, list[dict[str, str]]]


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _derived_certificate_no(person: Mapping[str, Any]) -> str | None:
    """The certificate number from ID, category and grade when the input leaves it out."""
    try:
        cat, grade = parse_category(person.get("category")), parse_grade(person.get("grade"))
    except (InvalidValue, TypeError, ValueError):
        return None
    return f"{str(person.get('citizen_id', '')).strip().upper()}{int(cat)}{int(grade)}"


def _money(text: str) -> Decimal | None:
    value = decimal_text(text)
    return value if value is not None and value >= 0 and value == round(value, 4) else None


def _care(text: str) -> str | None:
    value = _SELF_CARE.get(text.strip(), text.strip())
    return value if value in SELF_CARE_VALUES else None


def _yes_no(text: str) -> bool | None:
    try:
        return parse_yes_no(text)
    except InvalidValue:
        return None


def _parsed(
    frame: pl.DataFrame, column: str, parse: Callable[[str], Any], dtype: pl.DataType, why: str
) -> tuple[pl.Series, pl.DataFrame]:
    """Parse each distinct value once; the parsed column and (row, value) of the bad ones."""
    distinct = frame.get_column(column).drop_nulls().unique().to_list()
    parsed = pl.Series([parse(v) for v in distinct], dtype=dtype)
    values = frame.get_column(column).replace_strict(distinct, parsed, default=None)
    bad = frame.select(
        pl.int_range(frame.height).alias("row"), pl.col(column).alias("value")
    ).filter(pl.col("value").is_not_null() & values.is_null())
    return values.alias(column), bad.with_columns(
        pl.lit(column).alias("field"), pl.lit(why).alias("reason")
    )


def _extras(
    frame: pl.DataFrame, people: list[Mapping[str, Any]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts beyond the sheet, and the rows with a bad one."""
    money_why = "应为不小于 0 的金额（元/月，最多 4 位小数）"
    specs = [(c, _money, pl.Decimal(38, 4), money_why) for c in _MONEY] + [
        (
            "self_care",
            _care,
            pl.String(),
            "应为 none/partial/full 或 完全不能自理/部分不能自理/能自理",
        ),
        ("institutional_care", _yes_no, pl.Boolean(), "应为 是 或 否"),
    ]
    columns, bad = [], []
    for column, parse, dtype, why in specs:
        values, errors = _parsed(frame, column, parse, dtype, why)
        columns.append(values)
        bad.append(errors)
    wrong_lists = [
        (i, str(p["other_benefits"]), "other_benefits", "应为文字列表")
        for i, p in enumerate(people)
        if "other_benefits" in p
        and p["other_benefits"] is not None
        and not (
            isinstance(p["other_benefits"], list)
            and all(isinstance(b, str) for b in p["other_benefits"])
        )
    ]
    bad.append(pl.DataFrame(wrong_lists, schema=["row", "value", "field", "reason"], orient="row"))
    benefits = frame.get_column("other_benefits").fill_null([])
    schema = {"row": pl.Int64(), "value": pl.String(), "field": pl.String(), "reason": pl.String()}
    typed = [b.select(pl.col(c).cast(t) for c, t in schema.items()) for b in bad]
    return pl.DataFrame([*columns, benefits]), pl.concat(typed)


def people_frame(
    people: list[Mapping[str, Any]], as_of: date, known_regions: KnownRegions | None = None
) -> tuple[pl.DataFrame, Errors]:
    """The snapshot of the valid people (person_id = input index + 1) and errors by index."""
    frame = pl.from_dicts(people, schema=_INPUT, strict=False).with_columns(
        pl.when(pl.col(n).str.strip_chars() != "").then(pl.col(n)).alias(n)
        for n in _INPUT
        if n != "other_benefits"
    )
    missing = frame.get_column("certificate_no").is_null().arg_true().to_list()
    derived = pl.Series([_derived_certificate_no(people[i]) for i in missing], dtype=pl.String)
    frame = frame.with_columns(
        pl.col("name").fill_null("未填"),
        frame.get_column("certificate_no").scatter(missing, derived)
        if missing
        else pl.col("certificate_no"),
    )
    raw = frame.select(pl.col(n).alias(column_name(i)) for i, n in enumerate(_NAMES))
    sheet = RawSheet(_NAMES, raw, pl.Series(range(len(people)), dtype=pl.Int32))
    today = max(as_of, date.today())
    checked = validate(sheet, known_regions or (lambda codes: set(codes)), today=today)
    errors: Errors = {}
    for r in checked.rejected:
        errors.setdefault(r.row, []).append(
            {"field": r.column, "value": r.value, "reason": r.reason_zh}
        )
    extra, bad = _extras(frame, people)
    for row, value, field, reason in bad.sort("row").iter_rows():
        errors.setdefault(row, []).append(
            {"field": field, "value": value, "reason": f"{reason}：{value}"}
        )
    valid = checked.valid.filter(~pl.col("row").is_in(list(errors)))
    given = pl.concat([valid, extra[valid.get_column("row")]], how="horizontal")
    given = given.with_columns((pl.col("row").cast(pl.Int64) + 1).alias("person_id"))
    return snapshot_of(given, as_of), errors


def eval_people(
    policies: PolicySet,
    people: list[Mapping[str, Any]],
    as_of: date,
    reforms: Iterable[str] = (),
    known_regions: KnownRegions | None = None,
) -> list[dict[str, Any]]:
    """CONTRACTS §3 output: one object per input person, in input order."""
    snap, errors = people_frame(people, as_of, known_regions)
    decided = evaluate(policies, snap, as_of, reforms=list(reforms)).sort("person_id", "program")
    reasons = _reasons(policies, decided)
    out: list[dict[str, Any]] = [
        {"citizen_id": _text(p.get("citizen_id")), "programs": {}} for p in people
    ]
    for index, problems in errors.items():
        out[index]["errors"] = problems
    columns = [decided.get_column(c).to_list() for c in decided.columns]
    for pid, program, policy, version, eligible, fen, failed in zip(*columns, strict=True):
        out[pid - 1]["programs"][program] = {
            "eligible": eligible,
            "amount": fen / 100,
            "policy": policy,
            "version": version,
            "reasons": reasons[policy, version, eligible, tuple(failed)],
        }
    return out


def _reasons(policies: PolicySet, decided: pl.DataFrame) -> dict[tuple[Any, ...], list[str]]:
    """Chinese reasons for each distinct (policy, version, eligible, failed) that occurs."""
    out: dict[tuple[Any, ...], list[str]] = {}
    for policy, version, eligible, failed in (
        decided.select("policy", "version", "eligible", "failed").unique().iter_rows()
    ):
        key = (policy, version, eligible, tuple(failed))
        if policy is None or failed == [NO_POLICY]:
            out[key] = ["本地区没有适用的政策"]
            continue
        v = next(v for v in policies.get(policy).versions if v.id == version)
        excluded = {c.id for c in v.exclusions}
        if eligible:
            out[key] = [f"符合：{c.zh}" for c in v.eligibility]
        else:
            out[key] = [
                f"{'排除' if c.id in excluded else '不符合'}：{c.zh}"
                for c in v.checks
                if c.id in failed
            ]
    return out
