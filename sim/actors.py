"""The people in a scenario, acting only through what is on screen.

"Enter your Microsoft Entra ID credentials" is one user action in the documents; here it
means: fill the sign-in sheet, select Next, and, when Entra asks, approve the request in
Microsoft Authenticator and wait for the sheet to notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sim.entra.models import User
from sim.macos.mac import Mac
from sim.ui.desktop import UIError
from sim.world import World

__all__ = ["Person"]

APPROVAL_WAIT = timedelta(minutes=1)


@dataclass
class Person:
    world: World
    user: User
    mac: Mac

    @property
    def entra_password(self) -> str:
        return self.world.entra.directory.users[self.user.object_id].password

    def enter_credentials(self, password: str | None = None, button: str = "Next") -> None:
        desktop = self.mac.desktop
        if not desktop.is_on_screen("Email address", "Sign in"):
            raise UIError("no Microsoft Entra sign-in on screen", hint=f"on screen:\n{desktop.describe()}")
        desktop.enter("Email address", self.user.user_principal_name, "Sign in")
        desktop.enter("Password", self.entra_password if password is None else password, "Sign in")
        desktop.select(button, "Sign in")
        if desktop.shows_text("Approve sign in request", "Sign in"):
            self.approve_sign_in()

    def approve_sign_in(self) -> None:
        """Approve in Microsoft Authenticator, then wait for the sheet to move on."""
        self.world.entra.tokens.approve_mfa(self.user)
        self.world.wait_until(lambda: not self.mac.desktop.shows_text("Approve sign in request"), APPROVAL_WAIT)
