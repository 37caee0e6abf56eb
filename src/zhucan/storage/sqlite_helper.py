"""The SQLite read helper process of :mod:`.sqlite_reader`: connectorx reads as Arrow IPC.

It imports only connectorx and pyarrow (not Polars, twice as slow to import), so that a
helper is ready sooner after it is started.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import IO

HEADER = struct.Struct(">BQ")  # status (1 = ok, 0 = error), payload length


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The helper's loop: one JSON line {url, sql} in, one framed answer out."""
    import connectorx as cx
    import pyarrow as pa

    for line in requests:
        request = json.loads(line)
        try:
            table = cx.read_sql(request["url"], request["sql"], return_type="arrow")
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            status, payload = 1, memoryview(sink.getvalue())  # no copy
        except Exception as exc:  # the error travels back to the caller as text
            status, payload = 0, memoryview(f"{type(exc).__name__}: {exc}".encode())
        answers.write(HEADER.pack(status, payload.nbytes))
        answers.write(payload)
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
