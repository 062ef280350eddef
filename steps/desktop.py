"""When-steps a user performs on screen: open apps, select labels, enter text, wait."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import then, when

from psso_sim.actors import Person
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@when(step_parser('the user opens the "{app:Label}" app'))
def open_app(mac: Mac, app: str) -> None:
    """Launch an app, or bring it to the front.

    Example: When the user opens the "Company Portal" app
    """
    mac.open_app(app)


@when(step_parser('the user returns to the "{app:Label}" app'))
def return_to_app(mac: Mac, app: str) -> None:
    """Bring an open app to the front."""
    mac.open_app(app)


@when(step_parser('the user selects "{label:Label}"'))
def select(mac: Mac, label: str) -> None:
    """Select a button, row or tab on screen, frontmost window first.

    Example: When the user selects "Download profile"
    """
    mac.desktop.select(label)


@when(step_parser('the user selects "{label:Label}" in the "{surface:Label}" window'))
def select_in(mac: Mac, label: str, surface: str) -> None:
    """Select a label in one window (an app, "Sign in", "Notification").

    Example: When the user selects "Register" in the "Company Portal" window
    """
    mac.desktop.select(label, surface)


@when(step_parser('the user selects "{label:Label}" on the notification at the top right'))
def select_on_notification(mac: Mac, label: str) -> None:
    """Act on a notification banner.

    Example: When the user selects "Install" on the notification at the top right
    """
    mac.desktop.select(label, "Notification")


@when(step_parser('the user enters their Microsoft Entra ID credentials and selects "{label:Label}"'))
def enter_entra_credentials(person: Person, label: str) -> None:
    """Fill the Entra sign-in with the user's UPN and password, and approve MFA if asked.

    Example: When the user enters their Microsoft Entra ID credentials and selects "Next"
    """
    person.enter_credentials(button=label, unlock=False)  # an unlock prompt first is a step of its own


@when(step_parser('the user enters a wrong Microsoft Entra ID password and selects "{label:Label}"'))
def enter_wrong_entra_password(person: Person, label: str) -> None:
    """Sign in with the right UPN and a password Entra will refuse."""
    person.enter_credentials(password="not-" + person.entra_password, button=label)


@when(step_parser('the user enters {count:Number} different wrong Microsoft Entra ID passwords, selecting '
                  '"{label:Label}" after each'))
def enter_different_wrong_entra_passwords(person: Person, count: int, label: str) -> None:
    """Sign in again and again, each time with another wrong password (smart lockout counts distinct ones).

    Example: When the user enters 10 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    """
    for attempt in range(1, count + 1):
        person.enter_credentials(password=f"wrong-{attempt}-{person.entra_password}", button=label)


@when(step_parser('the user enters their local device password and selects "{label:Label}"'))
def enter_local_password(mac: Mac, label: str) -> None:
    """Type the Mac's local account password into the prompt on screen.

    Example: When the user enters their local device password and selects "Enroll"
    """
    mac.desktop.enter("Password", mac.account.password)
    mac.desktop.select(label)


@when(step_parser('the user enters a wrong local device password and selects "{label:Label}"'))
def enter_wrong_local_password(mac: Mac, label: str) -> None:
    """Type a password that is not the local account's."""
    mac.desktop.enter("Password", mac.account.password + "x")
    mac.desktop.select(label)


@when(step_parser('the user waits up to {limit:Duration} to be prompted to select "{label:Label}"'))
def wait_for_prompt(world: World, mac: Mac, limit: timedelta, label: str) -> None:
    """Let simulated time run until the label appears; fail if it has not by the limit.

    Example: When the user waits up to 5 minutes to be prompted to select "Register"
    """
    if not world.wait_until(lambda: mac.desktop.is_on_screen(label), limit):
        pytest.fail(f'"{label}" did not appear within {limit}; on screen:\n{mac.desktop.describe()}')


@when(step_parser("the user waits {duration:Duration}"))
def wait(world: World, duration: timedelta) -> None:
    """Let simulated time pass; scheduled events run in order.

    Example: When the user waits 10 minutes
    """
    world.advance(duration)


@then(step_parser('"{label:Label}" is on screen'))
def label_on_screen(mac: Mac, label: str) -> None:
    """A control with this label is visible in some window.

    Example: Then "Done" is on screen
    """
    assert mac.desktop.is_on_screen(label), f'"{label}" is not on screen:\n{mac.desktop.describe()}'


@then(step_parser('the "{surface:Label}" window shows "{text:Label}"'))
def window_shows(mac: Mac, surface: str, text: str) -> None:
    """A window's title, text or labels contain this text.

    Example: Then the "Sign in" window shows "Your account or password is incorrect"
    """
    assert mac.desktop.shows_text(text, surface), f'"{surface}" does not show "{text}":\n{mac.desktop.describe()}'


@then(step_parser('the "{surface:Label}" window does not show "{text:Label}"'))
def window_does_not_show(mac: Mac, surface: str, text: str) -> None:
    """A window is on screen and none of its title, text or labels contain this text (a rule that holds is not
    listed among those that fail).

    Example: Then the "Notification" window does not show "shorter than 16 characters"
    """
    assert mac.desktop.screens(surface), f'no "{surface}" window is on screen:\n{mac.desktop.describe()}'
    assert not mac.desktop.shows_text(text, surface), f'"{surface}" shows "{text}":\n{mac.desktop.describe()}'


@then(step_parser('"{app:Label}" is on its "{title:Label}" screen'))
def app_on_screen(mac: Mac, app: str, title: str) -> None:
    """The app's current screen has this title.

    Example: Then "Company Portal" is on its "Devices" screen
    """
    screens = mac.desktop.screens(app)
    assert screens and screens[0].title == title, f'"{app}" is not on "{title}":\n{mac.desktop.describe()}'
