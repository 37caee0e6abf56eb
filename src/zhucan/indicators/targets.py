"""The quantified targets of the plans shipped with Zhucan (CONTRACTS §4).

Each plan is one YAML file in ``plans/`` named after its id. A file holds the plan's
identity and a list of targets::

    plan: lishui-2021-2025              # the id, equal to the file name
    name: 丽水市残疾人事业发展“十四五”规划  # the title as the document writes it
    issuer: 丽水市残疾人联合会
    document_number: null               # e.g. 晋政发〔2022〕9号 where the document has one
    published: "2021-12-16"
    period_start: 2021
    period_end: 2025
    source_file: 000_a1e747283835999b.txt  # the seed document the targets were read from
    targets:
      - indicator: living_subsidy_coverage   # stable snake_case id, shared across plans
        name: 困难残疾人生活补贴覆盖率          # the plan's own words
        unit: "%"                            # %, 人, 人次, 户, 个, 家, 名, …
        baseline: 99                         # number or null
        baseline_year: 2020                  # null when there is no baseline
        target: 99                           # number or null (then target_text is set)
        target_text: null                    # the plan's words when the target is not a number
        comparator: ">"                      # ">", ">=", "=", "<=" or null
        attribute: 约束性                     # 约束性 / 预期性 for table rows, else null
        year: 2025                           # the target year
        source_section: "一、总体要求 / (二)发展目标 / …"
        source_quote: "困难残疾人生活补贴覆盖率\\n\\n99%\\n\\n>99%\\n\\n约束性"
        note: null                           # optional: why an ambiguous target reads so

The comparator rules are written at the top of every file. A file that breaks any rule
is refused with the file name and the reason, in Chinese and English.

>>> [p.plan for p in load_plans()]  # doctest: +NORMALIZE_WHITESPACE
['lishui-2021-2025', 'banan-2021-2025', 'jiaxing-2021-2025', 'shanxi-2021-2025',
 'zhejiang-2023']
>>> row = next(r for r in plan_targets("jiaxing-2021-2025") if r["indicator"] == "employment_rate")
>>> row["baseline"], row["comparator"], row["target"], row["attribute"]
(60, '>=', 68, '预期性')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from zhucan.core.errors import InvalidValue, NotFound

PLANS_DIR = Path(__file__).resolve().parent / "plans"

#: The order plans are listed in (that of CONTRACTS §4); other files follow by id.
PLAN_ORDER = (
    "lishui-2021-2025",
    "banan-2021-2025",
    "jiaxing-2021-2025",
    "shanxi-2021-2025",
    "zhejiang-2023",
)

COMPARATORS = frozenset({">", ">=", "=", "<=", "<"})
ATTRIBUTES = frozenset({"约束性", "预期性"})

#: The keys of one JSON object of ``zhucan plan targets``, in contract order.
CONTRACT_KEYS = (
    "plan",
    "indicator",
    "name",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_text",
    "comparator",
    "attribute",
    "year",
)

_PLAN_KEYS = frozenset(
    {
        "plan",
        "name",
        "issuer",
        "document_number",
        "published",
        "period_start",
        "period_end",
        "source_file",
        "targets",
    }
)
_TARGET_REQUIRED = frozenset(
    {
        "indicator",
        "name",
        "unit",
        "baseline",
        "baseline_year",
        "target",
        "target_text",
        "comparator",
        "attribute",
        "year",
        "source_section",
        "source_quote",
    }
)
_TARGET_KEYS = _TARGET_REQUIRED | {"note"}
_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_PLAN_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Number = int | float


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """One quantified target of a plan (a row of its indicator table or a sentence)."""

    plan: str
    indicator: str
    name: str
    unit: str
    baseline: Number | None
    baseline_year: int | None
    target: Number | None
    target_text: str | None
    comparator: str | None
    attribute: str | None
    year: int
    source_section: str
    source_quote: str
    note: str | None = None

    def as_contract(self) -> dict[str, Any]:
        """The CONTRACTS §4 object: the contract keys in order, then the source keys."""
        row: dict[str, Any] = {key: getattr(self, key) for key in CONTRACT_KEYS}
        row["source_section"] = self.source_section
        row["source_quote"] = self.source_quote
        return row


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan document and its targets."""

    plan: str
    name: str
    issuer: str
    document_number: str | None
    published: str | None
    period_start: int
    period_end: int
    source_file: str
    targets: tuple[PlanTarget, ...]


class PlanFileError(InvalidValue):
    """A plan file shipped in ``plans/`` breaks the format."""


def _fail(path: Path, where: str, zh: str, en: str) -> PlanFileError:
    return PlanFileError(
        f"规划目标文件 {path.name}{where}：{zh}", f"plan target file {path.name}{where}: {en}"
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(path: Path, where: str, data: dict[str, Any], key: str, *, optional: bool) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"{key} 必须是非空文字", f"{key} must be non-empty text")
    return value


def _int(path: Path, where: str, data: dict[str, Any], key: str, *, optional: bool) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
        raise _fail(path, where, f"{key} 必须是年份", f"{key} must be a year")
    return value


def _number(path: Path, where: str, data: dict[str, Any], key: str) -> Number | None:
    value = data.get(key)
    if value is None:
        return None
    if not _is_number(value):
        raise _fail(path, where, f"{key} 必须是数字或 null", f"{key} must be a number or null")
    return value  # type: ignore[no-any-return]


def _target(path: Path, plan_id: str, index: int, raw: object) -> PlanTarget:
    where = f" 第{index + 1}项 target #{index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "必须是映射", "must be a mapping")
    missing = sorted(_TARGET_REQUIRED - raw.keys())
    if missing:
        raise _fail(path, where, f"缺少字段 {missing}", f"missing keys {missing}")
    unknown = sorted(set(raw) - _TARGET_KEYS)
    if unknown:
        raise _fail(path, where, f"未知字段 {unknown}", f"unknown keys {unknown}")
    indicator = _text(path, where, raw, "indicator", optional=False)
    if not _ID.match(indicator):
        raise _fail(
            path, where, f"指标代码须为 snake_case：{indicator}", f"not snake_case: {indicator}"
        )
    where = f"{where} ({indicator})"
    baseline = _number(path, where, raw, "baseline")
    baseline_year = _int(path, where, raw, "baseline_year", optional=True)
    if (baseline is None) != (baseline_year is None):
        raise _fail(
            path,
            where,
            "baseline 与 baseline_year 须同时给出或同时为 null",
            "baseline and baseline_year must both be given or both be null",
        )
    target = _number(path, where, raw, "target")
    target_text = _text(path, where, raw, "target_text", optional=True)
    if target is None and target_text is None:
        raise _fail(path, where, "target 与 target_text 至少给出一个", "give target or target_text")
    comparator = raw.get("comparator")
    if comparator is not None and comparator not in COMPARATORS:
        raise _fail(path, where, f"比较符无效：{comparator}", f"invalid comparator: {comparator}")
    if (comparator is None) != (target is None):
        raise _fail(
            path,
            where,
            "有数字目标时须有比较符，无数字目标时比较符须为 null",
            "a numeric target needs a comparator, and only a numeric target has one",
        )
    attribute = raw.get("attribute")
    if attribute is not None and attribute not in ATTRIBUTES:
        raise _fail(path, where, f"指标属性无效：{attribute}", f"invalid attribute: {attribute}")
    return PlanTarget(
        plan=plan_id,
        indicator=indicator,
        name=_text(path, where, raw, "name", optional=False),
        unit=_text(path, where, raw, "unit", optional=False),
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_text=target_text,
        comparator=comparator,
        attribute=attribute,
        year=_int(path, where, raw, "year", optional=False),
        source_section=_text(path, where, raw, "source_section", optional=False),
        source_quote=_text(path, where, raw, "source_quote", optional=False),
        note=_text(path, where, raw, "note", optional=True),
    )


def load_plan(path: Path) -> Plan:
    """Read and check one plan file; raise :class:`PlanFileError` saying what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _fail(path, "", f"无法读取：{exc}", f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise _fail(path, "", "顶层必须是映射", "the top level must be a mapping")
    missing = sorted(_PLAN_KEYS - data.keys())
    if missing:
        raise _fail(path, "", f"缺少字段 {missing}", f"missing keys {missing}")
    unknown = sorted(set(data) - _PLAN_KEYS)
    if unknown:
        raise _fail(path, "", f"未知字段 {unknown}", f"unknown keys {unknown}")
    plan_id = _text(path, "", data, "plan", optional=False)
    if not _PLAN_ID.match(plan_id) or plan_id != path.stem:
        raise _fail(
            path,
            "",
            f"规划代码 {plan_id} 须与文件名一致且为小写连字符形式",
            f"plan id {plan_id} must be lower-case-with-hyphens and equal the file name",
        )
    if isinstance(data.get("published"), dt.date):  # an unquoted YAML date
        data["published"] = data["published"].isoformat()
    published = _text(path, "", data, "published", optional=True)
    if published is not None and not _DATE.match(published):
        raise _fail(
            path,
            "",
            f"发布日期须为 YYYY-MM-DD：{published}",
            f"published is not YYYY-MM-DD: {published}",
        )
    start = _int(path, "", data, "period_start", optional=False)
    end = _int(path, "", data, "period_end", optional=False)
    if end < start:
        raise _fail(path, "", "规划期末早于期初", "period_end is before period_start")
    raw_targets = data["targets"]
    if not isinstance(raw_targets, list) or not raw_targets:
        raise _fail(path, "", "targets 必须是非空列表", "targets must be a non-empty list")
    targets = tuple(_target(path, plan_id, i, raw) for i, raw in enumerate(raw_targets))
    seen: set[str] = set()
    for t in targets:
        if t.indicator in seen:
            raise _fail(
                path, "", f"指标代码重复：{t.indicator}", f"duplicate indicator: {t.indicator}"
            )
        seen.add(t.indicator)
        if not start <= t.year <= end:
            raise _fail(
                path,
                f" ({t.indicator})",
                f"目标年份 {t.year} 不在规划期内",
                f"target year {t.year} is outside the plan period",
            )
    return Plan(
        plan=plan_id,
        name=_text(path, "", data, "name", optional=False),
        issuer=_text(path, "", data, "issuer", optional=False),
        document_number=_text(path, "", data, "document_number", optional=True),
        published=published,
        period_start=start,
        period_end=end,
        source_file=_text(path, "", data, "source_file", optional=False),
        targets=targets,
    )


def _order(plan_id: str) -> tuple[int, str]:
    known = PLAN_ORDER.index(plan_id) if plan_id in PLAN_ORDER else len(PLAN_ORDER)
    return known, plan_id


def load_plans(directory: Path | None = None) -> tuple[Plan, ...]:
    """Every plan in ``directory`` (default: the plans shipped), in contract order."""
    if directory is None:
        return _shipped_plans()
    plans = [load_plan(path) for path in sorted(directory.glob("*.yaml"))]
    return tuple(sorted(plans, key=lambda p: _order(p.plan)))


@lru_cache(maxsize=1)
def _shipped_plans() -> tuple[Plan, ...]:
    return load_plans(PLANS_DIR)


def plan_ids() -> list[str]:
    """The ids of the plans shipped, in contract order."""
    return [p.plan for p in load_plans()]


def get_plan(plan: str) -> Plan:
    """One shipped plan by id; :class:`NotFound` (exit 2 on the command line) if unknown."""
    for candidate in load_plans():
        if candidate.plan == plan:
            return candidate
    known = ", ".join(plan_ids())
    raise NotFound(
        f"没有这个规划：{plan}（可用：{known}）", f"unknown plan: {plan} (known: {known})"
    )


def plan_targets(plan: str | None = None) -> list[dict[str, Any]]:
    """The targets of one plan, or of every plan, as CONTRACTS §4 JSON objects."""
    plans = [get_plan(plan)] if plan is not None else list(load_plans())
    return [t.as_contract() for p in plans for t in p.targets]
