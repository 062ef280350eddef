"""The people in a scenario, acting only through what is on screen.

"Enter your Microsoft Entra ID credentials" is one user action in the documents; here it
means: fill the sign-in sheet, select Next, and, when Entra asks, approve the request in
Microsoft Authenticator and wait for the sheet to notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from psso_sim.entra.models import User
from psso_sim.macos.mac import Mac
from psso_sim.ui.desktop import UIError
from psso_sim.world import World

__all__ = ["APPROVAL_WAIT", "PROFILE_WAIT", "Person"]

APPROVAL_WAIT = timedelta(minutes=1)
PROFILE_WAIT = timedelta(minutes=10)  # MDM delivery and registration both take minutes at most


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

    def enroll_with_company_portal(self) -> None:
        """The documented enrollment, up to Company Portal asking to register the Mac.

        Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join, steps 1-8.
        """
        desktop, mac = self.mac.desktop, self.mac
        self.install_management_profile()
        mac.open_app("Company Portal")
        asked = self.world.wait_until(lambda: desktop.is_on_screen("Register", "Company Portal"), PROFILE_WAIT)
        if not asked:
            hint = f"on screen:\n{desktop.describe()}"
            raise UIError("Company Portal did not ask to register the Mac", hint=hint)

    def enroll_before_platform_sso(self) -> None:
        """The documented enrollment (steps 1-7) while Platform SSO is not deployed yet: the Mac is
        managed, has checked in with Intune once, and has nothing to register."""
        mac = self.mac
        self.install_management_profile()
        if not self.world.wait_until(lambda: mac.mdm.check_ins > 0, PROFILE_WAIT):
            raise UIError(f"{mac.name} never checked in with Intune",
                          hint=f"on screen:\n{mac.desktop.describe()}")

    def install_management_profile(self) -> None:
        """Sign in to Company Portal, download the Management Profile and install it (steps 1-7)."""
        desktop, mac = self.mac.desktop, self.mac
        mac.open_app("Company Portal")
        desktop.select("Sign in", "Company Portal")
        self.enter_credentials()
        for label in ("Begin", "Continue", "Download profile"):
            desktop.select(label, "Company Portal")
        desktop.select("Install", "Notification")
        desktop.select("Management Profile", "System Settings")
        desktop.select("Install", "System Settings")
        desktop.enter("Password", mac.account.password, "System Settings")
        desktop.select("Enroll", "System Settings")

    def register_with_company_portal(self) -> None:
        """Register, sign in, and wait for the registration to finish (successfully or not)."""
        self.mac.desktop.select("Register", "Company Portal")
        self.enter_credentials()
        psso = self.mac.platform_sso
        self.world.wait_until(lambda: psso.status.value not in ("signing in", "registering"), PROFILE_WAIT)

    def approve_sign_in(self) -> None:
        """Approve in Microsoft Authenticator, then wait for the sheet to move on."""
        self.world.entra.tokens.approve_mfa(self.user)
        self.world.wait_until(lambda: not self.mac.desktop.shows_text("Approve sign in request"), APPROVAL_WAIT)
