"""Person search and the person file (一人一档): view, record a change, show the full ID."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zhucan.access.permissions import Permission
from zhucan.access.users import User
from zhucan.core.errors import InvalidValue
from zhucan.registry.queries import reveal_citizen_id
from zhucan.registry.regions import region_exists_many
from zhucan.registry.search import SEARCH_LIMIT, search_persons
from zhucan.registry.service import add_person_fact
from zhucan.storage.engine import reading
from zhucan.web.benefits_common import get_policies
from zhucan.web.benefits_person import explain_all
from zhucan.web.deps import EngineDep, PersonEditor, PersonReader, SessionDep, Unmasker, allowed
from zhucan.web.forms import VALUE_HINTS, FactForm, fact_kinds
from zhucan.web.labels import REGION_FACTS, category_label, grade_label
from zhucan.web.person_file import person_file, record_view
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
PersonId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/persons", response_class=HTMLResponse)
def search_page(
    request: Request,
    user: PersonReader,
    engine: EngineDep,
    q: str = Query("", max_length=100),
) -> HTMLResponse:
    """Search by name, citizen ID or certificate number, within the user's jurisdiction."""
    lang = request_lang(request)
    error = None
    results: list[dict[str, Any]] = []
    try:
        with reading(engine) as conn:
            results = search_persons(conn, user.actor, q)
    except InvalidValue as exc:
        error = exc.message(lang)
    for r in results:
        r["disability"] = f"{category_label(r['category'], lang)} {grade_label(r['grade'], lang)}"
    context = {"q": q, "results": results, "error": error, "limit": SEARCH_LIMIT}
    return render(request, "persons/search.html", context, 400 if error else 200)


def _file_page(
    request: Request,
    engine: EngineDep,
    user: User,
    person_id: int,
    form: FactForm | None = None,
    revealed: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_lang(request)
    granted = allowed(user)
    benefits = Permission.VIEW_BENEFITS in granted
    with reading(engine) as conn:  # person_file checks the jurisdiction
        data = person_file(conn, user.actor, person_id, lang, benefits)
    if benefits:  # CPU work, once the connection is back in the pool
        policies = get_policies(request)
        data["entitlements"] = explain_all(policies, data["state"], data["today"], lang)
    # Shown after an unmasking, the file's access is already audited as person.unmask.
    if revealed is None:
        record_view(engine, user.actor, person_id)
    context = {
        **data,
        "form": form or FactForm(valid_from=data["today"].isoformat()),
        "kinds": fact_kinds(),
        "hints": VALUE_HINTS,
        "revealed": revealed,
        "granted": granted,
    }
    return render(request, "persons/file.html", context, status)


@router.get("/persons/{person_id}", response_class=HTMLResponse)
def file_page(
    request: Request, person_id: PersonId, user: PersonReader, engine: EngineDep
) -> HTMLResponse:
    """The person file: identity (masked), current state, certificate, household, history."""
    return _file_page(request, engine, user, person_id)


@router.post("/persons/{person_id}/facts", response_model=None)
def record_change(
    request: Request,
    person_id: PersonId,
    user: PersonEditor,
    engine: EngineDep,
    session: SessionDep,
    kind: Annotated[str, Form(max_length=64)] = "",
    value: Annotated[str, Form(max_length=200)] = "",
    valid_from: Annotated[str, Form(max_length=40)] = "",
    source: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Record a change as a new effective-dated fact; the old value stays in the history."""
    form = FactForm(kind, value, valid_from, source)
    form.validate()
    if kind in REGION_FACTS and "value" not in form.errors:
        with reading(engine) as conn:
            if not region_exists_many(conn, [form.clean_value]):
                form.errors["value"] = "区划代码不存在"
    if form.errors or form.clean_from is None:
        return _file_page(request, engine, user, person_id, form=form, status=400)
    add_person_fact(
        engine, user.actor, person_id, kind, form.clean_value, form.clean_from, None, source
    )
    session.set_flash("变更已登记，原值保留在变更记录中")
    return RedirectResponse(f"/persons/{person_id}#history", status_code=303)


@router.post("/persons/{person_id}/reveal", response_class=HTMLResponse)
def reveal(
    request: Request,
    person_id: PersonId,
    user: Unmasker,
    engine: EngineDep,
    reason: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    """Show the full citizen ID once, for a stated reason; the unmasking is audited."""
    if not reason.strip():
        raise InvalidValue("请填写查看完整身份证号的理由", "give a reason to see the full ID")
    value = reveal_citizen_id(engine, user.actor, person_id, reason.strip())
    return _file_page(request, engine, user, person_id, revealed=value)
