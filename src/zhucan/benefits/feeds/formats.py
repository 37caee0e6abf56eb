"""The feed kinds, their columns and how their values map to registry facts (docs/feeds.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FeedKind(StrEnum):
    """Departments whose data is matched against the registry."""

    CIVIL_AFFAIRS = "civil_affairs"
    PUBLIC_SECURITY = "public_security"
    HUMAN_RESOURCES = "human_resources"
    MEDICAL_INSURANCE = "medical_insurance"

    @property
    def zh(self) -> str:
        """The department's Chinese name."""
        return {
            "civil_affairs": "民政",
            "public_security": "公安",
            "human_resources": "人力社保",
            "medical_insurance": "医保",
        }[self.value]


@dataclass(frozen=True)
class Column:
    """A column of a feed file: internal name, header texts accepted, required or not."""

    name: str
    headers: tuple[str, ...]
    required: bool = True


ID = Column("citizen_id", ("身份证号", "公民身份号码", "身份证号码", "证件号码"))
NAME = Column("name", ("姓名",))

COLUMNS: dict[FeedKind, tuple[Column, ...]] = {
    FeedKind.CIVIL_AFFAIRS: (
        ID,
        NAME,
        Column("status", ("救助类别", "保障类别")),
        Column("start", ("开始日期", "起始日期")),
        Column("end", ("结束日期", "终止日期"), required=False),
    ),
    FeedKind.PUBLIC_SECURITY: (
        ID,
        NAME,
        Column("change", ("变动类型",)),
        Column("start", ("变动日期",)),
        Column("new_region", ("迁入地区划代码", "迁入地代码"), required=False),
    ),
    FeedKind.HUMAN_RESOURCES: (
        ID,
        NAME,
        Column("benefit", ("待遇类型", "待遇项目")),
        Column("start", ("开始日期", "起始日期")),
        Column("end", ("结束日期", "终止日期"), required=False),
        Column("monthly", ("月金额", "月标准"), required=False),
    ),
    FeedKind.MEDICAL_INSURANCE: (
        ID,
        NAME,
        Column("benefit", ("险种",)),
        Column("status", ("参保状态",)),
        Column("start", ("变动日期", "开始日期")),
    ),
}

ASSISTANCE = {"低保": "dibao", "低保边缘": "dibao_edge", "特困": "tekun", "无": "none"}
DEATH = frozenset({"死亡", "注销（死亡）"})
MOVE = frozenset({"迁出", "户籍迁移", "迁移"})
HR_BENEFITS = frozenset({"工伤保险生活护理费", "基本养老金", "孤儿基本生活费", "老年护理补贴"})
MEDICAL = frozenset({"城乡居民基本医疗保险", "职工基本医疗保险"})
INSURED = {"参保": True, "停保": False, "终止参保": False}
