"""Masking of personal data for display and export (citizen IDs, phones, names, certificates).

Every function keeps a fixed head and tail and replaces each character in between with
``*``, so the masked value has the same length as the original.  Values too short to
keep both head and tail safely are masked entirely.  The Polars expressions give the
same result as the scalar functions, for bulk export.
"""

from __future__ import annotations

import re

import polars as pl

_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"(.*[-\s])(\d{5,})")
_MOBILE_PATTERN = r"^1\d{10}$"
_LANDLINE_PATTERN = r"^(.*[-\s])(\d{5,})$"


def _keep(value: str, head: int, tail: int) -> str:
    """``value`` with all but ``head`` leading and ``tail`` trailing characters masked."""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_citizen_id(citizen_id: str) -> str:
    """The citizen ID with only the 6-digit region code and the last 4 characters shown.

    >>> mask_citizen_id("330102199001011234")
    '330102********1234'
    >>> mask_citizen_id("33010219900101123X")
    '330102********123X'
    >>> mask_citizen_id("12345")
    '*****'
    """
    return _keep(citizen_id, 6, 4)


def mask_phone(phone: str) -> str:
    """A mobile number with the middle 4 digits masked, a landline with its local number masked.

    >>> mask_phone("13812345678")
    '138****5678'
    >>> mask_phone("0578-1234567")
    '0578-***4567'
    >>> mask_phone("010 12345678")
    '010 ****5678'
    >>> mask_phone("12345")
    '*2345'
    """
    if _MOBILE.fullmatch(phone):
        return _keep(phone, 3, 4)
    landline = _LANDLINE.fullmatch(phone)
    if landline:
        return landline.group(1) + _keep(landline.group(2), 0, 4)
    return _keep(phone, 0, 4)


def mask_name(name: str) -> str:
    """The name with only its first and (for three or more characters) last character shown.

    >>> mask_name("张三丰")
    '张*丰'
    >>> mask_name("张三")
    '张*'
    >>> mask_name("欧阳娜娜")
    '欧**娜'
    >>> mask_name("张")
    '*'
    """
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return _keep(name, 1, 1)


def mask_certificate_no(certificate_no: str) -> str:
    """The disability certificate number (20 characters) with its first and last 6 shown.

    >>> mask_certificate_no("33010219900101123442")
    '330102********123442'
    """
    return _keep(certificate_no, 6, 6)


def _keep_expr(value: pl.Expr, head: int, tail: int) -> pl.Expr:
    """The Polars version of :func:`_keep` (character-based, null stays null)."""
    length = value.str.len_chars()
    middle = value.str.slice(head, length - head - tail).str.replace_all("(?s).", "*")
    kept = pl.concat_str(value.str.slice(0, head), middle, value.str.slice(-tail, tail))
    return pl.when(length <= head + tail).then(value.str.replace_all("(?s).", "*")).otherwise(kept)


def mask_citizen_id_expr(col: str) -> pl.Expr:
    """A Polars expression masking column ``col`` like :func:`mask_citizen_id`.

    >>> df = pl.DataFrame({"id": ["330102199001011234", None]})
    >>> df.select(mask_citizen_id_expr("id"))["id"].to_list()
    ['330102********1234', None]
    """
    return _keep_expr(pl.col(col), 6, 4).alias(col)


def mask_phone_expr(col: str) -> pl.Expr:
    """A Polars expression masking column ``col`` like :func:`mask_phone`.

    >>> df = pl.DataFrame({"tel": ["13812345678", "0578-1234567", None]})
    >>> df.select(mask_phone_expr("tel"))["tel"].to_list()
    ['138****5678', '0578-***4567', None]
    """
    value = pl.col(col)
    prefix = value.str.extract(_LANDLINE_PATTERN, 1)
    local = value.str.extract(_LANDLINE_PATTERN, 2)
    return (
        pl.when(value.str.contains(_MOBILE_PATTERN))
        .then(_keep_expr(value, 3, 4))
        .when(prefix.is_not_null())
        .then(pl.concat_str(prefix, _keep_expr(local, 0, 4)))
        .otherwise(_keep_expr(value, 0, 4))
        .alias(col)
    )
