"""Policy evaluation for people given as JSON (CONTRACTS §3), without a database.

Each person is an object keyed by the import sheet's English aliases (CONTRACTS §2), plus
optional ``other_benefits``, ``institutional_care`` and the income and care facts. The
sheet fields go through the importer's own validation; a person with a bad field gets an
``errors`` entry and no programs. The rest are evaluated together, vectorized.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import methodcaller
from typing import Any

import numpy as np
import polars as pl

from zhucan.core.disability import parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.policy.evaluate import decide
from zhucan.policy.frame_snapshot import snapshot_of
from zhucan.policy.people_canonical import split
from zhucan.policy.people_extras import MONEY, benefit_lists, extras
from zhucan.policy.people_output import people_text
from zhucan.policy.policy_set import PolicySet
from zhucan.registry.importing.headers import FIELDS
from zhucan.registry.importing.read import RawSheet, column_name
from zhucan.registry.importing.validate import validate

KnownRegions = Callable[[Iterable[str]], set[str]]
_NAMES = [f.name for f in FIELDS]


_TEXT: dict[str, pl.DataType] = {
    n: pl.String() for n in (*_NAMES, *MONEY, "self_care", "institutional_care")
}
Errors = dict[int, list[dict[str, str]]]
_CITIZEN_ID = methodcaller("get", "citizen_id")


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _derived_certificate_no(person: Mapping[str, Any]) -> str | None:
    """The certificate number from ID, category and grade when the input leaves it out."""
    try:
        cat, grade = parse_category(person.get("category")), parse_grade(person.get("grade"))
    except (InvalidValue, TypeError, ValueError):
        return None
    return f"{str(person.get('citizen_id', '')).strip().upper()}{int(cat)}{int(grade)}"


def _certificate_numbers(frame: pl.DataFrame, people: list[Mapping[str, Any]]) -> pl.Series:
    """The certificate numbers, derived from ID, category and grade where left out.

    Vectorized: category and grade are parsed once per distinct value; a person without a
    citizen ID keeps the derivation of the text they gave (one at a time, they are rare).
    """
    given = frame.get_column("certificate_no")
    if given.null_count() == 0:
        return given

    def digit(column: str, parse: Callable[[Any], int]) -> pl.Series:
        values = frame.get_column(column)
        distinct = values.drop_nulls().unique().to_list()
        parsed: list[str | None] = []
        for v in distinct:
            try:
                parsed.append(str(int(parse(v))))
            except (InvalidValue, TypeError, ValueError):
                parsed.append(None)
        return values.replace_strict(distinct, pl.Series(parsed, dtype=pl.String), default=None)

    cid = frame.get_column("citizen_id").str.strip_chars().str.to_uppercase()
    derived = (
        pl.DataFrame(
            {"c": cid, "k": digit("category", parse_category), "g": digit("grade", parse_grade)}
        )
        .select(pl.concat_str("c", "k", "g"))
        .to_series()
    )
    out = given.fill_null(derived)
    odd = (given.is_null() & cid.is_null()).arg_true().to_list()
    if odd:
        values = [_derived_certificate_no(people[i]) for i in odd]
        out = out.scatter(odd, pl.Series(values, dtype=pl.String))
    return out.alias("certificate_no")


def input_frame(people: list[Mapping[str, Any]]) -> pl.DataFrame:
    """The input fields as given, one row per person (values that are not text as text),
    with the columns of :func:`people_extras.benefit_lists`."""
    frame = pl.from_dicts(people, schema=_TEXT, strict=False)
    return frame.hstack(benefit_lists(people))


def _snapshot(
    given: pl.DataFrame,
    people: list[Mapping[str, Any]],
    as_of: date,
    known_regions: KnownRegions | None,
) -> tuple[pl.DataFrame, Errors]:
    """The snapshot of the valid people of ``people`` (their :func:`input_frame`
    ``given``; person_id = input index + 1, no masked identity) and errors by index."""
    frame = given.with_columns(
        pl.when(pl.col(n).str.strip_chars() != "").then(pl.col(n)).alias(n) for n in _TEXT
    )
    frame = frame.with_columns(
        pl.col("name").fill_null("未填"), _certificate_numbers(frame, people)
    )
    today = max(as_of, date.today())
    sheet_fields = frame.select(*_NAMES, pl.int_range(frame.height, dtype=pl.Int32).alias("row"))
    fast, slow = split(sheet_fields, today, known_regions)
    errors: Errors = {}
    parts = [fast]
    if slow.any():
        rest = sheet_fields.filter(slow)
        raw = rest.select(pl.col(n).alias(column_name(i)) for i, n in enumerate(_NAMES))
        sheet = RawSheet(_NAMES, raw, rest.get_column("row"))
        checked = validate(sheet, known_regions or (lambda codes: set(codes)), today=today)
        for r in checked.rejected:
            errors.setdefault(r.row, []).append(
                {"field": r.column, "value": r.value, "reason": r.reason_zh}
            )
        parts.append(checked.valid.select(fast.columns).cast(fast.schema))
    extra, bad = extras(frame)
    for row, value, field, reason in bad.sort("row").iter_rows():
        errors.setdefault(row, []).append(
            {"field": field, "value": value, "reason": f"{reason}：{value}"}
        )
    valid = pl.concat(parts).sort("row")
    if errors:
        valid = valid.filter(~pl.col("row").is_in(list(errors)))
    given = pl.concat([valid, extra[valid.get_column("row")]], how="horizontal")
    given = given.with_columns((pl.col("row").cast(pl.Int64) + 1).alias("person_id"))
    return snapshot_of(given, as_of, identity=False), errors


def eval_people(
    policies: PolicySet,
    people: list[Mapping[str, Any]],
    as_of: date,
    reforms: Iterable[str] = (),
    known_regions: KnownRegions | None = None,
) -> list[dict[str, Any]]:
    """CONTRACTS §3 output: one object per input person, in input order."""
    text, _ = eval_people_json(policies, people, as_of, reforms, known_regions)
    result: list[dict[str, Any]] = json.loads(text)
    return result


def eval_people_json(
    policies: PolicySet,
    people: list[Mapping[str, Any]],
    as_of: date,
    reforms: Iterable[str] = (),
    known_regions: KnownRegions | None = None,
) -> tuple[bytes, int]:
    """The CONTRACTS §3 output as UTF-8 JSON, and how many people had bad fields.

    The evaluated people's objects are encoded by Polars (``people_output``: no Python
    object per person and program); only the few people with errors go through ``json``.
    """
    given = input_frame(people)
    snap, errors = _snapshot(given, people, as_of, known_regions)
    decisions = decide(policies, snap, as_of, reforms=list(reforms))
    ids = _citizen_ids(given, people)
    others: dict[int, str] = {}  # the people not evaluated: their objects by position
    if decisions.frame.height < len(people):
        evaluated = decisions.frame.get_column("person_id").to_numpy() - 1
        for index in np.setdiff1d(np.arange(len(people)), evaluated).tolist():
            entry: dict[str, Any] = {"citizen_id": ids[index], "programs": {}}
            if index in errors:
                entry["errors"] = errors[index]
            others[index] = json.dumps(entry, ensure_ascii=False)
    return people_text(decisions, ids, others), len(errors)


def _citizen_ids(given: pl.DataFrame, people: list[Mapping[str, Any]]) -> pl.Series:
    """Each input person's citizen ID as given (text; null when absent or empty)."""
    if set(map(type, map(_CITIZEN_ID, people))) <= {str, type(None)}:
        column = given.get_column("citizen_id")
        return given.select(pl.when(column != "").then(column)).to_series()
    ids = [_text(p.get("citizen_id")) for p in people]
    return pl.Series("citizen_id", ids, dtype=pl.String)
