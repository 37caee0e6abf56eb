"""The load driver of ``zhucan bench web``: closed-loop HTTP clients in their own process.

Reads one JSON job from standard input, signs in once per user, then for each scenario
runs ``clients`` concurrent clients (asyncio + httpx, one keep-alive connection each) that
take requests from a shared, pre-shuffled list until it is empty. Every response is
checked (status 200 and the request's marker string); a failed check is counted as an
error, never ignored. Writes one JSON object of figures to standard output.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from typing import Any

import httpx

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def sign_in(base: str, username: str, password: str) -> httpx.Cookies:
    """The cookies of a signed-in session (the sign-in form's CSRF token included)."""
    async with httpx.AsyncClient(base_url=base) as client:
        page = await client.get("/login")
        token = _CSRF.search(page.text)
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        form = {"username": username, "password": password, "csrf_token": token.group(1)}
        done = await client.post("/login", data=form)
        if done.status_code != 303:
            raise RuntimeError(f"sign-in as {username} failed: HTTP {done.status_code}")
        return client.cookies


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (q in 0..100)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


async def _client(
    base: str,
    cookies: httpx.Cookies,
    work: list[tuple[str, str]],
    think: float,
    start: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    await asyncio.sleep(start)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    timeout = httpx.Timeout(120.0)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=timeout
    ) as client:
        while work:
            url, marker = work.pop()
            started = time.perf_counter()
            try:
                response = await client.get(url)
                body = response.text
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(f"{url}: HTTP {response.status_code}")
                elif marker not in body:
                    errors.append(f"{url}: marker {marker!r} missing")
                else:
                    latencies.append(elapsed)
            except httpx.HTTPError as exc:
                errors.append(f"{url}: {type(exc).__name__}")
            if think:
                await asyncio.sleep(think)


async def run_scenario(
    base: str, cookies: httpx.Cookies, requests: list[tuple[str, str]], clients: int, think: float
) -> dict[str, Any]:
    """Drive ``requests`` through ``clients`` closed-loop clients; latency figures in ms."""
    work = list(reversed(requests))  # pop() from the end keeps the given order
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    # With think time the clients start spread over one think period, as people would.
    await asyncio.gather(
        *(
            _client(base, cookies, work, think, think * i / clients, latencies, errors)
            for i in range(clients)
        )
    )
    wall = time.perf_counter() - started
    ordered = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(requests),
        "ok": len(ordered),
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(_percentile(ordered, 50), 1),
        "p95_ms": round(_percentile(ordered, 95), 1),
        "p99_ms": round(_percentile(ordered, 99), 1),
        "max_ms": round(ordered[-1], 1) if ordered else 0.0,
        "throughput_rps": round(len(ordered) / wall, 1) if wall else 0.0,
        "wall_s": round(wall, 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


async def main_async(job: dict[str, Any]) -> dict[str, Any]:
    """Sign in, warm up, then measure each scenario in the order given."""
    base = job["base"]
    sessions = {
        name: await sign_in(base, name, password) for name, password in job["users"].items()
    }
    results: dict[str, Any] = {}
    for scenario in job["scenarios"]:
        cookies = sessions[scenario["user"]]
        pairs = [(url, marker) for url, marker in scenario["requests"]]
        warm = pairs[: job["warmup"]]
        if warm:
            await run_scenario(base, cookies, warm, job["clients"], 0.0)
        measured = pairs[job["warmup"] :]
        results[scenario["name"]] = await run_scenario(
            base, cookies, measured, job["clients"], job["think"]
        )
        print(scenario["name"], json.dumps(results[scenario["name"]]), file=sys.stderr)
    return results


def main() -> None:
    """Entry point: the job on stdin, the figures on stdout."""
    job = json.loads(sys.stdin.read())
    json.dump(asyncio.run(main_async(job)), sys.stdout)


if __name__ == "__main__":
    main()
