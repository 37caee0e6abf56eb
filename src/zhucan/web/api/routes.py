"""API endpoints: person search, the person file, registry counts and import."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, UploadFile

from zhucan.registry.counts import registry_counts
from zhucan.registry.queries import person_as_of, person_timeline
from zhucan.registry.search import SEARCH_LIMIT, household_members, search_persons
from zhucan.web.api.auth import ApiCountsReader, ApiImporter, ApiPersonReader
from zhucan.web.api.models import CountsOut, ImportOut, PersonFileOut, SearchOut
from zhucan.web.deps import EngineDep
from zhucan.web.uploads import import_upload

router = APIRouter(prefix="/api/v1", tags=["registry"])
MAX_ID = 2**31 - 1
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "invalid input"},
    401: {"description": "no valid bearer token"},
    403: {"description": "outside the role or jurisdiction"},
    404: {"description": "not found"},
}


@router.get("/persons", responses=ERRORS)
def api_search(
    user: ApiPersonReader, engine: EngineDep, q: str = Query(max_length=100)
) -> SearchOut:
    """People in your jurisdiction by name prefix, citizen ID or certificate number."""
    with engine.connect() as conn:
        rows = search_persons(conn, user.actor, q)
    return SearchOut.model_validate({"results": rows, "limit": SEARCH_LIMIT})


@router.get("/persons/{person_id}", responses=ERRORS)
def api_person(
    user: ApiPersonReader, engine: EngineDep, person_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> PersonFileOut:
    """The person file (citizen ID and phone masked)."""
    state = person_as_of(engine, user.actor, person_id, date.today())
    timeline = person_timeline(engine, user.actor, person_id)
    with engine.connect() as conn:
        household = household_members(conn, user.actor, state["household_id"], but=person_id)
    return PersonFileOut.model_validate(
        {"state": state, "household": household, "timeline": timeline}
    )


@router.get("/counts", responses=ERRORS)
def api_counts(
    user: ApiCountsReader,
    engine: EngineDep,
    region: Annotated[str | None, Query(max_length=12, pattern=r"^\d{2,12}$")] = None,
    as_of: date | None = None,
) -> CountsOut:
    """Counts in your jurisdiction (or a region inside it) on a date (default today)."""
    data = registry_counts(engine, user.actor, region, as_of or date.today())
    return CountsOut.model_validate(data)


@router.post("/imports", responses=ERRORS)
def api_import(
    user: ApiImporter,
    engine: EngineDep,
    file: Annotated[UploadFile, File(description="person sheet: .xlsx, .xls or .csv")],
    dry_run: bool = False,
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
) -> ImportOut:
    """Import a person sheet (all valid rows or none); rows outside your area are rejected."""
    summary, _token = import_upload(engine, user.actor, file.file, file.filename, dry_run, lang)
    return ImportOut.model_validate(summary.as_json())
