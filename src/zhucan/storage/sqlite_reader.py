"""Fast SQLite reads through connectorx, done in a helper process, never in ours.

connectorx links its own copy of SQLite. POSIX file locks belong to a process, so a second
SQLite library in *our* process cannot see our connections' locks: it reads a stale WAL
index, and when its connection closes it believes it was the last one and checkpoints and
deletes the WAL under our open connections (seen as stale reads, "database disk image is
malformed" and SIGBUS). Across processes SQLite's locking is sound. So a long-lived helper
process (:mod:`zhucan.storage.sqlite_helper`, started on first use) runs the connectorx
reads and hands back Arrow IPC bytes over its standard output.
"""

from __future__ import annotations

import io
import json
import queue
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

import polars as pl

from zhucan.storage.sqlite_helper import HEADER as _HEADER


def _read_exact(stream: IO[bytes], n: int) -> bytes:
    data = stream.read(n)
    if data is None or len(data) != n:
        raise EOFError("the SQLite reader process ended")
    return data


class _Reader:
    """One helper process, used by one thread at a time (see ``_idle``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None

    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "zhucan.storage.sqlite_helper"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        return self._proc

    def start(self) -> None:
        """Start the helper process now if it is not running (it does not wait for it)."""
        with self._lock:
            self._process()

    def read(self, url: str, sql: str) -> pl.DataFrame:
        """Run ``sql`` on the SQLite database at ``url`` in the helper process."""
        with self._lock:
            proc = self._process()
            stdin: Any = proc.stdin
            stdout: Any = proc.stdout
            try:
                stdin.write(json.dumps({"url": url, "sql": sql}).encode() + b"\n")
                stdin.flush()
                status, length = _HEADER.unpack(_read_exact(stdout, _HEADER.size))
                payload = _read_exact(stdout, length)
            except (EOFError, OSError):
                proc.kill()
                self._proc = None
                raise
        if not status:
            raise RuntimeError(f"SQLite read failed: {payload.decode()}")
        return pl.read_ipc_stream(io.BytesIO(payload))


# Two helpers, so that the independent reads of one request (a snapshot's people, facts
# and certificates) run on both cores; each read takes whichever is idle.
_readers = (_Reader(), _Reader())
_idle: queue.SimpleQueue[_Reader] = queue.SimpleQueue()
for _r in _readers:
    _idle.put(_r)


def start_readers() -> None:
    """Start both helpers ahead of a large read: each takes ~0.2 s to start (importing
    connectorx and pyarrow), time the caller can spend on its own work meanwhile."""
    for reader in _readers:
        reader.start()


def read_sqlite(url: str, sql: str) -> pl.DataFrame:
    """A frame of ``sql`` over the SQLite file at ``url`` (``sqlite:///abs/path``)."""
    reader = _idle.get()
    try:
        return reader.read(url, sql)
    finally:
        _idle.put(reader)


def read_sqlite_many(url: str, sqls: list[str]) -> list[pl.DataFrame]:
    """Frames of several independent queries, read at once by the helpers.

    Each helper takes the next query as soon as it is free (give the longest first), so
    one slow query does not leave the other helper idle behind a fixed split.
    """
    if len(sqls) == 1:
        return [read_sqlite(url, sqls[0])]
    with ThreadPoolExecutor(max_workers=len(_readers)) as pool:
        return list(pool.map(lambda sql: read_sqlite(url, sql), sqls))
