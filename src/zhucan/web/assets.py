"""Front-end libraries installed from the npm registry (``frontend/``), served by us.

Only the files listed here are served; nothing is loaded from a CDN.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

NODE_MODULES = Path(
    os.environ.get("ZHUCAN_NODE_MODULES", Path(__file__).parents[3] / "frontend" / "node_modules")
)
VENDOR = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "echarts.min.js": "echarts/dist/echarts.min.js",
}

router = APIRouter(include_in_schema=False)


@router.get("/static/vendor/{name}")
def vendor_file(name: str) -> FileResponse:
    """A whitelisted file from node_modules, cached for a day."""
    if name not in VENDOR or not (NODE_MODULES / VENDOR[name]).is_file():
        raise HTTPException(404)
    return FileResponse(
        NODE_MODULES / VENDOR[name],
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )
