"""超比例奖励: a reward for employers above the required ratio — an example rule.

No national rule fixes the amount; provinces and cities set their own. Our example: for
each whole person (grade 1–2 counted twice) above ``staff × required ratio``, a fixed sum
per year. ``EXAMPLE_RULE`` is NOT from a public source: a deployment must set its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from zhucan.core.money import to_fen


@dataclass(frozen=True)
class RewardRule:
    """A fixed reward per whole extra person per year, in fen."""

    per_extra_person_fen: int
    example: bool = True  # True: not from a public source


EXAMPLE_RULE = RewardRule(per_extra_person_fen=to_fen("5000"))
MICRO = 1_000_000


def extra_persons(counted: pl.Expr, staff: pl.Expr, required_ratio_micro: pl.Expr) -> pl.Expr:
    """Whole persons above the quota (never negative), exactly in integers.

    >>> frame = pl.DataFrame({"c": [4, 1, 3], "s": [100, 100, 200]})
    >>> frame.select(extra_persons(pl.col("c"), pl.col("s"), pl.lit(15_000)))["c"].to_list()
    [2, 0, 0]
    """
    over = counted * MICRO - staff * required_ratio_micro
    return pl.when(over > 0).then(over // MICRO).otherwise(0)


def reward_fen(
    rule: RewardRule, counted: pl.Expr, staff: pl.Expr, required_ratio_micro: pl.Expr
) -> pl.Expr:
    """The reward of each employer in fen."""
    return extra_persons(counted, staff, required_ratio_micro) * rule.per_extra_person_fen
