"""The SSO extension's retry policy (MSAL's): a 5xx is sent again once; a 429 or a twice-failed 5xx holds
token requests back, without sending them, for Retry-After (a minute for a 5xx without one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from psso_sim.company_portal.retry_policy import THROTTLED, ClientThrottle


class Server:
    def __init__(self, *answers: httpx.Response) -> None:
        self.answers, self.sent = list(answers), 0

    def __call__(self) -> httpx.Response:
        self.sent += 1
        return self.answers.pop(0)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, tzinfo=UTC)
        self.waits: list[timedelta] = []

    def wait(self, by: timedelta) -> None:
        self.waits.append(by)
        self.now += by


def throttle(clock: Clock) -> ClientThrottle:
    return ClientThrottle(lambda: clock.now, clock.wait)


def test_a_5xx_is_sent_again_once_a_second_later() -> None:
    clock, server = Clock(), Server(httpx.Response(503), httpx.Response(200))
    assert throttle(clock).send(server).status_code == 200  # type: ignore[union-attr]
    assert server.sent == 2 and clock.waits == [timedelta(seconds=1)]


def test_a_429_is_not_sent_again_and_holds_requests_back_for_retry_after() -> None:
    clock, server = Clock(), Server(httpx.Response(429, headers={"Retry-After": "30"}), httpx.Response(200))
    client = throttle(clock)
    assert client.send(server).status_code == 429  # type: ignore[union-attr]
    clock.now += timedelta(seconds=29)
    held = client.send(server)
    assert held == {"error": THROTTLED, "error_description": "The request was not sent: the client is throttled "
                    "for 1 more seconds (the token endpoint answered 429)."}
    assert server.sent == 1
    clock.now += timedelta(seconds=1)
    assert client.send(server).status_code == 200  # type: ignore[union-attr]


def test_a_5xx_failing_twice_holds_back_for_a_minute_without_retry_after() -> None:
    clock, server = Clock(), Server(httpx.Response(500), httpx.Response(500), httpx.Response(200))
    client = throttle(clock)
    assert client.send(server).status_code == 500  # type: ignore[union-attr]
    assert client.held_until == clock.now + timedelta(minutes=1)
    assert isinstance(client.send(server), dict) and server.sent == 2


def test_a_429_without_retry_after_holds_nothing_back() -> None:
    clock, server = Clock(), Server(httpx.Response(429), httpx.Response(200))
    client = throttle(clock)
    client.send(server)
    assert client.held_until is None and client.send(server).status_code == 200  # type: ignore[union-attr]


def test_a_hold_shorter_than_a_second_is_reported_as_one_second_and_named_throttled() -> None:
    clock, server = Clock(), Server(httpx.Response(429, headers={"Retry-After": "1"}))
    client = throttle(clock)
    client.send(server)
    clock.now += timedelta(milliseconds=500)
    held = client.send(server)
    assert isinstance(held, dict) and held["error"] == "throttled"
    assert "throttled for 1 more seconds" in held["error_description"]
