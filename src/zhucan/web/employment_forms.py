"""Forms of the job pages: finding the person typed, checking a posting's fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from zhucan.access.scope import Actor
from zhucan.core.disability import Category, Grade
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.employment.matching import ACCOMMODATIONS
from zhucan.registry.search import search_persons


def person_by_number(engine: Engine, actor: Actor, text: str) -> int:
    """The id of the person in scope with this citizen ID or certificate number."""
    number = text.strip()
    if len(number) not in (18, 20):
        raise InvalidValue("请填写完整的身份证号或残疾人证号", "give a full citizen ID")
    with engine.connect() as conn:
        found = search_persons(conn, actor, number)
    if len(found) != 1:
        raise InvalidValue(
            "名册中没有此人，或不在您的辖区内", "no such person in your jurisdiction"
        )
    return int(found[0]["id"])


def words(text: str) -> list[str]:
    """Comma- or space-separated words (Chinese or ASCII commas).

    >>> words("电脑操作，客服, 打字")
    ['电脑操作', '客服', '打字']
    """
    return [w for w in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if w]


def category_choices() -> list[tuple[int, str]]:
    """(value, Chinese name) of each disability category."""
    return [(c.value, c.zh) for c in Category]


def grade_choices() -> list[tuple[int, str]]:
    """(value, Chinese name) of each disability grade."""
    return [(g.value, g.zh) for g in Grade]


@dataclass
class PostingForm:
    """The "publish a posting" form."""

    credit_code: str = ""
    title: str = ""
    region: str = ""
    categories: list[int] = field(default_factory=list)
    grades: list[int] = field(default_factory=list)
    skills: str = ""
    accommodations: list[str] = field(default_factory=list)
    openings: str = "1"
    errors: dict[str, str] = field(default_factory=dict)

    def validate(self, employers: set[str]) -> bool:
        """Check each field against the choices offered; fill ``errors``."""
        self.errors.clear()
        if self.credit_code not in employers:
            self.errors["credit_code"] = "请选择本辖区的用人单位"
        if not self.title.strip():
            self.errors["title"] = "请填写岗位名称"
        try:
            self.region = normalize_region_code(self.region)
        except InvalidValue:
            self.errors["region"] = "请填写 12 位行政区划代码"
        if not self.categories or not set(self.categories) <= {c.value for c in Category}:
            self.errors["categories"] = "请至少选择一个适合的残疾类别"
        if not self.grades or not set(self.grades) <= {g.value for g in Grade}:
            self.errors["grades"] = "请至少选择一个适合的残疾等级"
        if not set(self.accommodations) <= set(ACCOMMODATIONS):
            self.errors["accommodations"] = "便利条件无效"
        if not (self.openings.isdigit() and 1 <= int(self.openings) <= 999):
            self.errors["openings"] = "招聘人数应为 1–999 的整数"
        return not self.errors
