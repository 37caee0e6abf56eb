"""Keeping connections spread over the workers: the share rule and the middleware."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from zhucan.web.balance import Balancer, Rebalance, over_share


@pytest.mark.parametrize(
    ("held", "index", "closing", "over"),
    [
        ([28, 22], 0, 0, True),
        ([28, 22], 1, 0, False),
        ([28, 22], 0, 2, True),
        ([28, 22], 0, 3, False),  # three already asked: 25 left
        ([25, 25], 0, 0, False),
        ([26, 25], 0, 0, False),  # 51 over two: 26 is its share
        ([26, 24], 0, 0, True),
        ([2, 0, 0], 0, 0, True),
        ([1, 0, 0], 0, 0, False),
        ([0, 0], 0, 0, False),
    ],
)
def test_over_share(held: list[int], index: int, closing: int, over: bool) -> None:
    assert over_share(held, index, closing) is over


def test_balancer_counts_the_clients_it_asked_to_reconnect() -> None:
    held = [0, 0]
    mine = Balancer(held, 0)
    mine.publish(13)
    Balancer(held, 1).publish(7)
    assert held == [13, 7]
    asked = [mine.take_close() for _ in range(5)]
    assert asked == [True, True, True, False, False]  # 13 - 3 = 10, its share
    mine.publish(11)  # of 18: two of those asked came back
    assert [mine.take_close() for _ in range(3)] == [True, True, False]


def _app(held: list[int]) -> Rebalance:
    async def page(_request: object) -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"x-page": "1"})

    return Rebalance(Starlette(routes=[Route("/", page)]), Balancer(held, 0))


def _connection_headers(app: Rebalance, n: int) -> list[str | None]:
    with TestClient(app) as client:
        answers = [client.get("/") for _ in range(n)]
    assert all(a.text == "ok" and a.headers["x-page"] == "1" for a in answers)
    return [a.headers.get("connection") for a in answers]


def test_a_worker_over_its_share_asks_that_many_clients_to_reconnect() -> None:
    assert _connection_headers(_app([12, 8]), 4) == ["close", "close", None, None]


def test_a_worker_within_its_share_keeps_its_connections() -> None:
    assert _connection_headers(_app([10, 10]), 3) == [None, None, None]
