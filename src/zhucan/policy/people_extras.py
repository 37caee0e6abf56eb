"""The facts beyond the import sheet in ``policy eval`` input, parsed over whole columns.

Incomes and allowances (yuan per month), self-care, institutional care and other benefits.
Plain amounts (digits, at most 4 decimals) are cast to decimals in one step; every other
distinct value is parsed once in Python. All columns are parsed in one Polars query; the
rows with a bad value (rare) are listed only when there are some.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import chain
from operator import methodcaller
from typing import Any

import polars as pl
import pyarrow as pa

from zhucan.core.errors import InvalidValue
from zhucan.policy.fields import decimal_text
from zhucan.registry.facts import SELF_CARE_VALUES
from zhucan.registry.importing.values import parse_yes_no

MONEY = ("household_income_per_head", "personal_income", "similar_allowance")
_SELF_CARE = {"完全不能自理": "none", "部分不能自理": "partial", "能自理": "full"}
_PLAIN_MONEY = r"^[0-9]{1,20}(\.[0-9]{1,4})?$"
_BENEFITS = methodcaller("get", "other_benefits")
BENEFITS_ERROR = "_other_benefits_error"
_BAD: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "value": pl.String(),
    "field": pl.String(),
    "reason": pl.String(),
}


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


_MONEY_WHY = "应为不小于 0 的金额（元/月，最多 4 位小数）"
_SPECS: list[tuple[str, Callable[[str], Any], pl.DataType, str]] = [
    *((c, _money, pl.Decimal(38, 4), _MONEY_WHY) for c in MONEY),
    ("self_care", _care, pl.String(), "应为 none/partial/full 或 完全不能自理/部分不能自理/能自理"),
    ("institutional_care", _yes_no, pl.Boolean(), "应为 是 或 否"),
]


def extras(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts beyond the sheet, and the rows with a bad one (row, value, field, reason).

    ``frame`` has the input fields as text (null when empty) and the columns of
    :func:`benefit_lists`.
    """
    plain = {c: pl.col(c).str.contains(_PLAIN_MONEY).fill_null(False) for c in MONEY}
    odd = frame.select(
        (pl.col(name).filter(~plain[name]) if name in plain else pl.col(name))
        .drop_nulls()
        .unique()
        .implode()
        for name, *_ in _SPECS
    ).row(0, named=True)
    values = []
    for name, parse, dtype, _why in _SPECS:
        distinct = odd[name]
        parsed = pl.Series([parse(v) for v in distinct], dtype=dtype)
        value = (
            pl.col(name).replace_strict(distinct, parsed, default=None, return_dtype=dtype)
            if distinct
            else pl.lit(None, dtype)
        )
        if name in plain:
            value = (
                pl.when(plain[name]).then(pl.col(name).cast(dtype, strict=False)).otherwise(value)
            )
        values.append(value.alias(name))
    out = frame.select(*values, pl.col("other_benefits").fill_null([]))
    given = [(name, frame.get_column(name), why) for name, _parse, _dtype, why in _SPECS]
    flags = [out.get_column(name).is_null() & values.is_not_null() for name, values, _ in given]
    given.append(("other_benefits", frame.get_column(BENEFITS_ERROR), "应为文字列表"))
    flags.append(given[-1][1].is_not_null())
    if not any(f.any() for f in flags):
        return out, pl.DataFrame(schema=_BAD)
    parts = [
        pl.DataFrame({"row": f.arg_true(), "value": values.filter(f)}, schema_overrides=_BAD)
        .with_columns(pl.lit(name).alias("field"), pl.lit(why).alias("reason"))
        .select(pl.col(c).cast(t) for c, t in _BAD.items())
        for f, (name, values, why) in zip(flags, given, strict=True)
    ]
    return out, pl.concat(parts)


def benefit_lists(people: list[Mapping[str, Any]]) -> list[pl.Series]:
    """The ``other_benefits`` column (List(String), null when absent) and ``BENEFITS_ERROR``:
    the given value as text where it is not a list of texts (else null).

    Nearly always every value is a list of texts or absent, which is checked at C speed and
    converted by Arrow; otherwise each value is looked at.
    """
    given = list(map(_BENEFITS, people))
    lists = set(map(type, given)) <= {list, type(None)}
    if lists and set(map(type, chain.from_iterable(filter(None, given)))) <= {str}:
        column = pl.from_arrow(pa.array(given, type=pa.list_(pa.string())))
        assert isinstance(column, pl.Series)
        return [
            column.alias("other_benefits"),
            pl.repeat(None, len(given), dtype=pl.String, eager=True).alias(BENEFITS_ERROR),
        ]
    schema = {"other_benefits": pl.List(pl.String())}
    errors = [None if b is None or _text_list(b) else str(b) for b in given]
    return [
        pl.from_dicts(people, schema=schema, strict=False).to_series(),
        pl.Series(BENEFITS_ERROR, errors, dtype=pl.String),
    ]


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)
