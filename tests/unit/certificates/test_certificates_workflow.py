"""The case workflow: step order, roles, deadlines and offices."""

from __future__ import annotations

from datetime import date

import pytest

from zhucan.certificates.workflow import (
    STEPS,
    CaseKind,
    Level,
    Step,
    allowed_now,
    check_step,
    deadline,
    next_step,
    office_region,
)
from zhucan.core.errors import Conflict, Forbidden


def test_every_kind_starts_with_the_application() -> None:
    for kind in CaseKind:
        assert STEPS[kind][0] is Step.APPLY
        assert next_step(kind, list(STEPS[kind])) is None


def test_new_certificate_order() -> None:
    done: list[Step] = [Step.APPLY]
    for step in (Step.ASSESS, Step.NOTICE, Step.REVIEW, Step.ISSUE):
        assert next_step(CaseKind.NEW, done) is step
        done.append(step)


def test_renewal_assessment_is_optional_but_not_after_review() -> None:
    assert allowed_now(CaseKind.RENEWAL, [Step.APPLY]) == [Step.ASSESS, Step.REVIEW]
    assert allowed_now(CaseKind.RENEWAL, [Step.APPLY, Step.REVIEW]) == [Step.ISSUE]


def test_order_and_roles_are_enforced_in_chinese() -> None:
    with pytest.raises(Conflict, match="当前应进行“残疾评定”"):
        check_step(CaseKind.NEW, [Step.APPLY], Step.ISSUE, "county_officer")
    with pytest.raises(Conflict, match="没有“公示”这一步"):
        check_step(CaseKind.RENEWAL, [Step.APPLY], Step.NOTICE, "county_officer")
    with pytest.raises(Forbidden, match="须由县级残联经办人办理"):
        check_step(
            CaseKind.NEW,
            [Step.APPLY, Step.ASSESS, Step.NOTICE, Step.REVIEW],
            Step.ISSUE,
            "town_worker",
        )
    with pytest.raises(Forbidden, match="审批人"):
        check_step(
            CaseKind.NEW, [Step.APPLY, Step.ASSESS, Step.NOTICE], Step.REVIEW, "village_worker"
        )
    check_step(CaseKind.NEW, [Step.APPLY, Step.ASSESS, Step.NOTICE], Step.REVIEW, "approver")
    check_step(CaseKind.NEW, [Step.APPLY, Step.ASSESS, Step.NOTICE], Step.REVIEW, "admin")


def test_deadlines_in_working_days() -> None:
    assert deadline(Step.NOTICE, date(2025, 9, 26)) == date(2025, 10, 10)
    assert deadline(Step.REVIEW, date(2025, 10, 10)) == date(2025, 10, 23)
    assert deadline(Step.APPLY, date(2025, 9, 26)) is None


def test_offices() -> None:
    village = "331102001001"
    assert office_region(Level.VILLAGE, village) == village
    assert office_region(Level.TOWN, village) == "331102001000"
    assert office_region(Level.COUNTY, village) == "331102000000"
    assert office_region(Level.TARGET_COUNTY, village, "331121002003") == "331121000000"
