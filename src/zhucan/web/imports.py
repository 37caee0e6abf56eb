"""The import page: upload a person sheet, see the summary, download the rejected rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse

from zhucan.core.errors import InvalidValue
from zhucan.registry.importing.errors import UnusableFile
from zhucan.web.deps import EngineDep, Importer
from zhucan.web.render import render, request_lang
from zhucan.web.uploads import import_upload, report_path

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Importer) -> HTMLResponse:
    """The upload form."""
    return render(request, "import.html", {"summary": None})


@router.post("/import", response_class=HTMLResponse)
def import_sheet(
    request: Request,
    user: Importer,
    engine: EngineDep,
    file: Annotated[UploadFile | None, File()] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Import the uploaded sheet (or only check it) and show what happened."""
    lang = request_lang(request)
    if file is None or not file.filename:
        error = "请选择要导入的文件"
        return render(request, "import.html", {"summary": None, "error": error}, 400)
    try:
        summary, token = import_upload(engine, user.actor, file.file, file.filename, dry_run, lang)
    except (InvalidValue, UnusableFile) as exc:
        return render(request, "import.html", {"error_text": exc.message(lang)}, 400)
    context: dict[str, object] = {"summary": summary, "token": token, "file_name": file.filename}
    return render(request, "import.html", context)


@router.get("/import/reports/{token}")
def download_report(user: Importer, token: str) -> FileResponse:
    """The rejected rows with their reasons, as an Excel sheet."""
    return FileResponse(
        report_path(user.actor, token), media_type=XLSX, filename="导入未通过的行.xlsx"
    )
