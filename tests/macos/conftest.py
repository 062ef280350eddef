"""Fixtures for the Mac's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from psso_sim.actors import Person
from psso_sim.macos.platform_sso import RegistrationStatus
from psso_sim.world import World


def _registered(seed: int, method: str = "Password") -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method=method)
    someone = Person(world, user, world.add_mac(owner=user))
    someone.enroll_with_company_portal()
    someone.register_with_company_portal()
    assert someone.mac.platform_sso.status is RegistrationStatus.REGISTERED, someone.mac.desktop.describe()
    return someone


@pytest.fixture
def registered() -> Callable[..., Person]:
    """``registered(seed, method="Password")``: a user whose Mac is enrolled and registered through Company
    Portal with that method (the Platform SSO payload's value), on the current product's defaults."""
    return _registered
