"""What the Mac puts in front of the user while it registers, and what the user does with it: the Device
Registration popup, the SSO auth prompt, a notification the user misses, error and confirmation messages.

Every check reads the UI model (the screens the desktop shows, derived from the modelled state); every action
goes through it, as the user's would.

Source: MacOS Platform single sign-on known issues and troubleshooting > Known issues (Long running operations;
SSO auth prompt dialog closed while the registration is in progress; No error message if user has insufficient
permissions); Register a Mac device > JITR ("The notification reappears after a short time if missed")
"""

from __future__ import annotations

import pytest
from pytest_bdd import then, when

from psso_sim.company_portal.app import CONFIRMATIONS
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED
from psso_sim.steps.known_issues import ERROR_WORDS
from psso_sim.steps.parameters import step_parser
from psso_sim.ui.screen import Screen

__all__ = ["error_words_shown", "sso_auth_prompt"]

NOTIFICATION = "Notification"  # the surface every banner shows on


def sso_auth_prompt(mac: Mac) -> Screen | None:
    """The frontmost surface Platform SSO is asking the user to authenticate on while it registers (the Entra
    sign-in, or a registration dialog of the current product), or None."""
    psso = mac.platform_sso
    mine: list[object] = [psso.sheet] if psso.sheet is not None else []
    if psso.flow is not None and psso.flow.prompt is not None:
        mine.append(psso.flow.prompt)
    return next((view.screen for surface, view in mac.desktop.visible() if surface in mine), None)


def error_words_shown(mac: Mac) -> list[tuple[Screen, list[str]]]:
    """Each surface on screen whose title or text uses the words of an error, with those words."""
    shown = []
    for screen in mac.desktop.screens():
        text = " ".join((screen.title, *screen.text)).casefold()
        words = [word for word in ERROR_WORDS if word in text]
        if words:
            shown.append((screen, words))
    return shown


@then(step_parser("the Device Registration popup is on screen"))
def device_registration_popup(mac: Mac) -> None:
    """macOS's Registration Required popup at the top right offers Register.

    The known issues call it the Device Registration popup: it comes back after a failed or missed registration.

    Source: Known issues > Long running operations
    Example: Then the Device Registration popup is on screen
    """
    popups = [s for s in mac.desktop.screens(NOTIFICATION)
              if s.title == REGISTRATION_REQUIRED and "Register" in s.labels()]
    assert popups, f"the Device Registration popup is not on screen; on screen:\n{mac.desktop.describe()}"


@when(step_parser("the user closes the SSO auth prompt"))
def close_sso_auth_prompt(mac: Mac) -> None:
    """Cancel the sign-in or dialog Platform SSO shows while it registers, which cancels the registration.

    It is not offered again until the user signs out of the Mac and in again.

    Source: Known issues > SSO auth prompt dialog closed while the registration is in progress
    Example: When the user closes the SSO auth prompt
    """
    prompt = sso_auth_prompt(mac)
    if prompt is None:
        pytest.fail(f"the SSO auth prompt is not on screen, so there is nothing to close; on screen:\n"
                    f"{mac.desktop.describe()}", pytrace=False)
    mac.desktop.select("Cancel", prompt.surface)


@when(step_parser('the user misses the "{title:Label}" notification'))
def miss_notification(mac: Mac, title: str) -> None:
    """The banner goes away without the user acting on it, as macOS banners do after a few seconds.

    Source: Register a Mac device > JITR ("The notification reappears after a short time if missed")
    Example: When the user misses the "Registration Required" notification
    """
    banners = mac.notifications.active(title)
    if not banners:
        shown = [n.title for n in mac.notifications.active()]
        pytest.fail(f'no "{title}" notification is on screen to miss; notifications on screen: '
                    f"{', '.join(shown) or 'none'}", pytrace=False)
    for banner in banners:
        banner.dismiss()  # gone unanswered: none of its actions runs


@then(step_parser("the Mac shows an error message"))
def mac_shows_error(mac: Mac) -> None:
    """A window, dialog or banner on screen tells the user that something went wrong.

    The opposite of "the Mac shows no error message and no notification": the same words of an error.

    Example: Then the Mac shows an error message
    """
    assert error_words_shown(mac), (
        f"nothing on screen reads as an error (words: {', '.join(ERROR_WORDS)}); on screen:\n{mac.desktop.describe()}")


@then(step_parser("Company Portal displays a confirmation message"))
def company_portal_confirms(mac: Mac) -> None:
    """Company Portal's window confirms that the installation, set-up or registration is done.

    Its confirmations: "Installation complete", "You're all set", "Registration complete" (the Devices tab).

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: Then Company Portal displays a confirmation message
    """
    screens = mac.desktop.screens("Company Portal")
    assert screens, f"Company Portal is not on screen; on screen:\n{mac.desktop.describe()}"
    confirmed = [c for c in CONFIRMATIONS if any(s.shows(c) for s in screens)]
    assert confirmed, (f"Company Portal shows none of its confirmations ({', '.join(CONFIRMATIONS)}):\n"
                       + "\n".join(s.describe() for s in screens))
