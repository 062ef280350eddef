"""Steps of the known issues: the users and conditions that cause them, signing out and in of
the Mac, and what the Mac shows (or, for insufficient permissions, does not show).

Source: MacOS Platform single sign-on known issues and troubleshooting > Known issues
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import given, then, when

from psso_sim.actors import Person
from psso_sim.entra.models import JoinPermission, User
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import RegistrationStatus, UserState
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__ = ["ERROR_WORDS"]  # a step plugin: its steps are public by their sentences (see psso_sim.steps)

# Words an error message on any surface would use; none may show when the product shows nothing.
ERROR_WORDS = ("error", "fail", "not authorized", "unauthorized", "denied", "couldn't", "can't", "unable",
               "aadsts", "80180002", "insufficient", "permission", "incorrect", "invalid", "blocked", "timed out")


@given(step_parser('a user whose Microsoft Entra ID password is "{password:Text}"'), target_fixture="user")
def user_with_password(world: World, password: str) -> User:
    """An Entra user with this password, and Microsoft Authenticator registered for MFA.

    Source: Known issues > Passcode policy complexity mismatches
    Example: Given a user whose Microsoft Entra ID password is "Contoso2023Sync"
    """
    return world.add_user(password=password)


@given(step_parser("a user with per-user MFA enabled and Microsoft Authenticator registered"),
       target_fixture="user")
def user_with_per_user_mfa(world: World) -> User:
    """An Entra user with legacy per-user MFA enforced on the account.

    Source: Known issues > Per user MFA causes password sync failure
    Example: Given a user with per-user MFA enabled and Microsoft Authenticator registered
    """
    return world.add_user(per_user_mfa=True)


@given(step_parser("the user has enrolled the Mac in Intune with Company Portal"))
def user_has_enrolled(person: Person) -> None:
    """The documented enrollment, done, up to Company Portal asking to register the Mac.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: Given the user has enrolled the Mac in Intune with Company Portal
    """
    person.enroll_with_company_portal()


@given(step_parser("the user has registered the Mac with Platform SSO through Company Portal"))
def user_has_registered(person: Person) -> None:
    """Registered: Register in Company Portal, the Entra credentials, and the wait are done.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: Given the user has registered the Mac with Platform SSO through Company Portal
    """
    person.register_with_company_portal()
    psso = person.mac.platform_sso
    # A Given states a starting point: a registration that did not complete must not pass as one.
    assert psso.registration_completed, f"registration did not complete: {psso.status.value} ({psso.last_error})"


@when(step_parser("the user registers the Mac with Platform SSO through Company Portal"))
def user_registers(person: Person) -> None:
    """Register in Company Portal, enter the Entra credentials, and wait until registration ends.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: When the user registers the Mac with Platform SSO through Company Portal
    """
    person.register_with_company_portal()


@given(step_parser("the device registration service is unavailable for the next {duration:Duration}"))
def registration_service_outage(world: World, duration: timedelta) -> None:
    """Fault switch: Entra's device registration service answers 503 for a while.

    Source: Known issues > Long running operations
    Example: Given the device registration service is unavailable for the next 5 minutes
    """
    world.entra.registration.start_outage(duration)


@given(step_parser("the admin lets only selected users, not the user, join devices to Microsoft Entra ID"))
def join_limited_to_selected_users(world: World) -> None:
    """"Users may join devices to Microsoft Entra ID": Selected, with the user not selected.

    Source: Troubleshooting guide > Insufficient permissions
    Example: Given the admin lets only selected users, not the user, join devices to Microsoft Entra ID
    """
    world.entra.directory.update_device_registration_policy(JoinPermission.SELECTED, frozenset())


@when(step_parser("the user signs out of the Mac"))
def sign_out_of_mac(mac: Mac) -> None:
    """Apple menu > Log Out: the session ends at the login window.

    Source: Known issues > SSO auth prompt dialog closed while the registration is in progress
    Example: When the user signs out of the Mac
    """
    mac.sign_out()


@when(step_parser("the user signs in to the Mac with their local password"))
def sign_in_with_local_password(mac: Mac) -> None:
    """Type the local account's password at the login window and log in.

    Source: Known issues > SSO auth prompt dialog closed while the registration is in progress
    Example: When the user signs in to the Mac with their local password
    """
    _log_in(mac, mac.account.password)


@when(step_parser("the user signs in to the Mac with their Microsoft Entra ID password"))
def sign_in_with_entra_password(mac: Mac, person: Person) -> None:
    """Type the Entra password at the login window: Platform SSO checks it with Entra and syncs it.

    Example: When the user signs in to the Mac with their Microsoft Entra ID password
    """
    _log_in(mac, person.entra_password)


def _log_in(mac: Mac, password: str) -> None:
    mac.desktop.enter("Password", password, "Login Window")
    mac.desktop.select("Log In", "Login Window")
    if not mac.account.signed_in:
        pytest.fail(f"the login window refused the password:\n{mac.desktop.describe()}")


@when(step_parser('the user waits up to {limit:Duration} for the "{title:Label}" notification'))
def wait_for_notification(world: World, mac: Mac, limit: timedelta, title: str) -> None:
    """Let simulated time run until a notification with this title is on screen.

    Example: When the user waits up to 5 minutes for the "Unable to Sync Password" notification
    """
    if not world.wait_until(lambda: bool(mac.notifications.active(title)), limit):
        pytest.fail(f'no "{title}" notification within {limit}; on screen:\n{mac.desktop.describe()}')


@then(step_parser('"{label:Label}" is not on screen'))
def label_not_on_screen(mac: Mac, label: str) -> None:
    """No window or notification offers a control with this label.

    Example: Then "Register" is not on screen
    """
    assert not mac.desktop.is_on_screen(label), f'"{label}" is on screen:\n{mac.desktop.describe()}'


@then(step_parser('a "{title:Label}" notification is on screen'))
def notification_on_screen(mac: Mac, title: str) -> None:
    """A notification banner with this title is showing at the top right.

    Example: Then a "Registration Required" notification is on screen
    """
    assert mac.notifications.active(title), f'no "{title}" notification:\n{mac.desktop.describe()}'


@then(step_parser('no "{title:Label}" notification is on screen'))
def no_notification_on_screen(mac: Mac, title: str) -> None:
    """No notification banner with this title is showing.

    Example: Then no "Registration Required" notification is on screen
    """
    assert not mac.notifications.active(title), f'a "{title}" notification shows:\n{mac.desktop.describe()}'


@then(step_parser("the Mac shows no error message and no notification"))
def mac_shows_nothing(mac: Mac) -> None:
    """Nothing on any surface tells the user that something went wrong.

    Source: Known issues > No error message if user has insufficient permissions
    Example: Then the Mac shows no error message and no notification
    """
    active = mac.notifications.active()
    assert not active, f"notifications show: {[n.title for n in active]}"
    for screen in mac.desktop.screens():
        shown = " ".join((screen.title, *screen.text)).casefold()
        words = [word for word in ERROR_WORDS if word in shown]
        assert not words, f"{screen.surface} shows {words}:\n{screen.describe()}"


@then(step_parser("Platform SSO registration has failed"))
def psso_registration_failed(mac: Mac) -> None:
    """The Mac's registration attempt ended in a failure (whether or not the user was told).

    Example: Then Platform SSO registration has failed
    """
    psso = mac.platform_sso
    assert psso.status is RegistrationStatus.FAILED, f"registration is {psso.status.value}: {psso.last_error}"
    assert psso.registration is None


@then(step_parser("Platform SSO registration has been cancelled"))
def psso_registration_cancelled(mac: Mac) -> None:
    """Closing the SSO auth prompt cancelled the registration.

    Source: Known issues > SSO auth prompt dialog closed while the registration is in progress
    Example: Then Platform SSO registration has been cancelled
    """
    psso = mac.platform_sso
    assert psso.status is RegistrationStatus.CANCELLED, f"registration is {psso.status.value}"


@then(step_parser("the Mac's local password is the Microsoft Entra ID password"))
def local_password_synced(mac: Mac, person: Person) -> None:
    """Password sync made the local account's password the Entra password.

    Example: Then the Mac's local password is the Microsoft Entra ID password
    """
    assert mac.account.verify(person.entra_password), "the local password is not the Entra password"


@then(step_parser("the Mac's local password is not the Microsoft Entra ID password"))
def local_password_not_synced(mac: Mac, person: Person) -> None:
    """Password sync did not change the local account's password.

    Example: Then the Mac's local password is not the Microsoft Entra ID password
    """
    assert not mac.account.verify(person.entra_password), "the local password is the Entra password"


@then(step_parser('the Platform SSO user state is "{state:Label}"'))
def psso_user_state(mac: Mac, state: str) -> None:
    """Platform SSO's state for the user, as app-sso names it.

    Example: Then the Platform SSO user state is "POUserStateLoginNeeded (1)"
    """
    psso = mac.platform_sso
    assert psso.user_state is UserState(state), f"user state is {psso.user_state} ({psso.last_error})"


@then(step_parser("the Mac holds no Primary Refresh Token"))
def no_prt(mac: Mac) -> None:
    """Platform SSO's login never succeeded: the Mac has no PRT.

    Example: Then the Mac holds no Primary Refresh Token
    """
    assert mac.platform_sso.tokens is None, f"the Mac holds a PRT received {mac.platform_sso.tokens}"
