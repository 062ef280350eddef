"""Default users and Macs never collide, however many a World makes, and the same seed names them alike."""

import pytest

from psso_sim.world import World, WorldError


def names(seed: int) -> tuple[list[str], list[str]]:
    world = World(seed=seed)
    users = [world.add_user() for _ in range(1_000)]
    macs = [world.add_mac(owner=user).name for user in users[:500]]
    macs += [world.add_mac().name for _ in range(250)] + [world.unbox_mac().name for _ in range(250)]
    return [u.user_principal_name for u in users], macs


def test_a_thousand_default_users_and_macs_have_distinct_deterministic_names() -> None:
    upns, macs = names(3)
    assert len(set(upns)) == 1_000 and len(set(macs)) == 1_000
    assert any(upn.split("@")[0][-1].isdigit() for upn in upns), "no Faker name was drawn twice: test too small"
    assert any(name.endswith(" (2)") for name in macs)
    assert (upns, macs) == names(3)


def test_a_taken_default_name_is_numbered_from_two() -> None:
    world = World(seed=3)
    adele = world.add_user(display_name="Adele Vance")
    first, second, third = (world.add_mac(owner=adele) for _ in range(3))
    assert [first.name, second.name, third.name] == [
        "Adele's MacBook Pro", "Adele's MacBook Pro (2)", "Adele's MacBook Pro (3)"]
    assert world.unbox_mac(owner=adele).name == "Adele's MacBook Pro (4)"


def test_a_name_given_twice_is_still_refused() -> None:
    world = World(seed=3)
    world.add_mac(name="Lab Mac")
    with pytest.raises(WorldError, match="already exists"):
        world.unbox_mac(name="Lab Mac")
