"""``zhucan serve --workers 2``: two worker processes, each listening on its own socket,
that answer pages, are started again when one dies, and stop cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

import httpx

from zhucan.bench.web import free_port
from zhucan.storage.engine import make_engine
from zhucan.storage.migrate import upgrade


@contextmanager
def serving(tmp_path: Path, port: int, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(make_engine(url))
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhucan", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "ZHUCAN_DATABASE_URL": url, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=30)


def answers(port: int) -> int | None:
    for _ in range(150):
        try:
            return httpx.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code
        except httpx.HTTPError:
            time.sleep(0.2)
    return None


def workers(proc: subprocess.Popen[bytes]) -> list[int]:
    """The worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    pids = [int(pid) for pid in found.stdout.split()]
    return [pid for pid in pids if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def _inodes(port: int, state: str) -> set[str]:
    """The sockets on local ``port`` in ``state`` (from /proc, as ``ss -tn``)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == state:
            inodes.add(f"socket:[{fields[9]}]")
    return inodes


def _sockets(port: int, state: str) -> Counter[int]:
    """How many sockets on local ``port`` in ``state`` each process holds."""
    inodes = _inodes(port, state)
    held: Counter[int] = Counter()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
            held[int(fd_dir.parent.name)] += sum(link in inodes for link in links)
        except OSError:
            continue
    return +held


def listening(port: int) -> set[int]:
    """The processes with a listening socket on ``port``."""
    return set(_sockets(port, "0A"))


def connections(port: int) -> Counter[int]:
    """Established connections to ``port`` per serving process."""
    return _sockets(port, "01")


def _until(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_serve_with_two_workers_each_listening(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port) as proc:
        assert answers(port) == 200
        first = workers(proc)
        assert len(first) == 2
        # Each worker has its own socket (so the kernel spreads connections over both),
        # listening once its app has started; the master listens on none.
        assert _until(lambda: listening(port) == set(first))

        os.kill(first[0], signal.SIGKILL)
        for _ in range(150):  # started again, listening on a socket of its own
            now = workers(proc)
            if len(now) == 2 and first[0] not in now and listening(port) == set(now):
                break
            time.sleep(0.2)
        assert first[0] not in now and len(now) == 2
        assert listening(port) == set(now)
        assert answers(port) == 200

        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()


def test_connections_are_spread_evenly_over_the_workers(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port) as proc:
        assert answers(port) == 200
        first = workers(proc)
        assert _until(lambda: listening(port) == set(first))
        # While one worker is down (its socket closed, and the next one not listening until
        # its app has started), every new connection goes to the other: 20 made at once.
        os.kill(first[1], signal.SIGKILL)
        assert _until(lambda: len(_inodes(port, "0A")) == 1)
        clients = [HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(20)]
        for client in clients:
            client.sock = socket.create_connection(("127.0.0.1", port))
        try:
            assert _until(lambda: connections(port) == {first[0]: 20}), (connections(port), first)
            assert _until(lambda: len(listening(port)) == 2)  # started again

            def spread() -> bool:  # a request on each; those asked to reconnect do so
                for client in clients:
                    client.request("GET", "/login")
                    response = client.getresponse()
                    assert response.status == 200
                    response.read()
                return sorted(connections(port).values()) == [10, 10]

            assert _until(spread), connections(port)
        finally:
            for client in clients:
                client.close()


def test_serve_refuses_an_address_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(tmp_path, port) as proc:
            _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"地址 127.0.0.1:{port} 已被占用" in err.decode()


def test_serve_stops_when_a_worker_cannot_start(tmp_path: Path) -> None:
    with serving(tmp_path, free_port(), ZHUCAN_DATABASE_URL="nosuchdb://x") as proc:
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "工作进程启动失败" in err.decode()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def test_workers_end_when_the_master_is_killed(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port) as proc:
        assert answers(port) == 200
        both = workers(proc)
        assert len(both) == 2
        os.kill(proc.pid, signal.SIGKILL)  # no chance to stop them itself
        for _ in range(100):
            if not any(_alive(pid) for pid in both):
                break
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in both)
        assert listening(port) == set()  # the port is free for the next server
