"""Match the sheet's header texts to the fields of the import contract (CONTRACTS §2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.importing.read import column_letter
from zhucan.registry.importing.values import halfwidth


@dataclass(frozen=True)
class Field:
    """One column of the import sheet: its field name, Chinese header and other accepted names."""

    name: str
    header: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", required=True),
    Field("citizen_id", "身份证号", required=True, synonyms=("公民身份号码", "身份证号码")),
    Field("certificate_no", "残疾证号", required=True, synonyms=("残疾人证号",)),
    Field("category", "残疾类别"),
    Field("grade", "残疾等级"),
    Field("certificate_issued", "发证日期"),
    Field("certificate_valid_until", "有效期至"),
    Field("hukou_region", "户籍区划代码", required=True),
    Field("hukou_type", "户籍性质"),
    Field("residence_region", "居住区划代码"),
    Field("phone", "联系电话"),
    Field("assistance", "低保状态"),
    Field("household_head_id", "户主身份证号"),
    Field("needs_long_term_care", "需长期照护"),
    Field("death_date", "死亡日期"),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)

_SPACES = re.compile(r"\s+")
# Template decorations: a required-marker star, a (必填)/(选填) note.
_DECORATION = re.compile(r"^\*+|\*+$|\((必填|选填|可选|必须)\)$")


def normalize_header(text: str) -> str:
    """Header text as compared: half-width, no spaces, lower case, template marks removed.

    >>> normalize_header(" 身份证 号　"), normalize_header("＊姓名（必填）")
    ('身份证号', '姓名')
    >>> normalize_header("Citizen ID"), normalize_header("certificate-no")
    ('citizen_id', 'certificate_no')
    """
    text = halfwidth(text).strip()
    text = _SPACES.sub("_", text).strip("_").lower()
    text = _DECORATION.sub("", text).strip("_")
    if re.search(r"[^\x00-\x7f]", text):  # Chinese: spaces inside are padding
        text = text.replace("_", "")
    return text.replace("-", "_")


_LOOKUP: dict[str, str] = {}
for _f in FIELDS:
    for _text in (_f.header, _f.name, *_f.synonyms):
        _LOOKUP[normalize_header(_text)] = _f.name


@dataclass(frozen=True)
class HeaderMatch:
    """Which column holds each field, and the columns that match no field."""

    columns: dict[str, int]
    unknown: list[str]


def describe_column(headers: list[str], index: int) -> str:
    """A header as shown to the user; a column without a header is named by its letter.

    >>> describe_column(["姓名", ""], 1)
    '第B列（无表头）'
    """
    return headers[index] or f"第{column_letter(index)}列（无表头）"


def match_headers(headers: list[str]) -> HeaderMatch:
    """Map fields to column indexes; UnusableFile for a missing required or a repeated column."""
    columns: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    unknown: list[str] = []
    for index, text in enumerate(headers):
        field = _LOOKUP.get(normalize_header(text)) if text else None
        if field is None:
            unknown.append(describe_column(headers, index))
        elif field in columns:
            repeated.setdefault(field, [columns[field]]).append(index)
        else:
            columns[field] = index
    if repeated:
        parts_zh, parts_en = [], []
        for field, indexes in repeated.items():
            shown = "、".join(f"“{headers[i]}”（第{column_letter(i)}列）" for i in indexes)
            parts_zh.append(f"{FIELD_BY_NAME[field].header}：{shown}")
            listed = ", ".join(f"'{headers[i]}' (column {column_letter(i)})" for i in indexes)
            parts_en.append(f"{field}: {listed}")
        raise UnusableFile(
            "表头中有重复的列，请只保留一列：" + "；".join(parts_zh),
            "the header repeats a column; keep only one: " + "; ".join(parts_en),
        )
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        zh = "、".join(FIELD_BY_NAME[f].header for f in missing)
        en = ", ".join(f"{FIELD_BY_NAME[f].header} ({f})" for f in missing)
        raise UnusableFile(
            f"缺少必填列：{zh}。请检查第一行表头的写法", f"missing required column(s): {en}"
        )
    return HeaderMatch(columns=columns, unknown=unknown)
