"""Request and response bodies of the API (they make its OpenAPI description)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class TokenRequest(BaseModel):
    """User name and password, to get a personal API token."""

    username: str = Field(max_length=64)
    password: str = Field(max_length=1000)
    label: str = Field("api", max_length=100)


class TokenOut(BaseModel):
    """A new token: keep it secret, it is not shown again."""

    token: str
    expires_at: dt.datetime


class PersonHit(BaseModel):
    """One search result (the citizen ID masked)."""

    id: int
    name: str
    citizen_id_masked: str
    sex: str
    birth_date: dt.date
    region: str
    region_name: str | None
    category: int | None
    grade: int | None


class SearchOut(BaseModel):
    """Search results, at most ``limit``."""

    results: list[PersonHit]
    limit: int


class TimelineEntry(BaseModel):
    """One fact, certificate version or field change, with where it came from."""

    what: str
    value: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    recorded_by: str
    recorded_at: dt.datetime
    retracted_at: dt.datetime | None


class HouseholdMember(BaseModel):
    """Another member of the household (in the caller's jurisdiction)."""

    id: int
    name: str
    citizen_id_masked: str
    sex: str


class PersonFileOut(BaseModel):
    """The person file: state today, household and full history."""

    state: dict[str, Any]
    household: list[HouseholdMember]
    timeline: list[TimelineEntry]


class CountRow(BaseModel):
    """A count for a code and its name."""

    code: str | int
    name: str
    count: int


class CountsOut(BaseModel):
    """Living holders of a valid certificate by sub-region, category and grade."""

    region: str | None
    region_name: str
    as_of: dt.date
    total: int
    by_region: list[CountRow]
    by_category: list[CountRow]
    by_grade: list[CountRow]


class ImportOut(BaseModel):
    """What an import did (CONTRACTS §2)."""

    read: int
    created: int
    updated: int
    unchanged: int
    rejected: list[dict[str, Any]]
    unknown_columns: list[str]
    batch_id: int | None
    dry_run: bool
