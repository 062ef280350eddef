"""Company Portal: enrollment before Platform SSO, and the app's work account.

Source: Register a Mac device with macOS Platform Single Sign-On using Company Portal
"""

from __future__ import annotations

from pytest_bdd import given, then

from psso_sim.actors import Person
from psso_sim.entra.models import User
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser("the user has enrolled the Mac in Intune before Platform SSO was deployed"))
def enrolled_before_psso(person: Person) -> None:
    """The documented enrollment (sign in, management profile, Enroll) while Platform SSO is not
    assigned: the Mac is managed and has checked in once, with nothing to register.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: Given the user has enrolled the Mac in Intune before Platform SSO was deployed
    """
    person.enroll_before_platform_sso()


@given(step_parser("the user has installed the Management Profile from Company Portal"))
def installed_management_profile(person: Person) -> None:
    """Sign in, Begin, Continue, Download profile, Management Profile, Install, Enroll: the Mac is managed
    and has checked in with Intune, whatever Platform SSO then does.

    Source: Join a Mac device > Intune MDM and Microsoft Entra Join using Company Portal, steps 1-7
    Example: Given the user has installed the Management Profile from Company Portal
    """
    person.enroll_before_platform_sso()


@then(step_parser("Company Portal is signed in with the user's work account"))
def company_portal_signed_in(mac: Mac, user: User) -> None:
    """Company Portal holds the user's account (and so reaches Intune as the user).

    Example: Then Company Portal is signed in with the user's work account
    """
    portal = mac.company_portal
    assert portal.signed_in, f"Company Portal is {portal.progress}"
    assert portal.user_principal_name == user.user_principal_name, portal.user_principal_name


@then(step_parser("Company Portal holds no work account"))
def company_portal_signed_out(mac: Mac) -> None:
    """The user's work account is gone from Company Portal.

    Source: Scenarios to validate > Repair or remove PSSO registration from a device
    """
    portal = mac.company_portal
    assert not portal.signed_in and portal.user_principal_name is None, (
        f"Company Portal still holds {portal.user_principal_name} ({portal.progress})"
    )
