"""The lock screen takes Entra's password with a password-syncing method, as the login window does."""

from __future__ import annotations

from psso_sim.actors import Person
from psso_sim.world import World

NEW = "New-Passw0rd-2026!"


def registered(seed: int = 5) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(owner=user, macos=14))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.registration_completed
    return person


def test_a_password_changed_elsewhere_unlocks_the_mac_and_is_synced() -> None:
    person = registered()
    mac, directory = person.mac, person.world.entra.directory
    old = mac.account.password
    directory.change_password(person.user, person.entra_password, NEW, at=person.world.now())
    mac.lock_screen.lock()
    assert mac.lock_screen.unlock(NEW)
    assert mac.account.password == NEW and not mac.account.verify(old)


def test_a_wrong_password_neither_unlocks_nor_syncs() -> None:
    person = registered()
    mac = person.mac
    old = mac.account.password
    mac.lock_screen.lock()
    assert not mac.lock_screen.unlock("not-the-password")
    assert mac.lock_screen.locked and mac.account.password == old
