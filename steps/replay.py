"""Replays: a request the Mac sent, recorded and sent again verbatim, as an attacker with a leaked copy would.

Each service must refuse the copy and change nothing: a spent server nonce (AADSTS50008), a spent enrollment
challenge, a spent registration token. The named requests are sim/network/wiretap.py's KINDS.
"""

from __future__ import annotations

import httpx
import pytest
from pytest_bdd import given, then, when

from psso_sim.entra.urls import REGISTRATION_HOST
from psso_sim.macos.mac import Mac
from psso_sim.network.wiretap import Wiretap, replay
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


def _state(world: World) -> dict[str, set[str]]:
    """What a replay must not change: tokens and devices in Entra ID, devices and identities in Intune."""
    return {
        "Entra ID tokens": set(world.entra.tokens.grants),
        "Entra ID devices": set(world.entra.directory.devices),
        "Intune devices": set(world.intune.devices),
        "Intune identity certificates": set(world.intune.identity.issued),
    }


class _Replayed:
    def __init__(self, response: httpx.Response, before: dict[str, set[str]], after: dict[str, set[str]]) -> None:
        self.response, self.before, self.after = response, before, after


@pytest.fixture
def replays() -> list[_Replayed]:
    """This scenario's replays, newest last."""
    return []


def _wiretap(world: World) -> Wiretap:
    if world.network.wiretap is None:
        from psso_sim.errors import SimError

        raise SimError("nothing records the Mac's requests", hint='start with "Given someone records what the '
                       'Mac sends" before the steps that send them', subsystem="steps")
    return world.network.wiretap


@given(step_parser("someone records what the Mac sends"))
@when(step_parser("someone records what the Mac sends"))
def record(world: World) -> None:
    """Every request on the simulated network is kept from now on, to be sent again by a replay step.

    Example: Given someone records what the Mac sends
    """
    world.network.wiretap = Wiretap()


@when(step_parser('they send the Mac\'s last "{kind:Label}" request again'))
def send_again(world: World, mac: Mac, replays: list[_Replayed], kind: str) -> None:
    """The newest recorded request of that kind from the Mac, byte for byte, from another client. Kinds:
    "Platform SSO login", "PRT refresh", "MDM enrollment", "SCEP enrollment", "device registration".

    Example: When they send the Mac's last "Platform SSO login" request again
    """
    request = _wiretap(world).last(kind, mac.name)
    before = _state(world)
    response = replay(world.network.client("replaying observer"), request)
    replays.append(_Replayed(response, before, _state(world)))


@given(step_parser('someone answers the Mac\'s next "{kind:Label}" request with the answer to its last one'))
@when(step_parser('someone answers the Mac\'s next "{kind:Label}" request with the answer to its last one'))
def play_back_answer(world: World, mac: Mac, kind: str) -> None:
    """An attacker in the network path keeps the answer the Mac's last request of that kind got and plays it
    back to the next one, which then never reaches the service. The Mac must see that the answer is not to
    its request: a login's answer is sealed to that login's key agreement and names its nonce.

    Example: When someone answers the Mac's next "Platform SSO login" request with the answer to its last one
    """
    _wiretap(world).play_back(kind, mac.name)


def _last_replay(replays: list[_Replayed]) -> _Replayed:
    assert replays, 'no replay yet: a "they send the Mac\'s last ... request again" step comes first'
    return replays[-1]


@when(step_parser("someone without the Mac's device key asks Entra ID to unregister the Mac"))
def forged_unregister(world: World, mac: Mac, replays: list[_Replayed]) -> None:
    """A DELETE of the Mac's device object whose proof no device key signed: Entra must check the proof before
    it touches the device, its PRTs or its credentials.

    Example: When someone without the Mac's device key asks Entra ID to unregister the Mac
    """
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    forged = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY3Rpb24iOiJ1bnJlZ2lzdGVyIn0.bm90LXNpZ25lZA"  # unsigned
    before = _state(world)
    response = world.network.client("someone else").delete(
        f"https://{REGISTRATION_HOST}/EnrollmentServer/device/{registration.device_id}",
        headers={"Authorization": f"Bearer {forged}"})
    replays.append(_Replayed(response, before, _state(world)))


@then(step_parser('the replay is refused with "{code:Label}"'))
def replay_refused(replays: list[_Replayed], code: str) -> None:
    """The service answered the copy with an error whose body names the code (an AADSTS number or an error name).

    Example: Then the replay is refused with "AADSTS50008"
    """
    response = _last_replay(replays).response
    assert response.status_code >= 400, f"the replay was accepted ({response.status_code}): {response.text[:300]}"
    assert code in response.text, f"the refusal does not name {code}: {response.status_code} {response.text[:300]}"


@then(step_parser("the replay changed nothing in Entra ID or Intune"))
def replay_changed_nothing(replays: list[_Replayed]) -> None:
    """No token issued, no device or identity certificate added or removed by the copy.

    Example: Then the replay changed nothing in Entra ID or Intune
    """
    replayed = _last_replay(replays)
    changed = {name: sorted(replayed.after[name] ^ replayed.before[name])[:3]
               for name in replayed.before if replayed.after[name] != replayed.before[name]}
    assert not changed, f"the replay changed: {changed}"


@then(step_parser('the forged request is refused with "{code:Label}"'))
def forged_refused(replays: list[_Replayed], code: str) -> None:
    """The service answered a forged request (one no key of the Mac signed) with an error naming the code.

    Example: Then the forged request is refused with "AADSTS50155"
    """
    replay_refused(replays, code)


@then(step_parser("the forged request changed nothing in Entra ID or Intune"))
def forged_changed_nothing(replays: list[_Replayed]) -> None:
    """No token issued, no device or identity certificate added or removed by the forged request.

    Example: Then the forged request changed nothing in Entra ID or Intune
    """
    replay_changed_nothing(replays)


@then(step_parser('the Mac sent {count:Number} "{kind:Label}" requests since the recording began'))
def sent_count(world: World, mac: Mac, count: int, kind: str) -> None:
    """How many requests of that kind the Mac sent: a login LoginFrequency did not call for is one too many.

    Example: Then the Mac sent 0 "Platform SSO login" requests since the recording began
    """
    sent = _wiretap(world).sent(kind, mac.name)
    assert len(sent) == count, f"{mac.name} sent {len(sent)} {kind} requests, not {count}"


def _last_answer(world: World, mac: Mac, kind: str) -> httpx.Response:
    request = _wiretap(world).last(kind, mac.name)
    response = _wiretap(world).answer(request)
    assert response is not None, f"{mac.name}'s last {kind} request got no answer (a timeout?)"
    return response


@then(step_parser('the Mac\'s last "{kind:Label}" request was refused with "{code:Label}"'))
def last_request_refused(world: World, mac: Mac, kind: str, code: str) -> None:
    """The service (or a fault) answered the Mac's newest recorded request of that kind with an error naming the
    code: an AADSTS number, an OAuth error or a service's error name.

    Example: Then the Mac's last "Platform SSO login" request was refused with "AADSTS50008"
    """
    response = _last_answer(world, mac, kind)
    assert response.status_code >= 400, f"it was accepted ({response.status_code}): {response.text[:300]}"
    assert code in response.text, f"the refusal does not name {code}: {response.status_code} {response.text[:300]}"


@then(step_parser('the Mac\'s last "{kind:Label}" request succeeded'))
def last_request_succeeded(world: World, mac: Mac, kind: str) -> None:
    """The service answered the Mac's newest recorded request of that kind with a 2xx status.

    Example: Then the Mac's last "Platform SSO login" request succeeded
    """
    response = _last_answer(world, mac, kind)
    assert response.is_success, f"it was refused ({response.status_code}): {response.text[:300]}"
