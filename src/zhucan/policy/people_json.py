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
from decimal import Decimal
from typing import Any

import polars as pl

from zhucan.core.disability import parse_category, parse_grade
from zhucan.core.errors import InvalidValue
from zhucan.policy.evaluate import (
    CODE_SHIFT,
    FEN,
    KEY,
    Decisions,
    column,
    decide,
    failed_ids,
)
from zhucan.policy.fields import decimal_text
from zhucan.policy.frame_snapshot import snapshot_of
from zhucan.policy.people_canonical import split
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.resolve import PolicyKey
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


_PLAIN_MONEY = r"^[0-9]{1,20}(\.[0-9]{1,4})?$"


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
    """Parse each distinct value once; the parsed column and (row, value) of the bad ones.

    Plain amounts (digits, at most 4 decimals) are cast to decimals in one step.
    """
    given = frame.get_column(column)
    plain = None
    if parse is _money:
        simple = given.str.contains(_PLAIN_MONEY).fill_null(False)
        plain = given.zip_with(simple, pl.Series([None] * len(given), dtype=pl.String))
        given = given.zip_with(~simple, pl.Series([None] * len(given), dtype=pl.String))
    distinct = given.drop_nulls().unique().to_list()
    parsed = pl.Series([parse(v) for v in distinct], dtype=dtype)
    values = given.replace_strict(distinct, parsed, default=None)
    if plain is not None:
        values = plain.cast(dtype).fill_null(values)
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
    for name, parse, dtype, why in specs:
        values, errors = _parsed(frame, name, parse, dtype, why)
        columns.append(values)
        bad.append(errors)
    wrong_lists = []
    for i, p in enumerate(people):
        benefits = p.get("other_benefits")
        if benefits is None or (
            isinstance(benefits, list) and all(isinstance(b, str) for b in benefits)
        ):
            continue
        wrong_lists.append((i, str(benefits), "other_benefits", "应为文字列表"))
    bad.append(pl.DataFrame(wrong_lists, schema=["row", "value", "field", "reason"], orient="row"))
    benefits = frame.get_column("other_benefits").fill_null([])
    schema = {"row": pl.Int64(), "value": pl.String(), "field": pl.String(), "reason": pl.String()}
    typed = [b.select(pl.col(c).cast(t) for c, t in schema.items()) for b in bad]
    return pl.DataFrame([*columns, benefits]), pl.concat(typed)


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


def people_frame(
    people: list[Mapping[str, Any]], as_of: date, known_regions: KnownRegions | None = None
) -> tuple[pl.DataFrame, Errors]:
    """The snapshot of the valid people (person_id = input index + 1) and errors by index."""
    frame = pl.from_dicts(people, schema=_INPUT, strict=False).with_columns(
        pl.when(pl.col(n).str.strip_chars() != "").then(pl.col(n)).alias(n)
        for n in _INPUT
        if n != "other_benefits"
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
    extra, bad = _extras(frame, people)
    for row, value, field, reason in bad.sort("row").iter_rows():
        errors.setdefault(row, []).append(
            {"field": field, "value": value, "reason": f"{reason}：{value}"}
        )
    valid = pl.concat(parts).sort("row")
    if errors:
        valid = valid.filter(~pl.col("row").is_in(list(errors)))
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

    The evaluated people's objects are encoded by Polars, column by column (no Python
    object per person and program); only the few people with errors go through ``json``.
    """
    snap, errors = people_frame(people, as_of, known_regions)
    decisions = decide(policies, snap, as_of, reforms=list(reforms))
    ids = [
        c if c.__class__ is str and c else _text(c) for c in (p.get("citizen_id") for p in people)
    ]
    texts = pl.Series([None] * len(people), dtype=pl.String)
    frame = decisions.frame
    if frame.height:
        person = frame.get_column("person_id") - 1
        citizen = pl.DataFrame({"citizen_id": pl.Series(ids, dtype=pl.String).gather(person)})
        head = citizen.select(pl.struct("citizen_id").struct.json_encode()).to_series()
        parts: list[pl.Expr] = [pl.lit(head.str.strip_suffix("}")), pl.lit(', "programs": {')]
        for n, (program, fragments) in enumerate(_program_fragments(decisions)):
            parts += [pl.lit(", " if n else ""), pl.lit(json.dumps(program) + ": ")]
            parts += fragments
        parts.append(pl.lit("}}"))
        encoded = frame.select(pl.concat_str(parts)).to_series()
        texts = texts.scatter(person, encoded)
    missing = texts.is_null().arg_true().to_list()
    if missing:
        others = []
        for index in missing:
            entry: dict[str, Any] = {"citizen_id": ids[index], "programs": {}}
            if index in errors:
                entry["errors"] = errors[index]
            others.append(json.dumps(entry, ensure_ascii=False))
        texts = texts.scatter(missing, pl.Series(others, dtype=pl.String))
    # the joined text leaves Polars as UTF-8 bytes: no decoding into a Python str
    body = texts.str.join(", ").cast(pl.Binary).item() if len(texts) else b""
    return b"[" + body + b"]", len(errors)


def _yuan(fen: pl.Expr) -> pl.Expr:
    """Fen as exact yuan text (``-12.05``): the JSON number Python's ``fen / 100`` reads as."""
    whole = (fen.abs() // 100).cast(pl.String)
    cents = (fen.abs() % 100).cast(pl.String).str.zfill(2)
    return pl.concat_str(
        pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit("")), whole, pl.lit("."), cents
    )


def _program_fragments(decisions: Decisions) -> list[tuple[str, list[pl.Expr]]]:
    """Per program (in name order), the pieces of ``{"eligible": …, "amount": …, "policy":
    …, "version": …, "reasons": […]}``: everything but the amount depends only on the
    (key, failed checks) pair, so it is written once per pair that occurs and looked up."""
    codes = {
        pk.program: pl.col(column(pk.program, KEY)).cast(pl.Int64) * (1 << CODE_SHIFT)
        + decisions.mask(pk.program)
        for pk in decisions.programs
    }
    distinct = decisions.frame.select(
        c.unique().sort().implode().alias(p) for p, c in codes.items()
    ).row(0, named=True)
    out = []
    for pk in sorted(decisions.programs, key=lambda pk: pk.program):
        p = pk.program
        present = pl.Series(distinct[p], dtype=pl.Int64)
        before, after = [], []
        for code in present.to_list():
            key, mask = pk.keys[code >> CODE_SHIFT], code & ((1 << CODE_SHIFT) - 1)
            eligible = key is not None and mask == 0
            before.append(f'{{"eligible": {json.dumps(eligible)}, "amount": ')
            tail = {
                "policy": None if key is None else key.document.id,
                "version": None if key is None else key.version.id,
                "reasons": _reasons(key, mask),
            }
            after.append(", " + json.dumps(tail, ensure_ascii=False)[1:])
        index = pl.lit(present).search_sorted(codes[p])
        out.append(
            (
                p,
                [
                    pl.lit(pl.Series(before, dtype=pl.String)).gather(index),
                    _yuan(pl.col(column(p, FEN))),
                    pl.lit(pl.Series(after, dtype=pl.String)).gather(index),
                ],
            )
        )
    return out


def _reasons(key: PolicyKey | None, mask: int) -> list[str]:
    """Chinese reasons for one (key, failed-checks mask)."""
    if key is None:
        return ["本地区没有适用的政策"]
    v = key.version
    excluded = {c.id for c in v.exclusions}
    if mask == 0:
        return [f"符合：{c.zh}" for c in v.eligibility]
    failed = set(failed_ids(key, mask))
    return [
        f"{'排除' if c.id in excluded else '不符合'}：{c.zh}" for c in v.checks if c.id in failed
    ]
