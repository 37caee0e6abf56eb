"""Test data for the web app: a county with people inside and outside it, a user per role."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from factories import citizen_id, person_frame, person_row
from zhucan.access.crypto import get_cipher
from zhucan.access.scope import SYSTEM, Role
from zhucan.access.users import add_user
from zhucan.registry.regions import load_regions
from zhucan.registry.rows import Provenance
from zhucan.registry.tables import person
from zhucan.registry.write import write_people

PASSWORD = "correct-horse-42"
INSIDE_NAME = "林小芳"
HOUSEMATE_NAME = "林大山"
OUTSIDE_NAME = "钱外县"
INSIDE_ID = citizen_id("331102", seq=11)
OUTSIDE_ID = citizen_id("331121", seq=13)
# A person account for INSIDE_NAME (role PERSON); seeded by name, not in USERS.
PERSON_USER = "person"
# role user name -> (role, jurisdiction, person access)
USERS: dict[str, tuple[Role, str, bool]] = {
    "village": (Role.VILLAGE_WORKER, "331102001001", False),
    "town": (Role.TOWN_WORKER, "331102001000", False),
    "county": (Role.COUNTY_OFFICER, "331102000000", False),
    "approver": (Role.APPROVER, "331102000000", False),
    "planner": (Role.PLANNER, "331102000000", False),
    "planner_pa": (Role.PLANNER, "331102000000", True),
    "admin": (Role.ADMIN, "331102000000", False),
}


def seed_people(engine: Engine) -> None:
    """Regions of 浙江, two people of one household in 莲都区 and one in 青田县."""
    load_regions(engine, ["33"])
    frame = person_frame(
        person_row(11, citizen_id=INSIDE_ID, name=INSIDE_NAME, household_head_id=INSIDE_ID),
        person_row(
            12,
            citizen_id=citizen_id("331102", seq=12),
            name=HOUSEMATE_NAME,
            household_head_id=INSIDE_ID,
            category=1,
            grade=3,
        ),
        person_row(13, citizen_id=OUTSIDE_ID, name=OUTSIDE_NAME, hukou_region="331121001001"),
    )
    with engine.begin() as conn:
        write_people(conn, frame, get_cipher(), Provenance("test", "test", datetime(2024, 1, 1)))


def seed_users(engine: Engine, names: list[str] | None = None) -> None:
    """One user per role (all in 莲都区), password PASSWORD; PERSON_USER if named."""
    for name in names or list(USERS):
        if name == PERSON_USER:
            seed_person_user(engine)
            continue
        role, code, person_access = USERS[name]
        add_user(engine, SYSTEM, name, PASSWORD, role, code, person_access=person_access)


def seed_person_user(engine: Engine, username: str = PERSON_USER, name: str = INSIDE_NAME) -> int:
    """A person account (残疾人本人/家属) for the seeded person called ``name``; their id."""
    with engine.connect() as conn:
        person_id = conn.execute(select(person.c.id).where(person.c.name == name)).scalar_one()
    add_user(engine, SYSTEM, username, PASSWORD, Role.PERSON, "", person_id=person_id)
    return int(person_id)


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign the test client in through the sign-in form."""
    token = csrf_of(client.get("/login").text)
    page = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert page.status_code == 303, page.text
