"""Forms of the person pages: parsing and checking what a caseworker typed.

Each check returns a message id (translated in the template) tied to its field, so the
page can show the message next to the field and link them with ``aria-describedby``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from zhucan.core.dates import parse_date
from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.registry.facts import FactKind
from zhucan.web.labels import REGION_FACTS, VALUE_ZH

DECIMAL_KINDS = ("household_income_per_head", "personal_income", "similar_allowance")
VALUE_HINTS = {
    "hukou_region": "请填写 12 位行政区划代码",
    "residence_region": "请填写 12 位行政区划代码",
    "hukou_type": "请填写“城镇”或“农村”",
    "assistance": "请填写：无、低保、低保边缘 或 特困",
    "long_term_care": "请填写“是”或“否”",
    "institutional_care": "请填写“是”或“否”",
    "death": "请填写死亡日期，如 2024-05-01",
    "self_care": "请填写：完全不能自理、部分不能自理 或 能自理",
    "household_income_per_head": "请填写金额（元/月），如 1200.50",
    "personal_income": "请填写金额（元/月），如 1200.50",
    "similar_allowance": "请填写金额（元/月），如 1200.50",
}


@dataclass
class FactForm:
    """The "record a change" form of the person file."""

    kind: str = ""
    value: str = ""
    valid_from: str = ""
    source: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    clean_value: str = ""
    clean_from: date | None = None

    def validate(self) -> bool:
        """Check every field; fill ``errors`` and the cleaned values."""
        self.errors.clear()
        try:
            FactKind(self.kind)
        except ValueError:
            self.errors["kind"] = "请选择变更项目"
        else:
            self._check_value()
        try:
            self.clean_from = parse_date(self.valid_from)
        except InvalidValue:
            self.errors["valid_from"] = "请填写有效的生效日期，如 2024-05-01"
        if not self.source.strip():
            self.errors["source"] = "请填写信息来源或依据"
        elif len(self.source) > 200:
            self.errors["source"] = "信息来源不能超过 200 个字"
        return not self.errors

    def _check_value(self) -> None:
        text = self.value.strip()
        if self.kind in VALUE_ZH:
            by_label = {label: code for code, label in VALUE_ZH[self.kind].items()}
            code = by_label.get(text, text)
            if code in VALUE_ZH[self.kind]:
                self.clean_value = code
                return
        elif self.kind in REGION_FACTS:
            try:
                self.clean_value = normalize_region_code(text)
                return
            except InvalidValue:
                pass
        elif self.kind == "death":
            try:
                self.clean_value = parse_date(text).isoformat()
                return
            except InvalidValue:
                pass
        elif self.kind in DECIMAL_KINDS:
            try:
                amount = Decimal(text)
            except InvalidOperation:
                amount = Decimal(-1)
            if amount >= 0 and amount == amount.quantize(Decimal("0.0001")):
                self.clean_value = str(amount)
                return
        elif 0 < len(text) <= 100:
            self.clean_value = text
            return
        self.errors["value"] = VALUE_HINTS.get(self.kind, "请填写变更后的内容（不超过 100 字）")


def fact_kinds() -> list[tuple[str, str]]:
    """The kinds a caseworker may record: (code, Chinese label)."""
    return [(k.value, k.zh) for k in FactKind]
