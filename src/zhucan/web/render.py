"""Templates and what every page needs: language, user, navigation, CSRF token, notices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from zhucan.access.permissions import Permission, permissions
from zhucan.access.users import User
from zhucan.web.csrf import csrf_token
from zhucan.web.i18n import HTML_LANG, gettext, normalize_lang
from zhucan.web.labels import role_label

HERE = Path(__file__).parent
LANG_COOKIE = "lang"
TEXT_COOKIE = "text_size"

# Navigation: (path, message id, permission needed). Benefits, indicators and policies
# join here when those contexts land.
NAV: tuple[tuple[str, str, Permission], ...] = (
    ("/", "名册概况", Permission.VIEW_COUNTS),
    ("/indicators", "指标监测", Permission.VIEW_COUNTS),
    ("/persons", "人员查询", Permission.VIEW_PERSONS),
    ("/import", "名册导入", Permission.IMPORT_PERSONS),
    ("/benefits", "待遇发放", Permission.VIEW_BENEFITS),
    ("/policies", "政策规则", Permission.VIEW_POLICIES),
    ("/calculator", "待遇测算", Permission.VIEW_POLICIES),
    ("/employers", "就业服务", Permission.VIEW_EMPLOYERS),
    ("/cases", "案件办理", Permission.VIEW_CASES),
    ("/visits", "入户访视", Permission.HOME_VISITS),
    ("/audit", "审计日志", Permission.VIEW_AUDIT),
    ("/me", "我的待遇", Permission.SELF_SERVICE),
)


def request_lang(request: Request) -> str:
    """The page language: the ``lang`` cookie, Chinese by default."""
    return normalize_lang(request.cookies.get(LANG_COOKIE))


def _page_context(request: Request) -> dict[str, Any]:
    lang = request_lang(request)
    _ = gettext(lang)
    user: User | None = getattr(request.state, "user", None)
    granted = permissions(user.role, user.person_access) if user else frozenset()
    path = request.url.path
    nav = [
        {"href": href, "label": _(label), "current": path == href or path.startswith(href + "/")}
        for href, label, perm in NAV
        if perm in granted
    ]
    session = getattr(request.state, "session", None)
    return {
        "_": _,
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "large_text": request.cookies.get(TEXT_COOKIE) == "large",
        "user": user,
        "user_role": role_label(user.role, lang) if user else "",
        "perms": granted,
        "nav": nav,
        "csrf_token": csrf_token(session.sid) if session else "",
        "flash": _(msg) if session and (msg := session.pop_flash()) else None,
        "current_path": path + (f"?{request.url.query}" if request.url.query else ""),
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_page_context])
templates.env.globals["Permission"] = Permission
templates.env.auto_reload = False  # shipped templates: no stat() of each file per page


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page template with the common context."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)
