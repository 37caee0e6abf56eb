"""Benchmarks (not tests): ``.venv/bin/python tests/unit/access/bench_access.py [n]``.

Prints the time of ``encrypt_many`` + ``blind_index_many`` on n citizen-ID-like values
and of ``verify`` on an audit log of n rows in a temporary SQLite file.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from zhucan.access.audit import GENESIS_HASH, canonical_json, row_hash, verify
from zhucan.access.crypto import FieldCipher
from zhucan.access.tables import audit_log
from zhucan.storage.engine import make_engine
from zhucan.storage.metadata import load_all_tables


def bench_crypto(n: int) -> None:
    """Time bulk encryption and blind indexing of n values."""
    values = [f"3301021990{i:08d}" for i in range(n)]
    cipher = FieldCipher(os.urandom(32))
    start = time.perf_counter()
    blobs = cipher.encrypt_many(values)
    middle = time.perf_counter()
    cipher.blind_index_many(values)
    end = time.perf_counter()
    print(
        f"{n:,} values: encrypt_many {middle - start:.2f} s, "
        f"blind_index_many {end - middle:.2f} s, total {end - start:.2f} s"
    )
    start = time.perf_counter()
    cipher.decrypt_many(blobs)
    print(f"{n:,} values: decrypt_many {time.perf_counter() - start:.2f} s")


def bench_audit_verify(n: int) -> None:
    """Time verify() on an n-row audit chain (rows built directly, not via record())."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_all_tables().create_all(engine)
        at = dt.datetime(2025, 1, 1, 8, 0, 0, 123456)
        prev = GENESIS_HASH
        rows = []
        for i in range(1, n + 1):
            detail = canonical_json({"field": "phone", "new": "138****5678", "n": i})
            digest = row_hash(prev, i, at, "user1", "person.update", "person", str(i), detail)
            rows.append(
                {
                    "id": i,
                    "at": at,
                    "actor": "user1",
                    "action": "person.update",
                    "entity": "person",
                    "entity_id": str(i),
                    "detail": detail,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        with engine.begin() as conn:
            conn.execute(insert(audit_log), rows)
        start = time.perf_counter()
        with engine.connect() as conn:
            result = verify(conn)
        print(f"verify on {n:,} audit rows: {time.perf_counter() - start:.2f} s ({result})")
        engine.dispose()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    bench_crypto(count)
    bench_audit_verify(count)
