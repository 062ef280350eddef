"""The people in a scenario, acting only through what is on screen.

"Enter your Microsoft Entra ID credentials" is one user action in the documents; here it
means: fill the sign-in sheet, select Next, and, when Entra asks, approve the request in
Microsoft Authenticator and wait for the sheet to notice.

The procedures follow the Mac's product release: ``enroll_with_company_portal`` ends where the
release asks to register (Company Portal's Register, or its Done and then the Registration
Required notification), and ``register_with_company_portal`` goes through what the release shows
for the Mac's authentication method (the macOS 14+ prompt, the smart card PIN, the Single Sign-On
window and the Authentication Required notification).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from psso_sim.entra.models import User
from psso_sim.macos.guided_registration import AUTHENTICATION_REQUIRED
from psso_sim.macos.mac import Mac
from psso_sim.macos.passkeys import COMPANY_PORTAL
from psso_sim.macos.password_recovery import RESET_PASSWORD
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, PIN_PROMPT, SINGLE_SIGN_ON, SMART_CARD_CHOICE
from psso_sim.macos.setup_assistant import COUNTRIES, NETWORKS, REMOTE_MANAGEMENT, SetupAssistant
from psso_sim.macos.smart_card import SmartCard, sc_auth_command
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

    def enter_credentials(self, password: str | None = None, button: str = "Next", *, unlock: bool = True) -> None:
        """Sign in on the Entra sign-in sheet. ``unlock``: first answer macOS 14's prompt to register
        with Microsoft Entra with the local password, if it is showing (the Python API's convenience;
        the feature step says each action)."""
        desktop = self.mac.desktop
        if unlock and desktop.shows_text(ENTRA_PROMPT.title, ENTRA_PROMPT.surface):
            self.enter_local_password(ENTRA_PROMPT.surface, ENTRA_PROMPT.confirm)
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
        if self.world.product.registration_prompt == "notification":
            if not self.world.wait_until(lambda: desktop.is_on_screen("Done", "Company Portal"), PROFILE_WAIT):
                raise UIError("Company Portal did not say the installation is complete",
                              hint=f"on screen:\n{desktop.describe()}")
            desktop.select("Done", "Company Portal")
            asked = self.world.wait_until(lambda: bool(mac.notifications.active(REGISTRATION_REQUIRED)), PROFILE_WAIT)
        else:
            asked = self.world.wait_until(lambda: desktop.is_on_screen("Register", "Company Portal"), PROFILE_WAIT)
        if not asked:
            hint = f"on screen:\n{desktop.describe()}"
            raise UIError("the Mac did not ask to register with Platform SSO", hint=hint)

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
        """Register, sign in, and wait for the registration to finish (successfully or not).

        On a release with macOS's registration dialogs (current), Register is on the Registration
        Required notification, and the rest is :meth:`finish_registration`.
        """
        if not self.world.product.registration_dialogs:
            self.mac.desktop.select("Register", "Company Portal")
            self.enter_credentials()
            self._wait_for_registration()
            return
        desktop = self.mac.desktop
        if self.mac.notifications.active(REGISTRATION_REQUIRED):
            desktop.select("Register", "Notification")
        else:
            desktop.select("Register")
        self.finish_registration()

    def finish_registration(self) -> None:
        """After Register: the method's prompts, the sign-in and MFA, the wait, then the user's login."""
        desktop, method = self.mac.desktop, self.mac.platform_sso.method
        if method is not None and method.user_key == "certificate":
            if self._showing(SMART_CARD_CHOICE.confirm, SMART_CARD_CHOICE.surface):
                desktop.select(SMART_CARD_CHOICE.confirm, SMART_CARD_CHOICE.surface)
            self.enter_smart_card_pin()
            if desktop.shows_text("Approve sign in request", "Sign in"):
                self.approve_sign_in()
        else:
            self.enter_credentials()
        self._wait_for_registration()
        if self._showing(SINGLE_SIGN_ON.confirm, SINGLE_SIGN_ON.surface):
            self.enter_local_password(SINGLE_SIGN_ON.surface, SINGLE_SIGN_ON.confirm)
        if self.mac.notifications.active(AUTHENTICATION_REQUIRED):
            desktop.select("Sign-in", "Notification")
            surface = self.world.product.entra_password_window
            desktop.enter("Password", self.entra_password, surface)
            desktop.select("Sign In", surface)

    def _showing(self, label: str, surface: str) -> bool:
        desktop = self.mac.desktop
        return bool(desktop.screens(surface)) and desktop.is_on_screen(label, surface)

    def _wait_for_registration(self) -> None:
        psso = self.mac.platform_sso
        self.world.wait_until(lambda: psso.status.value not in ("signing in", "registering"), PROFILE_WAIT)

    def enter_local_password(self, surface: str, button: str, password: str | None = None) -> None:
        """Type the local account's password (or ``password``) in a prompt and confirm."""
        self.mac.desktop.enter("Password", self.mac.account.password if password is None else password, surface)
        self.mac.desktop.select(button, surface)

    def unlock_with_touch_id(self) -> None:
        """Touch the Touch ID sensor: the prompt asking for it (or the lock screen) accepts."""
        self.mac.touch_id.touch()

    # the smart card
    def insert_smart_card(self, card: SmartCard) -> None:
        self.mac.smart_card_reader.insert(card)

    def pair_smart_card(self) -> str:
        """In Terminal: ``sc_auth identities``, ``sudo sc_auth pair -h HASH -u USER``, ``sc_auth list``;
        the paired hash. (Run through sc_auth itself until Terminal registers the command.)"""
        mac = self.mac
        listed = sc_auth_command(mac, ["identities"], False).stdout
        hashes = [line.split("\t")[0] for line in listed.splitlines() if "\t" in line]
        if not hashes:
            raise UIError(f"sc_auth identities lists no smart card identity on {mac.name}",
                          hint="insert the smart card first")
        paired = sc_auth_command(mac, ["pair", "-h", hashes[0], "-u", mac.account.short_name], True)
        if not paired.ok or hashes[0] not in sc_auth_command(mac, ["list"], False).stdout:
            raise UIError(f"sc_auth could not pair {hashes[0]}: {paired.output.strip()}")
        return hashes[0]

    def enter_smart_card_pin(self, pin: str | None = None, button: str = PIN_PROMPT.confirm) -> None:
        """Type the card's PIN (or ``pin``) in the "Enter pin for the smart card" prompt and confirm."""
        card = self.mac.smart_card_reader.card
        if card is None:
            raise UIError(f"no smart card in {self.mac.name}'s reader", hint="insert the smart card first")
        self.mac.desktop.enter(PIN_PROMPT.field or "PIN", card.pin if pin is None else pin, PIN_PROMPT.surface)
        self.mac.desktop.select(button, PIN_PROMPT.surface)

    def enable_passkeys(self) -> None:
        """Settings > (the macOS release's path) > Company Portal on, as the passkey provider."""
        release, desktop = self.mac.release, self.mac.desktop
        self.mac.open_app("Settings")
        desktop.navigate(" > ".join(release.passkey_provider_path), "System Settings")
        if COMPANY_PORTAL not in self.mac.passkeys.providers:
            desktop.select(COMPANY_PORTAL, "System Settings")

    # a new Mac, out of the box (Join a Mac device during the out of box experience)
    def set_up_with_setup_assistant(self, country: str = COUNTRIES[0], network: str = NETWORKS[0]) -> None:
        """Setup Assistant from Hello to the desktop: country, network, Remote Management (the Entra sign-in and
        MFA, when the organisation assigned the Mac) and Create a Mac Account.

        Source: Join a Mac device during the out of box experience > Set up your macOS device, steps 1-4.
        """
        desktop, surface = self.mac.desktop, SetupAssistant.name
        desktop.select("Get Started", surface)
        for choice in (country, network):
            desktop.select(choice, surface)
            desktop.select("Continue", surface)
        if desktop.shows_text(REMOTE_MANAGEMENT, surface):
            desktop.select("Continue", surface)
            self.enter_credentials(unlock=False)
        self.create_mac_account()

    def create_mac_account(self, button: str = "Continue") -> None:
        """Create a Mac Account: the user's full name, an account name, a new local password (from the seed)."""
        desktop, surface = self.mac.desktop, SetupAssistant.name
        desktop.enter("Full name", self.user.display_name, surface)
        desktop.enter("Account name", self.user.display_name.split()[0].lower(), surface)
        desktop.enter("Password", self.world.faker.password(length=12), surface)
        desktop.select(button, surface)

    def reset_local_password(self, recovery_key: str, button: str = RESET_PASSWORD) -> None:
        """The Reset Password window: the FileVault recovery key, and a new local password twice."""
        desktop, new_password = self.mac.desktop, self.world.faker.password(length=12)
        desktop.enter("Recovery Key", recovery_key, RESET_PASSWORD)
        desktop.enter("New password", new_password, RESET_PASSWORD)
        desktop.enter("Verify password", new_password, RESET_PASSWORD)
        desktop.select(button, RESET_PASSWORD)

    def approve_sign_in(self) -> None:
        """Approve in Microsoft Authenticator, then wait for the sheet to move on."""
        self.world.entra.tokens.approve_mfa(self.user)
        self.world.wait_until(lambda: not self.mac.desktop.shows_text("Approve sign in request"), APPROVAL_WAIT)
