"""Password change events: an Entra password reset, the Mac's prompt for it, and unlocking.

Source: MacOS Platform single sign-on known issues and troubleshooting > Scenarios to validate >
Password change events
"""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import then, when

from psso_sim.actors import Person
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import UserState
from psso_sim.macos.prt_refresh import SIGN_IN_REQUIRED
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@when(step_parser("the user resets their Microsoft Entra ID password through SSPR"),
      target_fixture="previous_password")
def reset_password(world: World, person: Person) -> str:
    """Self-service password reset: Entra takes a new password and revokes the user's sessions.

    Example: When the user resets their Microsoft Entra ID password through SSPR
    """
    previous = person.entra_password
    new_password = world.faker.password(length=16, special_chars=True)
    world.entra.reset_password(person.user.user_principal_name, new_password)
    return previous


@then(step_parser("the next PRT refresh is due in {interval:Duration}"))
def next_refresh_due(world: World, mac: Mac, interval: timedelta) -> None:
    """Platform SSO has scheduled its next PRT refresh this far ahead (a change now is the worst case).

    Example: Then the next PRT refresh is due in 4 hours
    """
    event = mac.prt_refresh.next_refresh
    assert event is not None, "no PRT refresh is scheduled"
    assert event.due - world.now() == interval, f"the next PRT refresh is due in {event.due - world.now()}"


@then(step_parser("the Mac prompted for the new Microsoft Entra ID password within {limit:Duration} "
                  "of the change"))
def prompted_for_new_password(world: World, mac: Mac, person: Person, limit: timedelta) -> None:
    """Entra's password change time, and the Mac's prompt after it: at most the limit apart.

    Example: Then the Mac prompted for the new Microsoft Entra ID password within 4 hours of the change
    """
    changed = world.entra.directory.users[person.user.object_id].password_changed_at
    assert changed is not None, "Entra has no password change for the user"
    prompts = [n for n in mac.notifications.history if n.title == SIGN_IN_REQUIRED and n.posted_at >= changed]
    assert prompts, f"no {SIGN_IN_REQUIRED!r} prompt in the {world.now() - changed} since the change"
    delay = prompts[0].posted_at - changed
    assert delay <= limit, f"prompted {delay} after the change"
    assert mac.notifications.active(SIGN_IN_REQUIRED), f"the prompt is gone:\n{mac.desktop.describe()}"
    assert mac.platform_sso.user_state is UserState.LOGIN_NEEDED, mac.platform_sso.user_state


@when(step_parser('the user enters their Microsoft Entra ID password and selects "{label:Label}"'))
def enter_entra_password(mac: Mac, person: Person, label: str) -> None:
    """Type the current Entra password into Platform SSO's password dialog.

    Example: When the user enters their Microsoft Entra ID password and selects "Sign In"
    """
    mac.desktop.enter("Password", person.entra_password, "Platform Single Sign-On")
    mac.desktop.select(label, "Platform Single Sign-On")


@when(step_parser("the user locks the Mac"))
def lock(mac: Mac) -> None:
    """Apple menu > Lock Screen."""
    mac.lock_screen.lock()


@when(step_parser("the user unlocks the Mac with their previous Microsoft Entra ID password"))
def unlock_with_previous(mac: Mac, previous_password: str) -> None:
    """Type the password the user had before the reset at the lock screen."""
    _unlock(mac, previous_password)


@when(step_parser("the user unlocks the Mac with their Microsoft Entra ID password"))
def unlock_with_current(mac: Mac, person: Person) -> None:
    """Type the current Entra password at the lock screen."""
    _unlock(mac, person.entra_password)


def _unlock(mac: Mac, password: str) -> None:
    mac.desktop.enter("Password", password, "Lock Screen")
    mac.desktop.select("Unlock", "Lock Screen")


@then(step_parser("the Mac is locked"))
def is_locked(mac: Mac) -> None:
    """The lock screen is up: the password did not unlock the Mac."""
    assert mac.lock_screen.locked, "the Mac is unlocked"


@then(step_parser("the Mac is unlocked"))
def is_unlocked(mac: Mac) -> None:
    """The password unlocked the Mac."""
    assert not mac.lock_screen.locked, f"the Mac is locked: {mac.lock_screen.error}"
