"""Steps about what is (or is not) on the Mac's screen, and navigating a path of labels.

Every check reads the UI model, which derives each screen from the modelled systems' state.
"""

from __future__ import annotations

from pytest_bdd import then, when

from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)

# Application windows; every other surface (a sheet, a dialog, a notification) is something that
# popped up for the user to read or answer.
APP_WINDOWS = frozenset({"Company Portal", "System Settings", "Safari", "Terminal"})
# Words a confirmation would use.
CONFIRMATION_WORDS = ("signed out", "deregistered", "unregistered", "are you sure", "confirm")


@when(step_parser('the user navigates to "{path:Label}"'))
def navigate(mac: Mac, path: str) -> None:
    """Follow "A > B" in the frontmost window, selecting each label in turn.

    Source: Scenarios to validate > Repair or remove PSSO registration from a device
    Example: When the user navigates to "Users & Groups > Network Account Server"
    """
    mac.desktop.navigate(path)


@then(step_parser('the "{surface:Label}" window is not on screen'))
def window_not_on_screen(mac: Mac, surface: str) -> None:
    """No window, sheet or banner of this name is showing (it closed, or never opened).

    Example: Then the "Sign in" window is not on screen
    """
    shown = mac.desktop.screens(surface)
    assert not shown, f'"{surface}" is on screen:\n{mac.desktop.describe()}'


@then(step_parser("no confirmation, dialog or notification is on screen"))
def nothing_popped_up(mac: Mac) -> None:
    """Only application windows show, none of them confirms anything, and no banner is showing.

    Source: Scenarios to validate > Repair or remove PSSO registration from a device
    """
    active = mac.notifications.active()
    assert not active, f"notifications show: {[n.title for n in active]}"
    popped = [s.describe() for s in mac.desktop.screens() if s.surface not in APP_WINDOWS]
    assert not popped, "on screen besides the app windows:\n" + "\n".join(popped)
    for screen in mac.desktop.screens():
        shown = " ".join((screen.title, *screen.text)).casefold()
        words = [word for word in CONFIRMATION_WORDS if word in shown]
        assert not words, f"{screen.surface} confirms {words}:\n{screen.describe()}"
