"""The psso-sim pytest plugin's fixtures for plain tests: the World and what is in it, live."""

from __future__ import annotations

from collections.abc import ValuesView

from psso_sim.entra.models import User
from psso_sim.macos.mac import Mac
from psso_sim.trace import Trace
from psso_sim.world import World


def test_users_macs_and_trace_are_live_views_of_the_world(
    world: World, users: ValuesView[User], macs: dict[str, Mac], world_trace: Trace
) -> None:
    assert list(users) == [] and macs == {}
    user = world.add_user()
    mac = world.add_mac(owner=user)
    assert list(users) == [user] and macs == {mac.name: mac}  # added after the fixtures were made
    assert world_trace is world.trace
    assert world.product.name == "current"  # an untagged test runs on the default release
