"""Kinds of service delivered, insurance schemes, facilities and employment status."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from zhucan.core.errors import InvalidValue


class ServiceKind(StrEnum):
    """A service delivered to a person (the need kinds, plus services the plans count)."""

    REHABILITATION = "rehabilitation"
    ASSISTIVE_DEVICE = "assistive_device"
    HOME_ACCESSIBILITY = "home_accessibility"
    CARE = "care"
    EMPLOYMENT = "employment"
    TRAINING = "training"
    EDUCATION = "education"
    CULTURE_SPORT = "culture_sport"
    FAMILY_DOCTOR = "family_doctor"
    PSYCHIATRIC_MEDICATION = "psychiatric_medication"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _SERVICE_ZH[self]


_SERVICE_ZH = {
    ServiceKind.REHABILITATION: "康复服务",
    ServiceKind.ASSISTIVE_DEVICE: "辅助器具适配",
    ServiceKind.HOME_ACCESSIBILITY: "家庭无障碍改造",
    ServiceKind.CARE: "托养/照护",
    ServiceKind.EMPLOYMENT: "就业服务",
    ServiceKind.TRAINING: "职业培训",
    ServiceKind.EDUCATION: "教育安置",
    ServiceKind.CULTURE_SPORT: "文体服务",
    ServiceKind.FAMILY_DOCTOR: "家庭医生签约",
    ServiceKind.PSYCHIATRIC_MEDICATION: "免费服用基本抗精神病药物",
}


class InsuranceScheme(StrEnum):
    """Insurance a person is enrolled in (参保)."""

    PENSION = "pension"
    MEDICAL = "medical"
    ACCIDENT = "accident"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"pension": "城乡居民基本养老保险", "medical": "城乡居民基本医疗保险"}.get(
            self.value, "意外伤害保险"
        )


class FacilityKind(StrEnum):
    """Facilities and created accessible places the plans count."""

    DISABILITY_HOME = "disability_home"
    CARE_INSTITUTION = "care_institution"
    CHILD_REHAB = "child_rehab"
    BLIND_MASSAGE = "blind_massage"
    ACCESSIBLE_COMMUNITY = "accessible_community"
    ACCESSIBLE_VILLAGE = "accessible_village"
    ACCESSIBLE_SCENIC_AREA = "accessible_scenic_area"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _FACILITY_ZH[self]


_FACILITY_ZH = {
    FacilityKind.DISABILITY_HOME: "残疾人之家",
    FacilityKind.CARE_INSTITUTION: "残疾人托养机构",
    FacilityKind.CHILD_REHAB: "残疾儿童康复机构",
    FacilityKind.BLIND_MASSAGE: "盲人按摩机构",
    FacilityKind.ACCESSIBLE_COMMUNITY: "无障碍社区",
    FacilityKind.ACCESSIBLE_VILLAGE: "无障碍村",
    FacilityKind.ACCESSIBLE_SCENIC_AREA: "无障碍景区",
}

#: Values of the registry's ``employment`` fact recorded by support (jobs write ``employed:…``).
EMPLOYMENT_STATUSES = {
    "employed": "按比例/集中就业",
    "self_employed": "个体/自主创业",
    "flexible": "灵活就业/辅助性就业",
    "agriculture": "农村种养殖",
    "unemployed": "未就业",
}


E = TypeVar("E", bound=StrEnum)


def parse_kind(enum: type[E], raw: str) -> E:
    """A member of ``enum`` from its code or Chinese label.

    >>> parse_kind(ServiceKind, "辅助器具适配"), parse_kind(FacilityKind, "child_rehab").zh
    (<ServiceKind.ASSISTIVE_DEVICE: 'assistive_device'>, '残疾儿童康复机构')
    """
    text = raw.strip()
    for kind in enum:
        if text in (kind.value, getattr(kind, "zh", kind.value)):
            return kind
    known = "、".join(str(getattr(k, "zh", k.value)) for k in enum)
    raise InvalidValue(f"未知的类别：{raw}（可选：{known}）", f"unknown kind: {raw}")
