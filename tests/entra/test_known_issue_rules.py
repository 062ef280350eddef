"""Entra's side of the long-running known issue: a registration service outage answers 503 for
its duration, and the Mac registers once it ends and the prompt comes back."""

from __future__ import annotations

from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.macos.platform_sso import RegistrationStatus
from psso_sim.world import World


def test_an_outage_refuses_registration_until_it_ends() -> None:
    world = World(seed=12)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=14, owner=user))
    world.entra.registration.start_outage(timedelta(minutes=3))
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        psso = person.mac.platform_sso
        assert psso.status is RegistrationStatus.FAILED
        assert psso.last_error is not None and "temporarily unavailable" in psso.last_error
        assert any(line.endswith("/EnrollmentServer/device/ -> 503") for line in world.trace.lines("network"))
        world.advance(timedelta(minutes=10))
        person.mac.desktop.select("Register", "Notification")
        person.enter_credentials()
        world.advance(timedelta(minutes=1))
        assert psso.registration_completed
