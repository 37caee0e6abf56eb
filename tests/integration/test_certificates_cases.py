"""Certificate cases end to end (SQLite and PostgreSQL): new, renewal, regrade, transfer, cancel."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import Actor
from zhucan.access.tables import audit_log
from zhucan.certificates.applicants import Applicant
from zhucan.certificates.assessment import make_assessment
from zhucan.certificates.service import CaseRequest, open_case, record_step, show_case
from zhucan.core.errors import Conflict, Forbidden, InvalidValue, NotFound
from zhucan.registry.queries import find_person_id
from zhucan.registry.rows import Provenance
from zhucan.registry.snapshot import snapshot
from zhucan.registry.tables import certificate, region
from zhucan.registry.write import write_people

TOWN = Actor("zj_town", "town_worker", "331102001000")
VILLAGE = Actor("zj_village", "village_worker", "331102001001")
COUNTY = Actor("ld_county", "county_officer", "331102000000")
APPROVER = Actor("ld_approver", "approver", "331102000000")
JINYUN_TOWN = Actor("jy_town", "town_worker", "331121001000")
JINYUN_COUNTY = Actor("jy_county", "county_officer", "331121000000")
ADMIN = Actor("admin", "admin", "")


def write(engine: Engine, *rows: dict[str, Any]) -> None:
    with engine.begin() as conn:
        prov = Provenance("test", "tester", datetime(2015, 1, 1, 9))
        write_people(conn, person_frame(*rows), get_cipher(), prov)


def cert_on(engine: Engine, day: date, who: int = 1) -> dict[str, Any]:
    return snapshot(engine, day, ADMIN).filter(person_id=who).to_dicts()[0]


def assess(category: object = 4, grade: object = 2, parts: tuple[str, ...] = ()) -> Any:
    return make_assessment(category, grade, list(parts), "王医生", "丽水市中心医院")


def test_new_certificate_across_national_day(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            region.insert(),
            [
                {"code": "331102000000", "name": "莲都区", "level": 3},
                {"code": "331102001000", "name": "紫金街道", "level": 4},
            ],
        )
    cid = citizen_id(seq=50, birth=date(1980, 4, 2))
    req = CaseRequest(cid, "新办", date(2025, 9, 15), applicant=Applicant("李四", "331102001001"))
    case = open_case(engine, TOWN, req)
    assert case["state"] == "open" and case["next_steps"] == ["assess"]
    assert case["office"] == "莲都区残疾人联合会"
    assert case["steps"][0]["office"] == "紫金街道残疾人联合会"
    cid_case = case["id"]
    case = record_step(engine, COUNTY, cid_case, "assess", date(2025, 9, 26), assessment=assess())
    notice = case["steps"][-1]
    # 5 working days from Friday 26 September: Sunday 28 September is worked, 1–8 October off.
    assert (notice["step"], notice["deadline"]) == ("notice", date(2025, 10, 10))
    assert notice["office_region"] == "331102001001"
    with pytest.raises(Conflict, match="公示期为 5 个工作日，至 2025-10-10 届满"):
        record_step(engine, VILLAGE, cid_case, "notice", date(2025, 10, 9))
    case = record_step(engine, VILLAGE, cid_case, "notice", date(2025, 10, 10))
    # 10 working days after the notice, counting the 调休 Saturday 11 October.
    assert case["steps"][-1]["deadline"] == date(2025, 10, 23)
    with pytest.raises(Forbidden, match="不能办理“审核”"):
        record_step(engine, TOWN, cid_case, "review", date(2025, 10, 20))
    record_step(engine, APPROVER, cid_case, "review", date(2025, 10, 20))
    with pytest.raises(Forbidden, match="须由县级残联经办人办理"):
        record_step(engine, TOWN, cid_case, "issue", date(2025, 10, 22))
    case = record_step(engine, COUNTY, cid_case, "issue", date(2025, 10, 22))
    assert case["state"] == "completed" and case["closed_on"] == date(2025, 10, 22)
    assert case["certificate"]["valid_until"] == date(2035, 10, 22)
    assert case["certificate"]["number_masked"].endswith("42")
    with engine.connect() as conn:
        pid = find_person_id(conn, COUNTY, cid)
        source = conn.execute(select(certificate.c.source)).scalar_one()
        audits = conn.execute(
            select(func.count()).where(audit_log.c.entity == "certificate_case")
        ).scalar_one()
    assert source == f"certificate_case:{cid_case}" and audits == 5
    before, after = (
        cert_on(engine, date(2025, 10, 21), pid),
        cert_on(engine, date(2025, 10, 22), pid),
    )
    assert not before["certificate_valid"] and before["category"] is None
    assert (after["category"], after["grade"], after["certificate_valid"]) == (4, 2, True)
    with pytest.raises(Conflict, match="已办结"):
        record_step(engine, COUNTY, cid_case, "issue", date(2025, 10, 23))


def _run_new(engine: Engine, who: str, parts: tuple[str, ...], grade: object) -> dict[str, Any]:
    req = CaseRequest(who, "new", date(2025, 3, 3), applicant=Applicant("王五", "331102001001"))
    case_id = open_case(engine, TOWN, req)["id"]
    record_step(
        engine, COUNTY, case_id, "assess", date(2025, 3, 4), assessment=assess(7, grade, parts)
    )
    record_step(engine, VILLAGE, case_id, "notice", date(2025, 3, 11))
    record_step(engine, COUNTY, case_id, "review", date(2025, 3, 12))
    return record_step(engine, COUNTY, case_id, "issue", date(2025, 3, 13))


def test_multiple_disability_takes_the_most_severe_grade(engine: Engine) -> None:
    case = _run_new(engine, citizen_id(seq=60), ("视力:3", "肢体:2", "言语:4"), None)
    assert case["steps"][1]["components"] == "1:3,4:2,3:4"
    assert (case["certificate"]["category"], case["certificate"]["grade"]) == (7, 2)
    assert case["certificate"]["number_masked"].endswith("72")


def test_renewal_before_expiry_leaves_no_day_without_a_certificate(engine: Engine) -> None:
    write(engine, person_row(1, certificate_issued=date(2015, 12, 1)))  # valid until 2025-12-01
    cid = citizen_id(seq=1)
    with pytest.raises(Conflict, match="期满前 180 天内方可申请换领"):
        open_case(engine, TOWN, CaseRequest(cid, "renewal", date(2025, 3, 2)))
    case_id = open_case(engine, TOWN, CaseRequest(cid, "renewal", date(2025, 11, 3)))["id"]
    record_step(engine, COUNTY, case_id, "review", date(2025, 11, 5))
    case = record_step(engine, COUNTY, case_id, "issue", date(2025, 11, 10))
    assert case["certificate"]["valid_until"] == date(2035, 12, 1)
    for day in (date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 2)):
        assert cert_on(engine, day)["certificate_valid"], day
    assert cert_on(engine, date(2025, 12, 2))["certificate_valid_until"] == date(2035, 12, 1)
    with engine.connect() as conn:
        versions = conn.execute(
            select(
                certificate.c.status,
                certificate.c.issued,
                certificate.c.valid_until,
                certificate.c.valid_from,
                certificate.c.valid_to,
            )
        ).all()
    day = date(2015, 12, 1)
    while day <= date(2036, 1, 1):
        held = [v for v in versions if v[3] <= day and (v[4] is None or v[4] > day)]
        assert len(held) == 1 and held[0][0] == "valid" and held[0][1] <= day, day
        assert held[0][2] >= day or day > date(2035, 12, 1), day
        day += timedelta(days=1)


def test_renewal_with_new_assessment(engine: Engine) -> None:
    write(engine, person_row(1, certificate_issued=date(2015, 12, 1)))
    case_id = open_case(engine, TOWN, CaseRequest(citizen_id(seq=1), "换领", date(2025, 11, 3)))[
        "id"
    ]
    record_step(engine, COUNTY, case_id, "assess", date(2025, 11, 4), assessment=assess(4, 3))
    with pytest.raises(Conflict, match="没有“公示”这一步"):
        record_step(engine, VILLAGE, case_id, "notice", date(2025, 11, 12))
    record_step(engine, COUNTY, case_id, "review", date(2025, 11, 12))
    with pytest.raises(InvalidValue, match="不能驳回"):
        record_step(engine, COUNTY, case_id, "issue", date(2025, 11, 13), rejected=True)
    record_step(engine, COUNTY, case_id, "issue", date(2025, 11, 13))
    assert cert_on(engine, date(2025, 11, 13))["grade"] == 3


def test_regrade_changes_the_grade_in_the_next_snapshot(engine: Engine) -> None:
    write(engine, person_row(1, grade=3, certificate_issued=date(2019, 3, 1)))
    case_id = open_case(engine, TOWN, CaseRequest(citizen_id(seq=1), "regrade", date(2025, 3, 3)))[
        "id"
    ]
    with pytest.raises(InvalidValue, match="须填写残疾类别、等级"):
        record_step(engine, COUNTY, case_id, "assess", date(2025, 3, 10))
    record_step(engine, COUNTY, case_id, "assess", date(2025, 3, 10), assessment=assess(4, 1))
    record_step(engine, VILLAGE, case_id, "notice", date(2025, 3, 17))
    record_step(engine, COUNTY, case_id, "review", date(2025, 3, 18))
    record_step(engine, COUNTY, case_id, "issue", date(2025, 3, 19))
    assert cert_on(engine, date(2025, 3, 18))["grade"] == 3
    after = cert_on(engine, date(2025, 3, 19))
    assert (after["grade"], after["certificate_valid_until"]) == (1, date(2035, 3, 19))


def test_transfer_to_another_county(engine: Engine) -> None:
    write(engine, person_row(1))
    cid = citizen_id(seq=1)
    with pytest.raises(InvalidValue, match="同一县"):
        open_case(
            engine, TOWN, CaseRequest(cid, "迁移", date(2025, 6, 2), target_region="331102002001")
        )
    req = CaseRequest(
        cid,
        "transfer",
        date(2025, 6, 2),
        event_date=date(2025, 5, 30),
        target_region="331121001001",
    )
    case = open_case(engine, TOWN, req)
    assert case["office_region"] == "331121000000"
    assert case["steps"][-1]["office_region"] == "331121000000"
    with pytest.raises(Forbidden):
        record_step(engine, COUNTY, case["id"], "transfer_in", date(2025, 6, 5))
    assert show_case(engine, JINYUN_COUNTY, case["id"])["state"] == "open"
    done = record_step(engine, JINYUN_COUNTY, case["id"], "transfer_in", date(2025, 6, 5))
    assert done["state"] == "completed"
    assert cert_on(engine, date(2025, 5, 29))["hukou_region"] == "331102001001"
    moved = cert_on(engine, date(2025, 6, 1))
    assert moved["hukou_region"] == "331121001001" and moved["certificate_valid"]
    assert moved["certificate_valid_until"] == date(2029, 3, 1)
    with engine.connect() as conn:
        assert find_person_id(conn, JINYUN_COUNTY, cid) == 1
        with pytest.raises(NotFound):
            find_person_id(conn, COUNTY, cid)


def test_cancellation_on_death(engine: Engine) -> None:
    write(engine, person_row(1))
    cid = citizen_id(seq=1)
    with pytest.raises(InvalidValue, match="因死亡注销须填写死亡日期"):
        open_case(engine, TOWN, CaseRequest(cid, "cancel", date(2025, 4, 15), reason="death"))
    with pytest.raises(InvalidValue, match="注销须写明原因"):
        open_case(engine, TOWN, CaseRequest(cid, "cancel", date(2025, 4, 15), reason="moved"))
    req = CaseRequest(cid, "注销", date(2025, 4, 15), reason="death", event_date=date(2025, 4, 10))
    case_id = open_case(engine, TOWN, req)["id"]
    record_step(engine, COUNTY, case_id, "review", date(2025, 4, 16))
    record_step(engine, COUNTY, case_id, "cancel", date(2025, 4, 17))
    alive = cert_on(engine, date(2025, 4, 9))
    assert alive["alive"] and alive["certificate_valid"]
    dead = cert_on(engine, date(2025, 4, 10))
    assert not dead["alive"] and dead["death_date"] == date(2025, 4, 10)
    assert dead["certificate_status"] == "cancelled" and not dead["certificate_valid"]
    with pytest.raises(Conflict, match="已登记死亡"):
        open_case(engine, TOWN, CaseRequest(cid, "renewal", date(2025, 5, 1)))


def test_roles_and_jurisdiction(engine: Engine) -> None:
    write(engine, person_row(1, certificate_issued=date(2015, 12, 1)))
    cid = citizen_id(seq=1)
    with pytest.raises(NotFound):
        open_case(engine, JINYUN_TOWN, CaseRequest(cid, "renewal", date(2025, 11, 3)))
    with pytest.raises(Forbidden, match="不能办理“申请受理”"):
        open_case(engine, APPROVER, CaseRequest(cid, "renewal", date(2025, 11, 3)))
    case_id = open_case(engine, TOWN, CaseRequest(cid, "renewal", date(2025, 11, 3)))["id"]
    with pytest.raises(Forbidden, match="辖区外"):
        record_step(engine, JINYUN_COUNTY, case_id, "review", date(2025, 11, 4))
    with pytest.raises(Forbidden, match="辖区外"):
        show_case(engine, JINYUN_TOWN, case_id)
    with pytest.raises(Forbidden):
        open_case(
            engine,
            JINYUN_TOWN,
            CaseRequest(
                citizen_id(seq=70),
                "new",
                date(2025, 11, 3),
                applicant=Applicant("赵六", "331102001001"),
            ),
        )


def test_bad_input_gives_clear_chinese_errors(engine: Engine) -> None:
    write(engine, person_row(1, certificate_issued=date(2015, 12, 1)))
    cid = citizen_id(seq=1)
    with pytest.raises(InvalidValue, match="未知的业务类型：补办"):
        open_case(engine, TOWN, CaseRequest(cid, "补办", date(2025, 11, 3)))
    with pytest.raises(InvalidValue, match="晚于今天"):
        open_case(engine, TOWN, CaseRequest(cid, "renewal", date.today() + timedelta(days=2)))
    with pytest.raises(Conflict, match="已有残疾人证"):
        open_case(engine, TOWN, CaseRequest(cid, "new", date(2025, 11, 3)))
    with pytest.raises(InvalidValue, match="首次申领须同时填写姓名和户籍区划"):
        open_case(engine, TOWN, CaseRequest(citizen_id(seq=80), "new", date(2025, 11, 3)))
    with pytest.raises(InvalidValue, match="身份证号"):
        open_case(engine, TOWN, CaseRequest("33110219600517001", "new", date(2025, 11, 3)))
    case_id = open_case(engine, TOWN, CaseRequest(cid, "renewal", date(2025, 11, 3)))["id"]
    with pytest.raises(Conflict, match="已有进行中的残疾人证业务"):
        open_case(engine, TOWN, CaseRequest(cid, "regrade", date(2025, 11, 3)))
    with pytest.raises(InvalidValue, match="未知的办理步骤"):
        record_step(engine, COUNTY, case_id, "approve", date(2025, 11, 4))
    with pytest.raises(Conflict, match="当前应进行“残疾评定”或“审核”"):
        record_step(engine, COUNTY, case_id, "issue", date(2025, 11, 4))
    with pytest.raises(InvalidValue, match="早于上一步"):
        record_step(engine, COUNTY, case_id, "review", date(2025, 11, 2))
    rejected = record_step(engine, COUNTY, case_id, "review", date(2025, 11, 4), rejected=True)
    assert rejected["state"] == "rejected"
    with pytest.raises(NotFound, match="没有编号为 999"):
        show_case(engine, COUNTY, 999)
