"""The composition root of the web app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from zhucan.core.errors import Forbidden, InvalidValue, NotFound, SetupError, ZhucanError
from zhucan.web.security import security_headers

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

_STATUS = {InvalidValue: 400, Forbidden: 403, NotFound: 404, SetupError: 503}


def create_app() -> FastAPI:
    """Build the app: routes, static files, security headers and the error page."""
    from zhucan.web import home

    app = FastAPI(title="智慧助残 Zhucan", docs_url=None, redoc_url=None)
    app.middleware("http")(security_headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(home.router)

    @app.exception_handler(ZhucanError)
    async def zhucan_error(request: Request, exc: ZhucanError) -> HTMLResponse:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        return templates.TemplateResponse(
            request, "error.html", {"message": exc.zh, "message_en": exc.en}, status_code=status
        )

    return app
