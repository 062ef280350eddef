"""Faults across a whole flow: a slow MDM command, throttled tokens, the outage switch, and reproducibility."""

from __future__ import annotations

from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.faults import SETTINGS, token_throttling
from psso_sim.world import World


def enrolled(seed: int, macos: int = 14) -> tuple[World, Person]:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=macos, owner=user))
    with world.frozen_time():
        person.enroll_with_company_portal()
    return world, person


def test_a_slow_mdm_command_wakes_the_mac_that_much_later() -> None:
    world, person = enrolled(3)
    udid = person.mac.udid
    world.faults.inject("mdm slow 1h x1")
    sent = world.now()
    world.intune.push(udid)
    world.advance(timedelta(hours=2))
    woken = [entry.at for entry in world.trace.of_kind("event") if entry.message == f"APNs push: Intune to {udid}"
             and entry.at > sent]
    assert woken and woken[0] == sent + timedelta(hours=1, seconds=30), woken  # the delay on top of APNs's own
    assert any(f"mdm slow 1h x1 -> MDM command to {udid}" in line for line in world.trace.lines("faults"))


def test_throttling_answers_429_with_retry_after_and_the_client_holds_back_for_that_long() -> None:
    world, person = enrolled(4)
    fault = token_throttling()
    assert fault.window == timedelta(seconds=SETTINGS["throttle_retry_after_seconds"]) == timedelta(seconds=30)
    world.faults.inject(fault)
    with world.frozen_time():
        person.register_with_company_portal()  # the sign-in is refused: 429, Retry-After: 30; Person waits on
    token_exchanges = [entry for entry in world.trace.of_kind("http") if "/oauth2/v2.0/token" in entry.message]
    (refused,) = [entry for entry in token_exchanges if entry.message.endswith("-> 429")]
    throttle = person.mac.platform_sso.extension.throttle
    assert throttle is not None and throttle.held_until == refused.at + timedelta(seconds=30)
    assert person.mac.desktop.shows_text("Too many requests. Try again later.", "Sign in")
    assert not person.mac.platform_sso.registration_completed


def test_the_outage_switch_is_a_fault_in_the_plan() -> None:
    world, person = enrolled(5)
    world.entra.registration.start_outage(timedelta(minutes=5))
    (active,) = world.faults.active
    assert active.fault.status == 503 and active.fault.window == timedelta(minutes=5)
    with world.frozen_time():
        person.register_with_company_portal()
    assert not person.mac.platform_sso.registration_completed
    assert any(line.endswith("/EnrollmentServer/device/ -> 503") for line in world.trace.lines("network"))
    assert len(world.trace.lines("faults")) == 2  # the injection, then the one registration it refused


def _run(seed: int) -> list[str]:
    world, person = enrolled(seed)
    world.faults.inject("login.microsoftonline.com 503 40%")
    world.faults.inject("enterpriseregistration.windows.net latency 20s")
    with world.frozen_time():
        person.register_with_company_portal()
        world.advance(timedelta(minutes=30))
    assert len(world.trace.lines("faults")) > 2, "the faults struck"
    return world.trace.lines()


def test_the_same_seed_gives_the_same_faults_and_trace() -> None:
    first = _run(11)
    assert first == _run(11)
    assert first != _run(12)
