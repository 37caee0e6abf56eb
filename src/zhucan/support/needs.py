"""Kinds of need (需求) counted by the plans' indicators, with their Chinese labels."""

from __future__ import annotations

from enum import StrEnum

from zhucan.core.errors import InvalidValue


class NeedKind(StrEnum):
    """What a person needs in a year (from the annual survey or a home visit)."""

    REHABILITATION = "rehabilitation"
    ASSISTIVE_DEVICE = "assistive_device"
    HOME_ACCESSIBILITY = "home_accessibility"
    CARE = "care"
    EMPLOYMENT = "employment"
    TRAINING = "training"
    EDUCATION = "education"
    CULTURE_SPORT = "culture_sport"
    FAMILY_DOCTOR = "family_doctor"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _ZH[self]


_ZH = {
    NeedKind.REHABILITATION: "康复",
    NeedKind.ASSISTIVE_DEVICE: "辅助器具",
    NeedKind.HOME_ACCESSIBILITY: "无障碍改造",
    NeedKind.CARE: "托养/照护",
    NeedKind.EMPLOYMENT: "就业",
    NeedKind.TRAINING: "职业培训",
    NeedKind.EDUCATION: "教育",
    NeedKind.CULTURE_SPORT: "文体",
    NeedKind.FAMILY_DOCTOR: "家庭医生签约",
}


def parse_need_kind(raw: str) -> NeedKind:
    """A need kind from its code or Chinese label.

    >>> parse_need_kind("康复"), parse_need_kind("assistive_device").zh
    (<NeedKind.REHABILITATION: 'rehabilitation'>, '辅助器具')
    """
    text = raw.strip()
    for kind in NeedKind:
        if text in (kind.value, kind.zh):
            return kind
    known = "、".join(k.zh for k in NeedKind)
    raise InvalidValue(f"未知的需求类别：{raw}（可选：{known}）", f"unknown need kind: {raw}")
