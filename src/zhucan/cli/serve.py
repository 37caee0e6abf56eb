"""``zhucan serve``: the web application."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_cmd(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
) -> None:
    """启动网页服务 Serve the web app (default http://127.0.0.1:8000)."""
    import uvicorn

    from zhucan.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")
