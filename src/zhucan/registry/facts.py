"""Fact kinds of the person file and how canonical-frame columns map to them."""

from __future__ import annotations

from enum import StrEnum


class FactKind(StrEnum):
    """Effective-dated facts kept per person (certificates have their own table)."""

    HUKOU_REGION = "hukou_region"
    HUKOU_TYPE = "hukou_type"
    RESIDENCE_REGION = "residence_region"
    ASSISTANCE = "assistance"
    LONG_TERM_CARE = "long_term_care"
    DEATH = "death"
    OTHER_BENEFIT = "other_benefit"
    INSTITUTIONAL_CARE = "institutional_care"
    HOUSEHOLD_INCOME_PER_HEAD = "household_income_per_head"
    PERSONAL_INCOME = "personal_income"
    SELF_CARE = "self_care"
    SIMILAR_ALLOWANCE = "similar_allowance"
    EMPLOYMENT = "employment"

    @property
    def zh(self) -> str:
        """The fact's Chinese label."""
        return _ZH[self]


_ZH = {
    FactKind.HUKOU_REGION: "户籍地",
    FactKind.HUKOU_TYPE: "户籍性质",
    FactKind.RESIDENCE_REGION: "居住地",
    FactKind.ASSISTANCE: "低保状态",
    FactKind.LONG_TERM_CARE: "需长期照护",
    FactKind.DEATH: "死亡",
    FactKind.OTHER_BENEFIT: "其他待遇",
    FactKind.INSTITUTIONAL_CARE: "机构托养",
    FactKind.HOUSEHOLD_INCOME_PER_HEAD: "家庭人均月收入",
    FactKind.PERSONAL_INCOME: "个人月收入",
    FactKind.SELF_CARE: "自理能力",
    FactKind.SIMILAR_ALLOWANCE: "已领同类护理补贴",
    FactKind.EMPLOYMENT: "就业",
}

# Values of the self-care fact: none 完全不能自理, partial 部分不能自理, full 能自理.
SELF_CARE_VALUES = ("none", "partial", "full")
# Facts whose value is a decimal amount in yuan per month (stored as text, 4 places at most).
DECIMAL_FACTS = (
    FactKind.HOUSEHOLD_INCOME_PER_HEAD,
    FactKind.PERSONAL_INCOME,
    FactKind.SIMILAR_ALLOWANCE,
)

# Single-valued facts taken from the canonical person frame: frame column -> kind.
FRAME_FACTS: dict[str, FactKind] = {
    "hukou_region": FactKind.HUKOU_REGION,
    "hukou_type": FactKind.HUKOU_TYPE,
    "residence_region": FactKind.RESIDENCE_REGION,
    "assistance": FactKind.ASSISTANCE,
    "needs_long_term_care": FactKind.LONG_TERM_CARE,
}
