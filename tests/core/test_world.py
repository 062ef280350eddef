from datetime import timedelta

import httpx
import pytest

from psso_sim.errors import UnexpectedRequest
from psso_sim.world import World


def build(seed: int) -> tuple[World, list[str]]:
    world = World(seed=seed)
    user = world.add_user()
    mac = world.add_mac(owner=user)
    world.target_platform_sso()
    return world, [
        user.object_id,
        user.user_principal_name,
        user.password,
        mac.udid,
        mac.serial_number,
        mac.name,
        world.entra.tenant.tenant_id,
    ]


def test_same_seed_same_identifiers_and_data() -> None:
    assert build(7)[1] == build(7)[1]
    assert build(7)[1] != build(8)[1]


def test_two_worlds_in_one_process_are_independent() -> None:
    a, _ = build(1)
    b, _ = build(1)
    a.add_user("extra@contosolabs.onmicrosoft.com", password="x")
    a.advance(timedelta(days=1))
    assert len(a.entra.directory.users) == 2 and len(b.entra.directory.users) == 1
    assert b.now() == b.clock.start


def test_a_request_to_an_unknown_host_fails_naming_it() -> None:
    world, _ = build(1)
    mac = next(iter(world.macs.values()))
    with pytest.raises(UnexpectedRequest) as caught:
        mac.http.get("https://evil.example.com/steal")
    assert "evil.example.com" in str(caught.value)
    assert "login.microsoftonline.com" in str(caught.value)  # the hint lists the simulated hosts
    assert world.network.unexpected


def test_an_unknown_path_on_a_known_host_fails_listing_endpoints() -> None:
    world, _ = build(1)
    mac = next(iter(world.macs.values()))
    with pytest.raises(UnexpectedRequest, match="Entra ID has no endpoint") as caught:
        mac.http.get("https://login.microsoftonline.com/common/nope")
    assert "token endpoint" in str(caught.value)


def test_invalid_bodies_get_a_path_and_message() -> None:
    world, _ = build(1)
    client = world.network.client("test")
    response = client.post(
        "https://enterpriseregistration.windows.net/EnrollmentServer/device/",
        json={"DeviceDisplayName": "x"},
        headers={"Authorization": "Bearer x"},
    )
    assert response.status_code == 400
    assert response.json()["error_description"].startswith("Invalid body: DeviceType: Field required")


def test_nothing_reaches_the_real_network() -> None:
    world, _ = build(1)
    with pytest.raises(UnexpectedRequest):
        world.network.client("test").get("https://example.com/")
    assert isinstance(world.network.client("t")._transport, httpx.MockTransport)


def test_the_trace_is_identical_for_the_same_seed() -> None:
    def run() -> str:
        world, _ = build(3)
        mac = next(iter(world.macs.values()))
        mac.open_app("Company Portal")
        world.advance(timedelta(hours=1))
        return str(world.trace)

    assert run() == run()
