"""Each fault effect as a device sees it on the wire, its window and count, and its trace."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psso_sim.faults import parse_fault
from psso_sim.world import World

OPENID = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"


def get(world: World, client: httpx.Client) -> httpx.Response:
    return client.get(OPENID.format(tenant=world.entra.directory.tenant.tenant_id))


def test_a_status_fault_answers_it_with_retry_after_and_is_logged() -> None:
    world = World(seed=1)
    client = world.network.client("test")
    world.faults.inject("login.microsoftonline.com/*/v2.0/.well-known/* 429 retry-after=30 x1")
    throttled = get(world, client)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "30"
    assert throttled.json()["error_description"].startswith("Too many requests")
    assert get(world, client).status_code == 200  # x1: the next request is answered by the service
    log = world.trace.lines("faults")
    assert len(log) == 2 and "injected:" in log[0] and log[1].endswith(
        "-> GET " + OPENID.format(tenant=world.entra.directory.tenant.tenant_id))


def test_a_fault_on_another_host_or_path_does_not_strike() -> None:
    world = World(seed=1)
    client = world.network.client("test")
    world.faults.inject("enterpriseregistration.windows.net 503")
    world.faults.inject("login.microsoftonline.com/*/oauth2/v2.0/token 503")
    assert get(world, client).status_code == 200
    assert len(world.trace.lines("faults")) == 2  # only the two injections


def test_a_grant_type_fault_strikes_only_token_requests_of_that_grant() -> None:
    world = World(seed=1)
    client = world.network.client("test")
    token = f"https://login.microsoftonline.com/{world.entra.directory.tenant.tenant_id}/oauth2/v2.0/token"
    world.faults.inject("login.microsoftonline.com/*/oauth2/v2.0/token 503 grant_type=refresh_token x1")
    assert client.post(token, data={"grant_type": "srv_challenge"}).status_code == 200  # a nonce: not struck
    assert get(world, client).status_code == 200  # no form at all: not struck
    refused = client.post(token, data={"grant_type": "refresh_token", "refresh_token": "x"})
    assert refused.status_code == 503 and refused.json()["error"] == "service_unavailable"
    assert client.post(token, data={"grant_type": "refresh_token", "refresh_token": "x"}).status_code == 400  # x1


def test_a_timeout_raises_through_the_transport_and_is_traced() -> None:
    world = World(seed=1)
    world.faults.inject("login.microsoftonline.com timeout x1")
    with pytest.raises(httpx.TimeoutException, match="injected timeout"):
        get(world, world.network.client("test"))
    assert any(line.endswith("-> TIMEOUT (injected)") for line in world.trace.lines("network"))


def test_latency_moves_the_simulated_clock_only() -> None:
    world = World(seed=1)
    world.faults.inject("login.microsoftonline.com latency 5s x1")
    before = world.now()
    assert get(world, world.network.client("test")).status_code == 200
    assert world.now() - before == timedelta(seconds=5)


def test_latency_runs_what_falls_due_and_a_later_wait_still_ends_where_it_should() -> None:
    world = World(seed=1)
    ran: list[object] = []
    world.scheduler.after(timedelta(seconds=2), "due during the latency", lambda: ran.append(world.now()))
    world.faults.inject("login.microsoftonline.com latency 1m x1")
    world.scheduler.after(timedelta(seconds=1), "a request", lambda: get(world, world.network.client("t")))
    start = world.now()
    world.advance(timedelta(seconds=30))  # the request's latency carries the clock past the wait's end
    assert ran == [start + timedelta(seconds=2)]
    assert world.now() == start + timedelta(seconds=61)


def test_a_window_ends_in_simulated_time() -> None:
    world = World(seed=1)
    client = world.network.client("test")
    world.faults.inject("login.microsoftonline.com 503 for 10m")
    world.advance(timedelta(minutes=9, seconds=59))
    assert get(world, client).status_code == 503
    world.advance(timedelta(seconds=1))
    assert get(world, client).status_code == 200


def _strikes(seed: int) -> list[int]:
    world = World(seed=seed)
    client = world.network.client("test")
    world.faults.inject("login.microsoftonline.com 500 30%")
    return [get(world, client).status_code for _ in range(40)]


def test_a_chance_draws_from_the_seed() -> None:
    first = _strikes(7)
    assert first == _strikes(7), "the same seed strikes the same requests"
    assert 500 in first and 200 in first
    assert first != _strikes(8)


def test_a_dropped_push_never_wakes_the_device() -> None:
    world = World(seed=1)
    woken: list[str] = []
    world.runtime.apns.register("token", lambda: woken.append("woken"))
    world.faults.inject("apns drop x1")
    assert world.runtime.apns.notify("token", "first")
    world.advance(timedelta(minutes=5))
    assert woken == []
    world.runtime.apns.notify("token", "second")
    world.advance(timedelta(minutes=5))
    assert woken == ["woken"]
    assert any("apns drop x1 -> push (first)" in line for line in world.trace.lines("faults"))


def test_a_bad_spec_from_python_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="column 27: 'explode' is not an effect"):
        World(seed=1).faults.inject("login.microsoftonline.com explode")


def test_the_plan_holds_what_was_injected() -> None:
    world = World(seed=1)
    active = world.faults.inject(parse_fault("apns drop x2"))
    assert world.faults.active == [active] and active.remaining == 2
    world.faults.clear()
    assert world.faults.active == []


@pytest.mark.parametrize(("spec", "url", "shape"), [
    ("enterpriseregistration.windows.net 503", "https://enterpriseregistration.windows.net/EnrollmentServer/device/",
     {"ErrorType": "ServiceUnavailable", "ErrorCode": 503}),
    ("graph.microsoft.com 500", "https://graph.microsoft.com/v1.0/devices",
     {"error": {"code": "internal_server_error"}}),
])
def test_an_injected_answer_has_the_error_shape_of_the_service_it_stands_in_for(
    spec: str, url: str, shape: dict[str, object],
) -> None:
    world = World(seed=1)
    world.faults.inject(spec)
    body = world.network.client("test").post(url, data={}).json()
    for key, value in shape.items():
        assert (body[key] if not isinstance(value, dict) else {k: body[key][k] for k in value}) == value, body
