"""Region choices of the calculator: provinces (GB/T 2260), and cities and counties from the DB."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from zhucan.core.errors import InvalidValue
from zhucan.core.region_code import normalize_region_code
from zhucan.registry.regions import children, region_exists_many

PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}


def region_choices(engine: Engine, province: str, city: str) -> dict[str, list[dict[str, Any]]]:
    """The cities of the chosen province and the counties of the chosen city (if loaded)."""
    out: dict[str, list[dict[str, Any]]] = {"cities": [], "counties": []}
    with engine.connect() as conn:
        if province in PROVINCES:
            out["cities"] = children(conn, province)
        if city.isdigit() and len(city) == 12 and city.startswith(province):
            out["counties"] = children(conn, city)
    return out


def chosen_region(engine: Engine, code: str, county: str) -> str | None:
    """The 12-digit 户籍 code typed or chosen; None when neither is given.

    A typed code must be well formed, and must exist when the region table is loaded.
    """
    text = code.strip() or county.strip()
    if not text:
        return None
    normalized = normalize_region_code(text)
    with engine.connect() as conn:
        known_any = bool(children(conn, normalized[:2]))
        if known_any and not region_exists_many(conn, [normalized]):
            raise InvalidValue("区划代码不存在", "no such region code")
    return normalized
