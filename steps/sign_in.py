"""Signing in with the email address and Microsoft Authenticator (phone sign-in).

Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in >
Device falls out of compliance
"""

from __future__ import annotations

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
