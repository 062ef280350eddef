"""Intune finds a managed device by UDID through an index; a registration token is spent with its device's others."""

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.intune.errors import UnknownManagedDevice
from psso_sim.world import World


def enrolled(world: World, count: int) -> list[Person]:
    world.target_platform_sso()
    people = []
    for _ in range(count):
        user = world.add_user()
        person = Person(world, user, world.add_mac(owner=user))
        person.install_management_profile()
        people.append(person)
    world.advance(timedelta(minutes=5))
    return people


def test_each_mac_is_found_by_its_udid_and_a_retired_one_is_not() -> None:
    world = World(seed=4)
    first, second = enrolled(world, 2)
    intune = world.intune
    found = intune.device_by_udid(second.mac.udid)
    assert found.udid == second.mac.udid and found.user_principal_name == second.user.user_principal_name
    intune.retire(intune.device_by_udid(first.mac.udid).id)
    with pytest.raises(UnknownManagedDevice, match="no managed device with UDID"):
        intune.device_by_udid(first.mac.udid)
    assert intune.device_by_udid(second.mac.udid).id == found.id


def test_a_registration_token_is_spent_with_the_other_tokens_of_its_device_only() -> None:
    world = World(seed=4)
    first, second = enrolled(world, 2)
    intune = world.intune
    tokens = dict(intune._registration_tokens)
    by_device = {device: [t for t, d in tokens.items() if d == device] for device in set(tokens.values())}
    first_id, second_id = intune.device_by_udid(first.mac.udid).id, intune.device_by_udid(second.mac.udid).id
    assert by_device[first_id] and by_device[second_id]
    spent = by_device[first_id][0]
    assert intune.redeem_registration_token(spent, first.user.user_principal_name) == first_id
    assert intune.redeem_registration_token(spent, first.user.user_principal_name) is None  # single-use
    assert intune.redeem_registration_token(by_device[second_id][0], second.user.user_principal_name) == second_id
