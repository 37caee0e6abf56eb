"""The load driver of ``zhucan bench web``: closed-loop HTTP clients in their own process.

Reads one JSON job from standard input, signs in once per user, then for each scenario
runs ``clients`` concurrent clients (asyncio + aiohttp, one keep-alive connection each) that
take requests from a shared, pre-shuffled list until it is empty. Every response is
checked (status 200 and the request's marker string); a failed check is counted as an
error, never ignored. Writes one JSON object of figures to standard output.

aiohttp rather than httpx: the driver shares the two cores with the server it measures,
and httpx spent about 1.2 ms of CPU per request (a third of a core at 450 requests a
second), aiohttp about a third of that.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from typing import Any

import aiohttp

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


Cookies = dict[str, str]


def _jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # the server is an IP address (127.0.0.1)


async def sign_in(base: str, username: str, password: str) -> Cookies:
    """The cookies of a signed-in session (the sign-in form's CSRF token included)."""
    async with aiohttp.ClientSession(base, cookie_jar=_jar()) as client:
        async with client.get("/login") as page:
            token = _CSRF.search(await page.text())
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        form = {"username": username, "password": password, "csrf_token": token.group(1)}
        async with client.post("/login", data=form, allow_redirects=False) as done:
            if done.status != 303:
                raise RuntimeError(f"sign-in as {username} failed: HTTP {done.status}")
        return {c.key: c.value for c in client.cookie_jar}


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (q in 0..100)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


async def _client(
    base: str,
    cookies: Cookies,
    work: list[tuple[str, str]],
    think: float,
    start: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    await asyncio.sleep(start)
    connector = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=120.0)
    async with aiohttp.ClientSession(
        base, cookies=cookies, cookie_jar=_jar(), connector=connector, timeout=timeout
    ) as client:
        while work:
            url, marker = work.pop()
            started = time.perf_counter()
            try:
                async with client.get(url) as response:
                    body = await response.text()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    errors.append(f"{url}: HTTP {response.status}")
                elif marker not in body:
                    errors.append(f"{url}: marker {marker!r} missing")
                else:
                    latencies.append(elapsed)
            except (aiohttp.ClientError, TimeoutError) as exc:
                errors.append(f"{url}: {type(exc).__name__}")
            if think:
                await asyncio.sleep(think)


async def run_scenario(
    base: str, cookies: Cookies, requests: list[tuple[str, str]], clients: int, think: float
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
