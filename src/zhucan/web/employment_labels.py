"""Display helpers of the employment pages: money, ratios and coded values in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhucan.employment.levy import TIERS
from zhucan.employment.review import STATUSES

OUTCOMES = {"hired": "已录用", "rejected": "未录用", "withdrawn": "本人放弃", "referred": "已推荐"}
INSURANCE = {"paid": "已缴纳", "not_paid": "未缴纳", "unknown": "无社保数据"}


def yuan(fen: int | None) -> str:
    """Fen as yuan with two decimals and thousands separators.

    >>> yuan(12150000), yuan(None)
    ('121,500.00', '')
    """
    return "" if fen is None else f"{fen / 100:,.2f}"


def percent(ratio: Decimal | float | str | None) -> str:
    """A ratio as a percentage with up to three decimals.

    >>> percent(Decimal("0.015")), percent(None)
    ('1.5%', '')
    """
    if ratio is None:
        return ""
    value = (Decimal(str(ratio)) * 100).quantize(Decimal("0.001")).normalize()
    return f"{value:f}%"


def tier_text(tier: str | None, lang: str) -> str:
    """The levy tier in words."""
    if tier is None:
        return ""
    zh, en = TIERS.get(tier, (tier, tier))
    return en if lang == "en" else zh


def status_text(status: str | None, lang: str) -> str:
    """A declared employee's verification result in words ("" before the review)."""
    if status is None:
        return ""
    zh, en = STATUSES.get(status, (status, status))
    return en if lang == "en" else zh


def review_year(year: int | None) -> int:
    """The year to show: the one asked for, else last year (reviews are of a past year)."""
    return year or date.today().year - 1
