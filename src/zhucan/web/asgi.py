"""Plain ASGI middleware: the base the app's own middleware share.

Starlette's ``BaseHTTPMiddleware`` (``app.middleware("http")``) costs a task and two memory
streams per request and per middleware; these act on the ASGI messages directly.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """Middleware acting on HTTP requests (:meth:`http`); anything else passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request (call ``self.app`` to pass it on)."""
        await self.app(scope, receive, send)
