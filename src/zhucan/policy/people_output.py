"""The CONTRACTS §3 output text of evaluated people, written by Polars.

A person's object is ``{"citizen_id": …, "programs": {…}}``; everything after the citizen
ID depends only on, per program, the (key, failed checks) pair and the amount. People
share these few combinations ("shapes": hundreds among 100,000 people), so the text of
each shape that occurs is written once, over the distinct shapes, and each person's
object is their quoted citizen ID followed by their shape's text (a gather of string
views, no copying per person and program).
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from zhucan.core.money import yuan_text
from zhucan.policy.evaluate import FEN, Decisions, column, failed_ids, split_code
from zhucan.policy.resolve import PolicyKey

# characters JSON must escape in a string; citizen IDs without them are quoted directly
_ESCAPED = r'["\\\x00-\x1f]'
_SHAPE = "_shape"


def people_text(decisions: Decisions, citizen_ids: pl.Series, others: dict[int, str]) -> bytes:
    """The whole output list as UTF-8 JSON: at position ``person_id - 1`` the object of each
    row of ``decisions.frame``, at position ``i`` the JSON text ``others[i]`` (together they
    fill every position of ``citizen_ids``, which holds each position's citizen ID).

    The list is one ``str.join`` of string views — ``[``, each person's quoted ID and shape
    text, the separators, ``]`` — so the text is copied once in Polars and once out.
    """
    n = len(citizen_ids)
    if n == 0:
        return b"[]"
    frame = decisions.frame
    rows = (frame.get_column("person_id") - 1).to_numpy()
    if frame.height:
        shape, texts = _shapes(decisions)
    else:
        shape, texts = np.zeros(0, dtype=np.int64), pl.Series([], dtype=pl.String)
    heads = pl.select(
        pl.concat_str(pl.lit('{"citizen_id":'), _quoted(citizen_ids.gather(rows)))
    ).to_series()
    where = np.fromiter(others, dtype=np.int64, count=len(others))
    fixed = pl.Series(["[", ", ", "]", ""], dtype=pl.String)
    pieces = pl.concat(
        [fixed, heads, texts, pl.Series(list(others.values()), dtype=pl.String)], rechunk=True
    )
    first = np.empty(n, dtype=np.int64)
    second = np.full(n, 3, dtype=np.int64)  # the empty string after another's text
    first[rows] = np.arange(len(fixed), len(fixed) + len(rows))
    second[rows] = shape + (len(fixed) + len(heads))
    first[where] = np.arange(len(where)) + (len(fixed) + len(heads) + len(texts))
    index = np.empty(3 * n + 1, dtype=np.int64)
    index[0] = 0
    index[1::3] = first
    index[2::3] = second
    index[3::3] = 1
    index[-1] = 2
    # the joined text leaves Polars as UTF-8 bytes: no decoding into a Python str
    text: bytes = pieces.gather(index).str.join("").cast(pl.Binary).item()
    return text


def _shapes(decisions: Decisions) -> tuple[np.ndarray, pl.Series]:
    """Each row's shape (index into the texts) and the text of each shape that occurs:
    ``, "programs": {…}}`` with every program's object."""
    frame = decisions.frame
    programs = sorted(decisions.programs, key=lambda pk: pk.program)
    codes = frame.select(
        *(decisions.code(pk.program).alias(f"c{n}") for n, pk in enumerate(programs)),
        *(pl.col(column(pk.program, FEN)).alias(f"f{n}") for n, pk in enumerate(programs)),
    )
    shape = codes.select(pl.struct(pl.all()).rank("dense").cast(pl.Int64) - 1).to_series()
    shapes = (
        codes.with_columns(shape.alias(_SHAPE))
        .filter(pl.col(_SHAPE).is_first_distinct())
        .sort(_SHAPE)
    )
    parts: list[pl.Expr] = [pl.lit(', "programs": {')]
    for n, pk in enumerate(programs):
        before, after = _fragments(pk.keys, shapes.get_column(f"c{n}"))
        parts += [pl.lit(", " if n else ""), pl.lit(json.dumps(pk.program) + ": ")]
        parts += [before, yuan_text(f"f{n}"), after]  # the JSON number fen / 100 reads as
    parts.append(pl.lit("}}"))
    return shape.to_numpy(), shapes.select(pl.concat_str(parts)).to_series()


def _quoted(citizen_ids: pl.Series) -> pl.Expr:
    """The citizen IDs as JSON strings (``null`` for none), as Polars' JSON encoder writes
    them; quoted directly unless one needs escaping."""
    if citizen_ids.str.contains(_ESCAPED).any():
        encoded = pl.DataFrame({"citizen_id": citizen_ids}).select(
            pl.struct("citizen_id").struct.json_encode()
        )
        prefix = len('{"citizen_id":')
        return pl.lit(encoded.to_series().str.slice(prefix).str.strip_suffix("}"))
    return pl.concat_str(pl.lit('"'), pl.lit(citizen_ids), pl.lit('"')).fill_null("null")


def _fragments(keys: tuple[PolicyKey | None, ...], code: pl.Series) -> tuple[pl.Expr, pl.Expr]:
    """For each (key, failed checks) code, the text before the amount
    (``{"eligible": …, "amount": ``) and after it (``, "policy": …, "version": …,
    "reasons": […]}``), each written once per distinct code."""
    present = code.unique().sort()
    before, after = [], []
    for at, mask in map(split_code, present.to_list()):
        key = keys[at]
        eligible = key is not None and mask == 0
        before.append(f'{{"eligible": {json.dumps(eligible)}, "amount": ')
        tail = {
            "policy": None if key is None else key.document.id,
            "version": None if key is None else key.version.id,
            "reasons": _reasons(key, mask),
        }
        after.append(", " + json.dumps(tail, ensure_ascii=False)[1:])
    index = present.search_sorted(code)
    return (
        pl.lit(pl.Series(before, dtype=pl.String).gather(index)),
        pl.lit(pl.Series(after, dtype=pl.String).gather(index)),
    )


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
