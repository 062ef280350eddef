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
    mac.desktop.enter("Password", person.entra_password, mac.password_prompt.name)
    mac.desktop.select(label, mac.password_prompt.name)


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


# Known issue "Temporary passwords issued during password reset can't be synced with Platform SSO", and the
# FAQ "What should I do if I forget my password?" (temporary password from an IT admin).
def _temporary_password(world: World, person: Person) -> str:
    temporary = world.entra.directory.temporary_passwords.get(person.user.object_id)
    assert temporary is not None, "no administrator reset the user's password"
    return temporary.password


@when(step_parser("the admin resets the user's Microsoft Entra ID password and gives them a temporary password"),
      target_fixture="previous_password")
def admin_resets_password(world: World, person: Person) -> str:
    """An administrator's reset: Entra issues a temporary password, and revokes the user's sessions.

    Source: Scenarios to validate > Temporary passwords issued during password reset can't be synced
    Example: When the admin resets the user's Microsoft Entra ID password and gives them a temporary password
    """
    previous = person.entra_password
    temporary = world.faker.password(length=12, special_chars=True)
    user = world.entra.directory.reset_password(person.user, temporary, at=world.now())
    world.entra.tokens.revoke_sessions(user)  # as at every password reset
    return previous


@when(step_parser('the user enters their temporary password and selects "{label:Label}"'))
def enter_temporary_password(world: World, mac: Mac, person: Person, label: str) -> None:
    """Type the temporary password the admin gave into Platform SSO's password dialog.

    Source: Scenarios to validate > Temporary passwords issued during password reset can't be synced
    Example: When the user enters their temporary password and selects "Sign In"
    """
    mac.desktop.enter("Password", _temporary_password(world, person), mac.password_prompt.name)
    mac.desktop.select(label, mac.password_prompt.name)


@when(step_parser("the user tries to sign in to the Mac with their temporary password"))
def sign_in_with_temporary_password(world: World, mac: Mac, person: Person) -> None:
    """Type the temporary password at the login window and select Log In (it may be refused).

    Source: FAQ > What should I do if I forget my password? > Password Sync
    Example: When the user tries to sign in to the Mac with their temporary password
    """
    mac.desktop.enter("Password", _temporary_password(world, person), "Login Window")
    mac.desktop.select("Log In", "Login Window")


@when(step_parser("the user sets a new password with their temporary password on another device"))
def set_new_password_elsewhere(world: World, person: Person) -> None:
    """On another device the user signs in with the temporary password and sets a new one.

    Source: FAQ > What should I do if I forget my password? ("use another device to log in, set up a new password")
    Example: When the user sets a new password with their temporary password on another device
    """
    new_password = world.faker.password(length=16, special_chars=True)
    world.entra.directory.change_password(person.user, _temporary_password(world, person), new_password,
                                          at=world.now())


@then(step_parser("Entra ID still requires the user to set a new password"))
def still_must_change(world: World, person: Person) -> None:
    """The temporary password has not been used to set a new one.

    Example: Then Entra ID still requires the user to set a new password
    """
    assert world.entra.directory.must_change_password(person.user), "the user has set a new password"


@then(step_parser("the Mac's local password is still their previous password"))
def local_password_unchanged(mac: Mac, previous_password: str) -> None:
    """Nothing synced: the local account keeps the password from before the reset.

    Example: Then the Mac's local password is still their previous password
    """
    assert mac.account.verify(previous_password), "the local password changed"


@then(step_parser("the login window refuses the password"))
def login_window_refused(mac: Mac) -> None:
    """The user is not signed in; the login window says the password is wrong.

    Example: Then the login window refuses the password
    """
    assert not mac.account.signed_in, f"{mac.account.short_name} is signed in"
    assert mac.desktop.shows_text("The password you entered is incorrect.", "Login Window"), mac.desktop.describe()


@when(step_parser("the user signs in to the Mac with their previous Microsoft Entra ID password"))
def sign_in_with_previous(mac: Mac, previous_password: str) -> None:
    """Type the password from before the change at the login window and log in.

    Source: FAQ > How can I change my password when using Platform SSO? ("either the old or the new password")
    Example: When the user signs in to the Mac with their previous Microsoft Entra ID password
    """
    mac.desktop.enter("Password", previous_password, "Login Window")
    mac.desktop.select("Log In", "Login Window")
    assert mac.account.signed_in, f"the login window refused the password:\n{mac.desktop.describe()}"
