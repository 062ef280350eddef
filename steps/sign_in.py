"""Signing in with the email address and Microsoft Authenticator (phone sign-in), and a sign-in Entra refuses.

Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in >
Device falls out of compliance
"""

from __future__ import annotations

import pytest
from pytest_bdd import when

from psso_sim.actors import Person
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@when(step_parser('the user enters their email address and selects "{label:Label}"'))
def enter_email(mac: Mac, person: Person, label: str) -> None:
    """Type the user's UPN into the Entra sign-in and go on; nothing else is asked yet.

    Example: When the user enters their email address and selects "Next"
    """
    mac.desktop.enter("Email address", person.user.user_principal_name, "Sign in")
    mac.desktop.select(label, "Sign in")


@when(step_parser("the user approves the sign-in request in Microsoft Authenticator"))
def approve_in_authenticator(mac: Mac, person: Person) -> None:
    """The MFA flow: the sign-in asks for an approval, and the user approves it on their phone."""
    assert mac.desktop.shows_text("Approve sign in request", "Sign in"), (
        f"no approval request on screen:\n{mac.desktop.describe()}"
    )
    person.approve_sign_in()


@when(step_parser('the user enters their Microsoft Entra ID credentials, selects "{label:Label}" and is refused'))
def sign_in_refused(mac: Mac, person: Person, label: str) -> None:
    """The user signs in (approving MFA if asked) and Entra refuses: the sign-in asks again and says why.

    The step fails if the sign-in went through.

    Example: When the user enters their Microsoft Entra ID credentials, selects "Next" and is refused
    """
    person.enter_credentials(button=label, unlock=False)
    asking = [s for s in mac.desktop.screens("Sign in") if "Email address" in s.labels()]
    if not asking or not any(s.text for s in asking):
        pytest.fail("the sign-in was not refused: no Microsoft Entra sign-in on screen says why it asks again; "
                    f"on screen:\n{mac.desktop.describe()}", pytrace=False)
