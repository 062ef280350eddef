"""Outcomes: an end state read from the modelled system, a known issue from what the Mac shows, and
"unexplained" (never hidden) when no known issue names the symptom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.entra.models import JoinPermission
from psso_sim.fleet import outcomes
from psso_sim.fleet.outcomes import (
    NOTHING_SHOWN,
    PASSWORD_NOT_SYNCED,
    REGISTERED,
    STUCK_IN_ENROLLMENT,
    STUCK_IN_REGISTRATION,
    UNEXPLAINED,
    FleetResult,
    MacOutcome,
    classify,
)
from psso_sim.fleet.population import Population
from psso_sim.world import World

AT = datetime(2023, 11, 6, 10, tzinfo=UTC)


def _outcome(index: int, state: str, issue: str | None) -> MacOutcome:
    return MacOutcome(index, f"Mac {index}", f"user{index}@contoso", 14, "Password", state, issue, "", AT, AT)


def test_counts_stuck_and_merge() -> None:
    population = Population(macs=4)
    first = FleetResult(population.slice(0, 2),
                        [_outcome(1, STUCK_IN_REGISTRATION, "X"), _outcome(0, REGISTERED, None)], timedelta(days=1))
    second = FleetResult(population.slice(2, 2), [_outcome(3, PASSWORD_NOT_SYNCED, "Y"),
                                                  _outcome(2, STUCK_IN_REGISTRATION, "X")], timedelta(days=2))
    merged = FleetResult.merge([second, first])
    assert [o.index for o in merged.outcomes] == [0, 1, 2, 3]
    assert merged.population.indices == range(4) and merged.simulated_span == timedelta(days=2)
    assert merged.counts() == {(REGISTERED, None): 1, (PASSWORD_NOT_SYNCED, "Y"): 1, (STUCK_IN_REGISTRATION, "X"): 2}
    assert next(iter(merged.counts())) == (REGISTERED, None)  # in END_STATES order
    assert merged.stuck(STUCK_IN_REGISTRATION) == 2 and merged.because_of("X") == 2


def _enrolled(world: World, *, per_user_mfa: bool = False) -> Person:
    user = world.add_user(per_user_mfa=per_user_mfa)
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=14, owner=user))
    person.enroll_with_company_portal()
    return person


def test_a_registered_mac_is_read_from_the_mac_and_entra() -> None:
    world = World(seed=3)
    with world.frozen_time():
        person = _enrolled(world)
        assert classify(world, person.mac)[0] == STUCK_IN_REGISTRATION  # asked to register, not yet
        person.register_with_company_portal()
        assert classify(world, person.mac) == (REGISTERED, None, "")
        registration = person.mac.platform_sso.registration
        assert registration is not None
        world.entra.directory.delete_device(registration.device_id)  # Entra has no device object any more
        assert classify(world, person.mac)[0] == STUCK_IN_REGISTRATION


def test_a_mac_never_enrolled_is_stuck_in_enrollment() -> None:
    world = World(seed=3)
    user = world.add_user()
    mac = world.add_mac(owner=user)
    state, issue, detail = classify(world, mac, "no Microsoft Entra sign-in on screen")
    assert (state, issue) == (STUCK_IN_ENROLLMENT, UNEXPLAINED)
    assert "the user: could not go on: no Microsoft Entra sign-in on screen" in detail


def test_the_known_issue_is_read_from_the_notification_the_mac_shows() -> None:
    world = World(seed=4)
    with world.frozen_time():
        person = _enrolled(world, per_user_mfa=True)
        person.register_with_company_portal()
        world.advance(timedelta(minutes=5))
        state, issue, detail = classify(world, person.mac)
    assert (state, issue) == (PASSWORD_NOT_SYNCED, "Per user MFA causes password sync failure")
    assert detail.startswith("Notification: Unable to Sync Password:") and "AADSTS50076" in detail


def test_a_silent_failure_is_insufficient_permissions() -> None:
    world = World(seed=5)
    with world.frozen_time():
        world.entra.directory.update_device_registration_policy(JoinPermission.NONE)
        person = _enrolled(world)
        person.register_with_company_portal()
        world.advance(timedelta(minutes=15))
        state, issue, detail = classify(world, person.mac)
    assert (state, issue) == (STUCK_IN_REGISTRATION, "No error message if user has insufficient permissions")
    assert NOTHING_SHOWN in detail


def test_a_symptom_no_known_issue_names_is_unexplained_and_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the per-user MFA row gone from the table, the Mac is not passed off as anything else."""
    rows = tuple(s for s in outcomes.SYMPTOMS if s.known_issue != "Per user MFA causes password sync failure")
    monkeypatch.setattr(outcomes, "SYMPTOMS", rows)
    world = World(seed=4)
    with world.frozen_time():
        person = _enrolled(world, per_user_mfa=True)
        person.register_with_company_portal()
        world.advance(timedelta(minutes=5))
        state, issue, detail = classify(world, person.mac)
    assert (state, issue) == (PASSWORD_NOT_SYNCED, UNEXPLAINED)
    assert "Unable to Sync Password" in detail and "AADSTS50076" in detail
