"""The respx routes are shared by every World in the process; each World still answers only its own traffic."""

from __future__ import annotations

import threading

import httpx
import pytest
import respx

from psso_sim.errors import SimError, UnexpectedRequest
from psso_sim.network import Network
from psso_sim.network.routing import HANDLERS
from psso_sim.network.service import Endpoint, ServiceRoutes, json_response
from psso_sim.trace import Trace
from psso_sim.world import World

LOGIN = "https://login.microsoftonline.com"


def openid_configuration(world: World, tenant: str) -> httpx.Response:
    with world.network.client("probe") as http:
        return http.get(f"{LOGIN}/{tenant}/v2.0/.well-known/openid-configuration")


def test_two_worlds_share_the_routes_but_answer_with_their_own_services() -> None:
    a, b = World(seed=1), World(seed=2)
    mine, theirs = a.entra.tenant.tenant_id, b.entra.tenant.tenant_id
    assert openid_configuration(a, mine).json()["issuer"] == f"{LOGIN}/{mine}/v2.0"
    assert openid_configuration(b, theirs).json()["issuer"] == f"{LOGIN}/{theirs}/v2.0"
    # Each World's Entra knows only its own tenant, though the respx route that matched is the same object.
    assert openid_configuration(a, theirs).status_code == 400
    key = ("login.microsoftonline.com", "GET")
    assert a.network._bound[key].table is b.network._bound[key].table
    assert [e.message.count(theirs) for e in b.trace.entries if e.kind == "http"] == [1]
    assert len(a.network.requests) == 2 and len(b.network.requests) == 1


def test_worlds_in_threads_never_see_each_others_answers() -> None:
    worlds = [World(seed=seed) for seed in range(4)]
    wrong: list[str] = []

    def ask(world: World) -> None:
        tenant = world.entra.tenant.tenant_id
        for _ in range(25):
            issuer = openid_configuration(world, tenant).json()["issuer"]
            if tenant not in issuer:
                wrong.append(f"World({world.seed}) got {issuer}")

    threads = [threading.Thread(target=ask, args=(world,)) for world in worlds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_the_second_world_builds_no_respx_route(monkeypatch: pytest.MonkeyPatch) -> None:
    first = World(seed=3)
    openid_configuration(first, first.entra.tenant.tenant_id)
    built: list[object] = []
    real = respx.Router.route

    def counting(self: respx.Router, *patterns: object, **lookups: object) -> respx.Route:
        built.append(lookups)
        return real(self, *patterns, **lookups)

    monkeypatch.setattr(respx.Router, "route", counting)
    second = World(seed=4)
    assert openid_configuration(second, second.entra.tenant.tenant_id).status_code == 200
    assert built == []


def test_the_shared_routes_keep_no_call_history() -> None:
    world = World(seed=5)
    request = httpx.Request("GET", f"{LOGIN}/{world.entra.tenant.tenant_id}/v2.0/.well-known/openid-configuration")
    assert world.network._handle(request).status_code == 200
    assert HANDLERS not in request.extensions  # the World's handlers do not leave with the request
    router = world.network._bound[("login.microsoftonline.com", "GET")].table._router
    assert [route.call_count for route in router.routes] == [0] * len(router.routes)
    assert router.calls.call_count == 0


def test_an_unknown_host_names_it_and_lists_the_simulated_hosts() -> None:
    world = World(seed=6)
    with pytest.raises(UnexpectedRequest) as caught:
        world.network.client("probe").get("https://evil.example.com/steal?x=1")
    assert caught.value.message == "no simulated service answers host 'evil.example.com' (GET https://evil.example.com/steal)"
    assert caught.value.hint == "simulated hosts: " + ", ".join(world.network.hosts)
    assert world.network.unexpected == [caught.value.message]
    assert world.trace.entries[-1].message == f"UNEXPECTED {caught.value.message}"


def test_a_method_no_endpoint_has_names_every_service_of_the_host() -> None:
    world = World(seed=6)
    with pytest.raises(UnexpectedRequest) as caught:
        world.network.client("probe").delete("https://graph.microsoft.com/v1.0/me")
    assert caught.value.message == "Entra ID / Intune has no endpoint for DELETE https://graph.microsoft.com/v1.0/me"
    hint = caught.value.hint or ""
    assert hint.startswith("endpoints: POST https://login.microsoftonline.com^/(?P<tenant>")  # Entra's first
    assert "GET https://graph.microsoft.com^/v1\\.0//?deviceManagement/managedDevices$" in hint  # and Intune's


def test_a_service_error_is_answered_and_the_trace_names_the_service() -> None:
    world = World(seed=7)
    assert openid_configuration(world, "no-such-tenant").status_code == 400
    exchange = world.trace.entries[-1]
    assert exchange.detail["service"] == "Entra ID" and exchange.message.endswith(" -> 400")


def test_two_services_claiming_one_endpoint_is_refused() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return json_response({})

    network = Network(Trace(World(seed=8).clock))
    network.mount(ServiceRoutes("First", [Endpoint("GET", "example.test", r"^/a$", answer, "a")]))
    with pytest.raises(SimError, match=r"Second and First both answer GET https://example.test\^/a\$"):
        network.mount(ServiceRoutes("Second", [Endpoint("GET", "example.test", r"^/a$", answer, "a again")]))
    assert network.services[0].name == "First" and len(network.services) == 1  # nothing half-mounted
    with pytest.raises(SimError, match=r"Third and Third both answer POST"):
        network.mount(ServiceRoutes("Third", [Endpoint("POST", "example.test", r"^/b$", answer, "b"),
                                              Endpoint("post", "example.test", r"^/b$", answer, "b again")]))
