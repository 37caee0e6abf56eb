"""Employment, case and visit data inside and outside 莲都区, for the page and scoping tests.

No tests here: the seed and the scoping requests of the employment, case and visit pages,
shared by ``test_web_employment*``, ``test_web_cases*`` and ``test_web_scope``.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM
from zhucan.cases.deadlines import CaseKind
from zhucan.cases.service import NewCase, open_case
from zhucan.cases.tables import case_file, visit
from zhucan.employment.employers import declare, import_employers
from zhucan.employment.graduates import track_graduate
from zhucan.employment.job_tables import referral
from zhucan.employment.jobs import add_posting, refer, register_seeker
from zhucan.employment.service import run_review, set_local_wage
from zhucan.employment.tables import declared_employee, employer
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import person
from zhucan.registry.write import write_people
from zhucan.support.tables import need

YEAR = date.today().year - 1
INSIDE_EMPLOYER, OUTSIDE_EMPLOYER = "莲都福利厂", "青田外县厂"
INSIDE_CODE, OUTSIDE_CODE = "91350100M000100Y43", "91110000600037341L"
YOUNG_NAME, OUTSIDE_YOUNG = "韩青年", "钱外青"
YOUNG_ID = citizen_id("331102", date(2000, 3, 4), seq=31)
OUTSIDE_YOUNG_ID = citizen_id("331121", date(2001, 5, 6), seq=33)
OUTSIDE_SUMMARY = "外县诉求勿显示"
SECRETS = (OUTSIDE_EMPLOYER, OUTSIDE_CODE, OUTSIDE_YOUNG, OUTSIDE_SUMMARY)


def _csv(folder: Path, name: str, rows: list[list[object]]) -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def _ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = dict(conn.execute(select(person.c.name, person.c.id)).all())
    return names


def seed_work(engine: Engine) -> dict[str, int]:
    """Employers, a reviewed year, postings, seekers, a referral, cases and visit plans."""
    rows = person_frame(
        person_row(31, citizen_id=YOUNG_ID, name=YOUNG_NAME, grade=3),
        person_row(
            33,
            citizen_id=OUTSIDE_YOUNG_ID,
            name=OUTSIDE_YOUNG,
            category=1,
            grade=3,
            hukou_region="331121001001",
        ),
    )
    now = datetime(2025, 1, 2, 9)
    with engine.begin() as conn:
        write_people(conn, rows, get_cipher(), Provenance("test", "test", now))
    with tempfile.TemporaryDirectory() as tmp:
        head = ["统一社会信用代码", "单位名称", "所在区划代码", "在职职工人数", "职工年平均工资"]
        employers = [head, [INSIDE_CODE, INSIDE_EMPLOYER, "331102001001", 200, 80000]]
        employers.append([OUTSIDE_CODE, OUTSIDE_EMPLOYER, "331121001001", 100, 90000])
        import_employers(engine, _csv(Path(tmp), "e.csv", employers), SYSTEM, now)
        people = [["统一社会信用代码", "残疾职工身份证号", "残疾职工姓名"]]
        people += [
            [INSIDE_CODE, YOUNG_ID, YOUNG_NAME],
            [OUTSIDE_CODE, OUTSIDE_YOUNG_ID, OUTSIDE_YOUNG],
        ]
        declare(engine, _csv(Path(tmp), "d.csv", people), SYSTEM, YEAR, now)
    set_local_wage(engine, SYSTEM, "33", YEAR, Decimal(70000))
    run_review(engine, SYSTEM, YEAR, now=now)
    ids = _ids(engine)
    today = date.today()
    inside_posting = add_posting(
        engine, SYSTEM, INSIDE_CODE, "仓库管理员", "331102001001", [4], [1, 2, 3, 4], ["电脑操作"]
    )
    outside_posting = add_posting(
        engine, SYSTEM, OUTSIDE_CODE, "外县岗位", "331121001001", [1], [3]
    )
    inside_seeker = register_seeker(engine, SYSTEM, ids[YOUNG_NAME], today, ["电脑操作"])
    outside_seeker = register_seeker(engine, SYSTEM, ids[OUTSIDE_YOUNG], today)
    outside_referral = refer(engine, SYSTEM, outside_seeker, outside_posting, 50, "测试", today)
    track_graduate(engine, SYSTEM, ids[OUTSIDE_YOUNG], today.year, "外县学院", "外县计划")
    received = today - timedelta(days=30)
    inside_case = open_case(
        engine,
        SYSTEM,
        NewCase(CaseKind.PETITION, "benefits", "331102001001", "补贴未发放", received),
    )
    outside_case = open_case(
        engine,
        SYSTEM,
        NewCase(CaseKind.PETITION, "rights", "331121001001", OUTSIDE_SUMMARY, received),
    )
    return {
        "employer": _employer_id(engine, OUTSIDE_CODE),
        "inside_employer": _employer_id(engine, INSIDE_CODE),
        "posting": outside_posting,
        "inside_posting": inside_posting,
        "seeker": outside_seeker,
        "inside_seeker": inside_seeker,
        "referral": outside_referral,
        "case": outside_case,
        "inside_case": inside_case,
        "young": ids[YOUNG_NAME],
        "outside_young": ids[OUTSIDE_YOUNG],
    }


def _employer_id(engine: Engine, code: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(employer.c.id).where(employer.c.credit_code == code)).scalar_one()
        )


def work_state(engine: Engine) -> tuple[Any, ...]:
    """What a refused request must not change: outside cases, referrals, declarations, visits."""
    with engine.connect() as conn:
        return (
            tuple(
                conn.execute(
                    select(case_file.c.status, case_file.c.escalation_level).where(
                        case_file.c.region.like("331121%")
                    )
                ).all()
            ),
            tuple(conn.execute(select(referral.c.status).order_by(referral.c.id)).scalars()),
            conn.execute(select(func.count()).select_from(declared_employee)).scalar_one(),
            conn.execute(select(func.count()).select_from(visit)).scalar_one(),
            conn.execute(select(func.count()).select_from(need)).scalar_one(),
        )


def _post(c: Any, path: str, **data: object) -> Any:
    return c.client.post(path, data={**data, "csrf_token": c.token()})


def _file(c: Any, path: str, body: bytes, **data: object) -> Any:
    files = {"file": ("外县.csv", body, "text/csv")}
    return c.client.post(path, data={**data, "csrf_token": c.token()}, files=files)


OUTSIDE_REGISTER = (
    "统一社会信用代码,单位名称,所在区划代码,在职职工人数\n"
    f"{OUTSIDE_CODE},{OUTSIDE_EMPLOYER}改名,331121001001,5\n"
).encode()
OUTSIDE_DECLARATION = (
    f"统一社会信用代码,残疾职工身份证号,残疾职工姓名\n{OUTSIDE_CODE},{YOUNG_ID},{YOUNG_NAME}\n"
).encode()
VISIT = {"notes": "越权", "needs": "rehabilitation", "problem": "越权问题"}

# (method, route path) -> requests that try to reach outside employers, cases, people.
WORK_REQUESTS: dict[tuple[str, str], Any] = {
    ("GET", "/employers"): lambda c: [
        c.client.get("/employers", params={"q": q}) for q in ("", OUTSIDE_EMPLOYER, OUTSIDE_CODE)
    ],
    ("POST", "/employers/import"): lambda c: [_file(c, "/employers/import", OUTSIDE_REGISTER)],
    ("POST", "/employers/declarations"): lambda c: [
        _file(c, "/employers/declarations", OUTSIDE_DECLARATION, year=YEAR)
    ],
    ("GET", "/employers/{employer_id}"): lambda c: [
        c.client.get(f"/employers/{c.work['employer']}", params={"year": YEAR})
    ],
    ("POST", "/employers/{employer_id}/declaration"): lambda c: [
        _post(c, f"/employers/{c.work['employer']}/declaration", year=YEAR, cid=YOUNG_ID, name="x")
    ],
    ("GET", "/employment"): lambda c: [c.client.get("/employment", params={"year": YEAR})],
    ("POST", "/employment/review"): lambda c: [_post(c, "/employment/review", year=YEAR)],
    ("GET", "/employment/noncompliant"): lambda c: [
        c.client.get("/employment/noncompliant", params={"year": YEAR})
    ],
    ("GET", "/employment/report"): lambda c: [
        c.client.get("/employment/report", params={"year": YEAR})
    ],
    ("GET", "/jobs"): lambda c: [c.client.get("/jobs")],
    ("POST", "/jobs/postings"): lambda c: [
        _post(
            c,
            "/jobs/postings",
            credit_code=OUTSIDE_CODE,
            title="越权",
            region="331102001001",
            categories=4,
            grades=3,
        )
    ],
    ("GET", "/jobs/postings/{posting_id}"): lambda c: [
        c.client.get(f"/jobs/postings/{c.work['posting']}")
    ],
    ("GET", "/jobs/seekers"): lambda c: [c.client.get("/jobs/seekers")],
    ("POST", "/jobs/seekers"): lambda c: [_post(c, "/jobs/seekers", number=OUTSIDE_YOUNG_ID)],
    ("GET", "/jobs/seekers/{seeker_id}"): lambda c: [
        c.client.get(f"/jobs/seekers/{c.work['seeker']}")
    ],
    ("POST", "/jobs/referrals"): lambda c: [
        _post(c, "/jobs/referrals", seeker_id=c.work["seeker"], posting_id=c.work["posting"])
    ],
    ("POST", "/jobs/referrals/{referral_id}/outcome"): lambda c: [
        _post(c, f"/jobs/referrals/{c.work['referral']}/outcome", seeker_id=seeker, outcome="hired")
        for seeker in (c.work["seeker"], c.work["inside_seeker"])
    ],
    ("GET", "/jobs/graduates"): lambda c: [c.client.get("/jobs/graduates")],
    ("POST", "/jobs/graduates"): lambda c: [
        _post(c, "/jobs/graduates", year=YEAR, number=OUTSIDE_YOUNG_ID, school="x", plan="x")
    ],
    ("GET", "/cases"): lambda c: [c.client.get("/cases"), c.client.get("/cases?overdue=true")],
    ("GET", "/cases/new"): lambda c: [c.client.get("/cases/new")],
    ("POST", "/cases"): lambda c: [
        _post(
            c,
            "/cases",
            kind="petition",
            category="rights",
            region="331121001001",
            summary="越权",
            number=OUTSIDE_YOUNG_ID,
        )
    ],
    ("POST", "/cases/escalate"): lambda c: [_post(c, "/cases/escalate")],
    ("GET", "/cases/{case_id}"): lambda c: [c.client.get(f"/cases/{c.work['case']}")],
    ("POST", "/cases/{case_id}/accept"): lambda c: [_post(c, f"/cases/{c.work['case']}/accept")],
    ("POST", "/cases/{case_id}/close"): lambda c: [
        _post(c, f"/cases/{c.work['case']}/close", outcome="越权", satisfaction="satisfied")
    ],
    ("GET", "/visits"): lambda c: [c.client.get("/visits")],
    ("POST", "/visits/plan"): lambda c: [_post(c, "/visits/plan", year=date.today().year)],
    ("GET", "/visits/{person_id}"): lambda c: [c.client.get(f"/visits/{c.work['outside_young']}")],
    ("POST", "/visits/{person_id}"): lambda c: [
        _post(c, f"/visits/{c.work['outside_young']}", **VISIT)
    ],
}
# Routes whose whole point is an outside employer, posting, seeker, referral, case or person.
WORK_REFUSED = {
    ("GET", "/employers/{employer_id}"),
    ("POST", "/employers/{employer_id}/declaration"),
    ("GET", "/jobs/postings/{posting_id}"),
    ("GET", "/jobs/seekers/{seeker_id}"),
    ("POST", "/jobs/referrals"),
    ("POST", "/jobs/referrals/{referral_id}/outcome"),
    ("GET", "/cases/{case_id}"),
    ("POST", "/cases/{case_id}/accept"),
    ("POST", "/cases/{case_id}/close"),
    ("GET", "/visits/{person_id}"),
    ("POST", "/visits/{person_id}"),
}
