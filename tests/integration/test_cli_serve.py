"""``zhucan serve --workers 2`` starts a master and two workers that answer pages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from zhucan.bench.web import free_port
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade


def test_serve_with_two_workers_answers_and_stops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(make_engine(url))
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhucan", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "ZHUCAN_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        status = None
        for _ in range(150):
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert status == 200
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) >= 2  # two workers (and uvicorn's own helper, if any)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
