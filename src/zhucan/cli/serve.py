"""``zhucan serve``: the web application."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_cmd(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="工作进程数，每个 CPU 核一个 worker processes")
    ] = 1,
    access_log: Annotated[bool, typer.Option(help="记录每个请求 log every request")] = True,
) -> None:
    """启动网页服务 Serve the web app (default http://127.0.0.1:8000).

    One process uses one CPU core (Python pages run under one lock per process): on a
    server with N cores, give ``--workers N``. Each process listens on its own socket, so
    that connections spread evenly over them.
    """
    from zhucan.web.serving import serve

    serve(host, port, workers, access_log)
