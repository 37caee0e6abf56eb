"""The policy browser: programs, documents by jurisdiction, versions, parameters, tests."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from zhucan.core.errors import NotFound
from zhucan.policy.doctests import run_document_tests
from zhucan.policy.document import Dated, PolicyDocument
from zhucan.policy.expr.reasons import show
from zhucan.registry.regions import region_name
from zhucan.web.benefits_common import PoliciesDep, PolicyReader
from zhucan.web.deps import EngineDep, allowed
from zhucan.web.render import render, request_lang

router = APIRouter(include_in_schema=False)
DocId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")]


def jurisdiction_names(engine: Engine, codes: set[str]) -> dict[str, str]:
    """Region names of jurisdiction prefixes ("" = 全国); unknown codes stay unnamed."""
    names = {"": "全国"}
    with engine.connect() as conn:
        for code in codes - {""}:
            names[code] = region_name(conn, code.ljust(12, "0")) or ""
    return names


def _dated(values: tuple[Dated, ...], lang: str) -> list[dict[str, Any]]:
    index = 1 if lang == "en" else 0
    return [{"from": v.start, "to": v.end, "value": show(v.value)[index]} for v in values]


def _document(doc: PolicyDocument, lang: str) -> dict[str, Any]:
    params = [
        {
            "name": p.name,
            "zh": p.en if lang == "en" and p.en else p.zh,
            "unit": p.unit,
            "example": p.example,
            "values": _dated(p.values, lang),
            "by_region": {k: _dated(v, lang) for k, v in sorted(p.by_region.items())},
        }
        for p in doc.parameters.values()
    ]
    failures = {f.test: f.zh for f in run_document_tests(doc)}
    tests = [
        {
            "name": t.name,
            "as_of": t.as_of,
            "person": ", ".join(f"{k}={v}" for k, v in t.person.items()),
            "expect": ", ".join(f"{k}={v}" for k, v in t.expect.items()),
            "failure": failures.get(t.name),
        }
        for t in doc.tests
    ]
    return {"doc": doc, "params": params, "tests": tests}


@router.get("/policies", response_class=HTMLResponse)
def policy_list(
    request: Request, user: PolicyReader, engine: EngineDep, policies: PoliciesDep
) -> HTMLResponse:
    """Every program and its documents, by jurisdiction, with versions and example values."""
    docs = sorted(policies.documents, key=lambda d: (d.program, len(d.jurisdiction), d.id))
    programs: dict[str, list[PolicyDocument]] = {}
    for d in docs:
        programs.setdefault(d.program, []).append(d)
    names = jurisdiction_names(engine, {d.jurisdiction for d in docs})
    context = {"programs": programs, "names": names, "granted": allowed(user)}
    return render(request, "policies/list.html", context)


@router.get("/policies/documents/{doc_id}", response_class=HTMLResponse)
def policy_document(
    request: Request, doc_id: DocId, user: PolicyReader, engine: EngineDep, policies: PoliciesDep
) -> HTMLResponse:
    """One document: legal basis, versions with their conditions, parameters, its own tests."""
    try:
        doc = policies.get(doc_id)
    except KeyError:
        raise NotFound(f"没有政策文件 {doc_id}", f"no policy document {doc_id}") from None
    data = _document(doc, request_lang(request))
    data["names"] = jurisdiction_names(engine, {doc.jurisdiction, *doc.region_keys})
    return render(request, "policies/document.html", data)
