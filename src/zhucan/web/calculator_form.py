"""The calculator's questions: parsing the answers into the facts the policies read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhucan.core.dates import add_years
from zhucan.policy.doctests import default_person

ASSISTANCE = {"none": "都不是", "dibao": "低保", "dibao_edge": "低保边缘", "tekun": "特困"}
SELF_CARE = {
    "none": "完全不能自理",
    "partial": "部分不能自理",
    "full": "能自理",
    "unknown": "还没有评定",
}
INJURY_CARE = "工伤保险生活护理费"
FIELDS = (
    "province", "city", "county", "code", "age", "category", "grade", "assistance",
    "long_term_care", "self_care", "institutional_care", "injury_care",
)  # fmt: skip


@dataclass
class Answers:
    """What the visitor answered (text as typed) and the errors tied to each question."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """The answer to one question ("" if none)."""
        return self.values.get(name, "")

    def _number(self, name: str, low: int, high: int, message: str) -> int | None:
        text = self.get(name).strip()
        if text.isdigit() and low <= int(text) <= high:
            return int(text)
        self.errors[name] = message
        return None

    def _choice(self, name: str, allowed: dict[str, str] | tuple[str, ...], message: str) -> str:
        if self.get(name) in allowed:
            return self.get(name)
        self.errors[name] = message
        return ""

    def facts(self, region: str | None, today: date) -> dict[str, Any] | None:
        """The facts of a person answering so (None when an answer is missing or wrong)."""
        if region is None and "code" not in self.errors:
            self.errors["code"] = "请选择户籍所在的县（市、区），或填写区划代码"
        age = self._number("age", 0, 120, "请填写年龄（0 到 120 之间的整数）")
        category = self._number("category", 1, 7, "请选择残疾类别")
        grade = self._number("grade", 1, 4, "请选择残疾等级")
        assistance = self._choice("assistance", ASSISTANCE, "请选择家庭的救助情况")
        care = self._choice("long_term_care", ("yes", "no"), "请选择是否需要长期照护")
        self_care = self._choice("self_care", SELF_CARE, "请选择自理能力")
        institution = self._choice("institutional_care", ("yes", "no"), "请选择是否在机构托养")
        injury = self._choice("injury_care", ("yes", "no"), "请选择是否领取工伤保险生活护理费")
        if self.errors or region is None or age is None:
            return None
        return {
            **default_person(today),
            "hukou_region": region,
            "age": age,
            "birth_date": add_years(today, -age),
            "category": category,
            "grade": grade,
            "assistance": assistance,
            "needs_long_term_care": care == "yes",
            "self_care": None if self_care == "unknown" else self_care,
            "institutional_care": institution == "yes",
            "other_benefits": [INJURY_CARE] if injury == "yes" else [],
        }
