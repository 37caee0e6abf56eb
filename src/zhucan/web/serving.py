"""Serving the web app: one process per CPU core, each with its own listening socket.

With one socket shared by all processes (uvicorn's ``--workers``), the process that
wakes first accepts every connection waiting, so browsers' and proxies' keep-alive
connections pile up on one process while another idles: 9 and 41 of 50 clients in one
measured run, and the busier process sets everyone's waiting time. Here each process
listens on its own socket with ``SO_REUSEPORT``, and the kernel spreads new connections
over them by a hash of each connection's addresses. A hash can still split 50 connections
32 and 18, so a worker holding more than its share asks clients to reconnect
(:mod:`zhucan.web.balance`).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess

import uvicorn
from starlette.types import ASGIApp

from zhucan.core.errors import ZhucanError
from zhucan.web.balance import Balancer, Counts, Rebalance

log = logging.getLogger("uvicorn.error")
#: A worker that exits with an error sooner than this after starting cannot start (a bad
#: database URL or driver, an error in the app's startup): it is not started again, and
#: serving stops. One killed (by a signal) or failing later is started again at once.
MIN_LIFE = 10.0


class ServeError(ZhucanError):
    """The web app could not be served (the address is in use, or a worker cannot start)."""


def serve(host: str, port: int, workers: int, access_log: bool = True) -> None:
    """Serve the app on ``host:port`` with ``workers`` processes until SIGINT or SIGTERM;
    a worker that dies is started again (unless it could not start: :data:`MIN_LIFE`)."""
    if workers == 1:
        app = functools.partial(_serving_app, None)
        uvicorn.run(app, factory=True, host=host, port=port, access_log=access_log)
        return
    _check_free(host, port)
    spawn = multiprocessing.get_context("spawn")
    held = spawn.RawArray(ctypes.c_int, workers)  # open connections per worker

    def start(index: int) -> tuple[BaseProcess, float]:
        held[index] = 0
        args = (host, port, access_log, os.getpid(), held, index)
        process = spawn.Process(target=_worker, args=args, daemon=True)
        process.start()
        return process, time.monotonic()

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    running = [start(i) for i in range(workers)]
    try:
        while not stop.wait(0.5):
            for i, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                failed = process.exitcode is not None and process.exitcode > 0
                if failed and time.monotonic() - started < MIN_LIFE:
                    raise ServeError(
                        f"工作进程启动失败（退出码 {process.exitcode}）",
                        f"a worker process failed to start (exit code {process.exitcode})",
                    )
                log.warning("工作进程退出（退出码 %s），重新启动 worker exited", process.exitcode)
                running[i] = start(i)
    finally:
        for process, _ in running:
            process.terminate()  # uvicorn finishes the requests in hand, then exits
        for process, _ in running:
            process.join(30)
            if process.is_alive():
                process.kill()


def _check_free(host: str, port: int) -> None:
    """Refuse an address already in use: another server there (even one listening with
    ``SO_REUSEPORT``) would otherwise silently share the connections."""
    with socket.socket(_family(host)) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past connections' TIME_WAIT
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeError(
                f"地址 {host}:{port} 已被占用", f"the address {host}:{port} is in use"
            ) from exc


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _worker(host: str, port: int, access_log: bool, master: int, held: Counts, index: int) -> None:
    """One worker process: its own socket, one uvicorn server; it ends with the master,
    and keeps no more than its share of the connections (:mod:`zhucan.web.balance`).

    Connections the kernel had queued on a worker's socket when it died are reset, not
    handed to the others (a ``SO_REUSEPORT`` socket's queue is its own).
    """
    _end_with(master)
    sock = socket.socket(_family(host))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    # Not listening yet: uvicorn listens once the app has started (asyncio's and uvloop's
    # ``create_server`` do), so no connection waits on a worker that is still starting.
    balancer = Balancer(held, index)
    app = functools.partial(_serving_app, balancer)
    server = uvicorn.Server(uvicorn.Config(app, factory=True, access_log=access_log))
    stop = threading.Event()
    publishing = threading.Thread(
        target=balancer.keep_publishing,
        args=(lambda: len(server.server_state.connections), stop),
        daemon=True,
    )
    publishing.start()
    try:
        server.run(sockets=[sock])
    finally:
        stop.set()
    if not server.started:
        sys.exit(STARTUP_FAILED)


def _serving_app(balancer: Balancer | None) -> ASGIApp:
    """The app as a serving process runs it: the shipped rules read, and what the process
    holds from then on left out of Python's full garbage collections (``gc.freeze``).

    A full collection otherwise walks every object the app holds for good (the policies,
    plans, templates, SQLAlchemy's tables) and stops all the process's threads while it
    does: 100–240 ms each, every few seconds under load, measured in the workers. After
    the freeze they take 3–9 ms."""
    from zhucan.web.app import create_app, load_shipped_rules

    app = create_app()
    load_shipped_rules()
    gc.collect()
    gc.freeze()
    return app if balancer is None else Rebalance(app, balancer)


#: A worker's exit code when its server did not start.
STARTUP_FAILED = 3
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with(master: int) -> None:
    """Have the kernel send SIGTERM to this process when the master dies, even by SIGKILL
    (Linux; elsewhere the master's exit still ends its daemon workers)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != master:  # it died before that took effect
        sys.exit(0)
