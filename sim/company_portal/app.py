"""The Company Portal app for macOS: its screens as a state machine.

Only the user's own progress is stored (signed in, Begin, Continue, profile downloaded,
Done); which set-up screen shows after the download is derived from the Mac's MDM and
Platform SSO state, so the app can never show a step the modelled system has not reached.

How the set-up ends is the product release's ``registration_prompt``: 'company-portal' (the seeds)
asks to Register in the app and says Done once registered; 'notification' (current) says the
installation is complete as soon as the Mac is enrolled (Done), and macOS's Registration Required
notification takes over.
"""

from __future__ import annotations

import httpx

from psso_sim.company_portal.devices import REGISTRATION_CONFIRMATION
from psso_sim.company_portal.diagnostics import HelpMenu
from psso_sim.company_portal.host import HostMac, RegistrationStatus
from psso_sim.company_portal.main_window import MainWindow
from psso_sim.company_portal.sign_in import outcome_for
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.profiles import ProfileError, load_mobileconfig
from psso_sim.ui.screen import View, view
from psso_sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

__all__ = ["CONFIRMATIONS", "CompanyPortal"]

ENROLLMENT = "https://enrollment.manage.microsoft.com"
INSTALLED = "Installation complete"
ALL_SET = "You're all set"
CONFIRMATIONS = (INSTALLED, ALL_SET, REGISTRATION_CONFIRMATION)
"""What Company Portal says when something the user did is done: the profile, the set-up, the registration."""


class CompanyPortal:
    name = "Company Portal"

    def __init__(self, mac: HostMac) -> None:
        self._mac = mac
        self.open = False
        self.user_principal_name: str | None = None
        self.organisation: str | None = None
        self._access_token: str | None = None
        self._refresh_token: str | None = None
        self.progress = "signed out"  # signed out | intro | expect | install | downloaded | finished
        self.sheet: SignInSheet | None = None
        self.error: str | None = None
        self.help = HelpMenu(mac)  # Help > Send diagnostic report
        self.main = MainWindow(self, mac)  # the Devices and Preferences tabs

    def launch(self) -> None:
        self.open = True
        self._mac.desktop.show(self)
        self.main.activated()

    @property
    def signed_in(self) -> bool:
        return self.user_principal_name is not None and self.progress != "signed out"

    def sign_out(self) -> None:
        """Preferences > Sign out: the work account goes from the app, silently."""
        account = self.user_principal_name
        self.user_principal_name = self._access_token = self._refresh_token = None
        self.progress, self.main.page = "signed out", None
        self._mac.runtime.trace.record(self._mac.name, f"Company Portal: {account} signed out")

    def registration_removed(self) -> None:
        """After Unregister the seeds' app returns to the set-up flow, which offers Register again; the
        current one stays where it is (the Registration Required notification offers it)."""
        if self._mac.runtime.product.registration_prompt == "company-portal":
            self.progress, self.main.page = "downloaded", None

    def start_jit(self, resource: str) -> None:
        """Intune's JIT workflow: a blocked resource opens the Devices tab to register the Mac."""
        self.main.devices.jit_resource = resource
        self.main.page = "Devices"
        self.launch()

    def intune_get(self, path: str) -> httpx.Response:
        """GET Intune's Company Portal API as the user; an expired access token is refreshed once."""
        response = self._intune_get(path)
        if response.status_code == 401 and self._refresh_token is not None:
            answer = self._mac.platform_sso.extension.refresh(self._refresh_token, INTUNE_RESOURCE)
            if answer.ok:
                self._access_token = str(answer.body["access_token"])
                response = self._intune_get(path)
        return response

    def _intune_get(self, path: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._access_token}"}
        return self._mac.http.get(f"{ENROLLMENT}{path}", headers=headers)

    def quit(self) -> None:
        self.open = False
        self._mac.desktop.close(self)

    @property
    def screen_name(self) -> str:
        """The set-up screen the app is on, derived from the Mac's state."""
        if self.progress != "downloaded":
            return self.progress
        psso = self._mac.platform_sso
        if not self._mac.mdm.enrolled:
            return "waiting for profile"
        if self._mac.runtime.product.registration_prompt == "notification":
            return "installed"
        if psso.registration_completed:
            return "all set"
        if psso.status in (RegistrationStatus.SIGNING_IN, RegistrationStatus.REGISTERING):
            return "registering"
        if psso.status is RegistrationStatus.REQUIRED:
            return "register"
        return "checking"

    def view(self) -> View | None:
        if not self.open:
            return None
        org = self.organisation or "your organization"
        screens = {
            "signed out": lambda: view(self.name, "Welcome to Company Portal",
                                       text=["Sign in with your work or school account."],
                                       buttons={"Sign in": self._sign_in}),
            "intro": lambda: view(self.name, f"Set up {org} access",
                                  text=[f"{org} requires you to set up this Mac to access work resources."],
                                  buttons={"Begin": lambda: self._go("expect")}),
            "expect": lambda: view(self.name, f"Set up {org} access",
                                   text=["What to expect: you'll install a management profile, then register "
                                         "this Mac."], buttons={"Continue": lambda: self._go("install")}),
            "install": lambda: view(self.name, "Install management profile",
                                    text=[f"{org} has set up a management profile for this Mac.",
                                          *([self.error] if self.error else [])],
                                    buttons={"Download profile": self._download_profile}),
            "waiting for profile": lambda: view(
                self.name, "Install management profile",
                text=["Open System Settings > Profiles and install the Management Profile."],
                buttons={"Download profile": self._download_profile}),
            "checking": lambda: view(self.name, "Checking device settings", text=["This might take a few minutes."]),
            "installed": lambda: view(self.name, INSTALLED,
                                      text=[f"The {org} management profile is installed on this Mac.",
                                            "macOS asks you to register this Mac with Platform SSO next."],
                                      buttons={"Done": lambda: self._go("finished")}),
            "register": lambda: view(self.name, "Register your Mac",
                                     text=[f"{org} requires you to register this Mac."],
                                     buttons={"Register": self._mac.platform_sso.begin_registration}),
            "registering": lambda: view(self.name, "Registering your Mac",
                                        text=["Sign in and wait for your device to register."]),
            "all set": lambda: view(self.name, ALL_SET,
                                    text=[f"This Mac is registered and can access {org} resources."],
                                    buttons={"Done": lambda: self._go("finished")}),
            "finished": self.main.view,
        }
        on_tab = self.main.page is not None and self.signed_in
        current = self.main.view() if on_tab else screens[self.screen_name]()
        return self.help.decorate(self.main.decorate(current))

    def _go(self, progress: str) -> None:
        self.progress = progress

    def _sign_in(self) -> None:
        self.sheet = SignInSheet(self._mac.runtime.scheduler, "Sign in", self._submit, self._signed_in)
        self._mac.desktop.show(self.sheet)

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        answer = self._mac.platform_sso.extension.sign_in(username, password, INTUNE_RESOURCE, mfa_context)
        if answer.ok:
            self.user_principal_name = username.lower()
            self._access_token = str(answer.body["access_token"])
            refresh_token = answer.body.get("refresh_token")
            self._refresh_token = str(refresh_token) if refresh_token else None
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        if self.sheet is not None:
            self._mac.desktop.close(self.sheet)
            self.sheet = None
        if outcome.ok:
            branding = self._mac.http.get(f"{ENROLLMENT}/enrollment/branding",
                                          headers={"Authorization": f"Bearer {self._access_token}"})
            if branding.status_code == 200:
                self.organisation = str(branding.json()["companyName"])
            self.progress = "intro" if not self._mac.mdm.enrolled else "finished"
            self._mac.desktop.show(self)
            self.main.activated()

    def _download_profile(self) -> None:
        response = self._mac.http.get(f"{ENROLLMENT}/enrollment/managementprofile",
                                      headers={"Authorization": f"Bearer {self._access_token}"})
        if response.status_code != 200:
            self.error = f"Couldn't download the profile ({response.status_code})."
            return
        try:
            profile = load_mobileconfig(response.content, name="Management Profile")
        except ProfileError as error:
            self.error = f"Couldn't read the profile: {error.message}"
            return
        self.organisation = profile.payload_organization
        self._mac.download_profile(profile)
        self.progress = "downloaded"
