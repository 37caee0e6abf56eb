"""Assessments (多重 takes the most severe part's grade) and validity rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhucan.certificates.assessment import make_assessment
from zhucan.certificates.validity import (
    check_reapply,
    check_renewal_window,
    new_valid_until,
    renewed_valid_until,
)
from zhucan.core.disability import Category, Grade
from zhucan.core.errors import Conflict, InvalidValue


def test_multiple_takes_the_most_severe_grade() -> None:
    a = make_assessment("多重", None, ["视力:3", "肢体:二级", "精神:4"], "王医生", "丽水市中心医院")
    assert a.category is Category.MULTIPLE and a.grade is Grade.TWO
    assert a.components_text == "1:3,4:2,6:4"
    assert make_assessment(7, 2, ["1:3", "4:2"], "王", "院").grade is Grade.TWO


@pytest.mark.parametrize(
    ("category", "grade", "parts", "message"),
    [
        (7, 3, ["1:2", "4:3"], "应为二级"),
        (7, None, ["1:2"], "至少两个不同类别"),
        (7, None, ["1:2", "1:3"], "至少两个不同类别"),
        (7, None, ["7:2", "1:3"], "不能再是多重"),
        (7, None, ["1-2", "4:3"], "类别:等级"),
        (4, 2, ["1:2"], "只有多重残疾"),
        (4, None, [], "须填写残疾等级"),
        (9, 2, [], "无法识别的残疾类别"),
        (4, 5, [], "无法识别的残疾等级"),
    ],
)
def test_bad_assessments(category: object, grade: object, parts: list[str], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        make_assessment(category, grade, parts, "王医生", "丽水市中心医院")


def test_assessment_needs_physician_and_institution() -> None:
    with pytest.raises(InvalidValue, match="评定医师和指定评定机构"):
        make_assessment(4, 2, [], " ", "丽水市中心医院")


def test_validity() -> None:
    assert new_valid_until(date(2025, 10, 22)) == date(2035, 10, 22)
    old = date(2025, 12, 1)
    for early in (0, 1, 30, 180):
        assert renewed_valid_until(old, old - timedelta(days=early)) == date(2035, 12, 1)
    assert renewed_valid_until(old, old + timedelta(days=1)) == date(2035, 12, 1)
    assert renewed_valid_until(old, date(2026, 2, 1)) == date(2036, 2, 1)


def test_windows() -> None:
    check_renewal_window(date(2025, 12, 1), date(2025, 6, 4))
    with pytest.raises(Conflict, match="期满前 180 天内方可申请换领"):
        check_renewal_window(date(2025, 12, 1), date(2025, 6, 1))
    check_reapply(None, date(2025, 1, 1))
    check_reapply(date(2024, 1, 1), date(2025, 1, 1))
    with pytest.raises(Conflict, match="一年内不得重新申请"):
        check_reapply(date(2024, 6, 1), date(2025, 1, 1))
