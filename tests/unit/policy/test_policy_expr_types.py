"""Type checking against the fact schema and parameter types."""

from __future__ import annotations

import pytest

from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.facts import FACTS
from zhucan.policy.expr.parse import parse
from zhucan.policy.expr.types import check

PARAMS = {"base": Type.DECIMAL, "max_grade": Type.INT, "county": Type.STR}


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("grad <= 2", "是否指 grade"),
        ("max_grde >= grade", "是否指 max_grade"),
        ("zzz", "未知的事实或参数：zzz"),
        ('grade == "1"', "不能比较 int 与 str"),
        ("hukou_region < county", "只能比较是否相等"),
        ("alive + 1", "需要数值"),
        ("-urban", "需要数值"),
        ("grade and alive", "需要 bool"),
        ("not grade", "需要 bool"),
        ("1 if grade else 2", "需要 bool"),
        ('grade if alive else "x"', "两个分支类型不同"),
        ('grade in ("1", "2")', "不能与"),
        ('other_benefits in ("a",)', "has(...)"),
        ("other_benefits == other_benefits", "不能比较"),
        ("starts_with(hukou_region, 3311)", "需要 str"),
        ("months_between(age, birth_date)", "需要 date"),
        ('has(hukou_region, "a")', "需要 list[str]"),
        ("round_yuan(sex)", "需要数值"),
        ("birth_date + 1", "需要数值"),
    ],
)
def test_type_errors(source: str, reason: str) -> None:
    with pytest.raises(ExpressionError) as info:
        check(parse(source), FACTS, PARAMS)
    assert reason in info.value.reason_zh, info.value.reason_zh


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("grade <= max_grade and starts_with(hukou_region, county)", Type.BOOL),
        ("base * 0.5", Type.DECIMAL),
        ("grade * 2", Type.INT),
        ("grade / 2", Type.DECIMAL),
        ("min(grade, 3)", Type.INT),
        ("max(grade, base)", Type.DECIMAL),
        ("round_yuan(grade)", Type.DECIMAL),
        ("base if urban else 100", Type.DECIMAL),
        ("months_between(birth_date, certificate_issued)", Type.INT),
        ("death_date is None", Type.BOOL),
    ],
)
def test_types_of_valid_expressions(source: str, kind: Type) -> None:
    typed = check(parse(source), FACTS, PARAMS)
    assert typed.type == kind
    assert all(c.type is not None for c in typed.children())


def test_default_facts_come_from_the_snapshot() -> None:
    assert FACTS["age"].type == Type.INT and FACTS["age"].zh == "年龄"
    assert FACTS["grade"].zh == "残疾等级" and FACTS["assistance"].zh == "低保状态"
    assert FACTS["hukou_region"].zh == "户籍地" and FACTS["urban"].type == Type.BOOL
    assert FACTS["other_benefits"].type == Type.LIST_STR
    assert "person_id" not in FACTS and "name" not in FACTS
