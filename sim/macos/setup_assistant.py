"""Setup Assistant: a new Mac's first start, up to the desktop (the out-of-box experience).

The join article's "Set up your macOS device", pane by pane:

1. **Hello** (Get Started), **Select Your Country or Region** and **Select Your Wi-Fi Network** (Continue):
   the Mac is online, and asks Intune for its cloud configuration by serial number, over HTTP
   (:mod:`psso_sim.intune.automated_enrollment`).
2. A Mac the organisation assigned shows **Remote Management**: "<organisation> can automatically configure
   your Mac" (Continue), then the Microsoft Entra sign-in that approves the management profile download
   (credentials, Next; MFA when the tenant asks for it). Signed in, the Mac downloads the management profile
   issued for that user and installs it: it is enrolled, supervised and user-affine. A Mac nobody assigned
   skips the pane and is not managed.
3. **Create a Mac Account** (Full name, Account name, Password; Continue): the Mac's first local account,
   signed in, and the desktop ("your home screen appears").

The panes an enrollment profile may hide (Languages, Accessibility, Data & Privacy, Migration Assistant...)
are not modelled: the article names these. Until step 3 the Mac has no local account: ``mac.account``
raises :class:`~psso_sim.macos.accounts.NoLocalAccount`, and what belongs to a user's session (Platform
SSO's Registration Required, opening apps) waits for :attr:`SetupAssistant.finished`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from psso_sim.company_portal.sign_in import outcome_for
from psso_sim.company_portal.sso_extension import SsoExtension
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.profiles import ProfileError, load_mobileconfig
from psso_sim.macos.accounts import LocalAccount
from psso_sim.macos.mdm_client import EnrollmentFailed
from psso_sim.ui.screen import View, view
from psso_sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["COUNTRIES", "CREATE_ACCOUNT", "NETWORKS", "PANES", "REMOTE_MANAGEMENT", "CloudConfiguration",
           "SetupAssistant"]

HELLO, COUNTRY, NETWORK = "Hello", "Select Your Country or Region", "Select Your Wi-Fi Network"
REMOTE_MANAGEMENT, CREATE_ACCOUNT, FINISHED = "Remote Management", "Create a Mac Account", "finished"
PANES = (HELLO, COUNTRY, NETWORK, REMOTE_MANAGEMENT, CREATE_ACCOUNT)
COUNTRIES = ("United States", "United Kingdom", "Canada", "Australia", "Ireland", "Germany", "France", "Japan")
NETWORKS = ("Office Wi-Fi", "Guest Wi-Fi")
_ACCOUNT_NAME = re.compile(r"^[a-z_][a-z0-9_.-]*$")
_FIELDS = ("Full name", "Account name", "Password")


@dataclass(frozen=True)
class CloudConfiguration:
    """What the organisation set for this Mac (its ADE enrollment profile), as Setup Assistant reads it."""

    organisation: str
    department: str
    supervised: bool


class SetupAssistant:
    name = "Setup Assistant"

    def __init__(self, mac: Mac, *, finished: bool) -> None:
        self._mac = mac
        self.pane = FINISHED if finished else HELLO
        self.country: str | None = None
        self.network: str | None = None
        self.configuration: CloudConfiguration | None = None
        self.sheet: SignInSheet | None = None
        self.error: str | None = None
        self._access_token: str | None = None
        self._entries: dict[str, str] = {}
        self._entra = SsoExtension(mac.http, "organizations")  # the sign-in web view's token requests

    @property
    def finished(self) -> bool:
        return self.pane == FINISHED

    def view(self) -> View | None:
        error = [self.error] if self.error else []
        if self.pane == HELLO:
            return view(self.name, HELLO, buttons={"Get Started": lambda: self._go(COUNTRY)})
        if self.pane == COUNTRY:
            return view(self.name, COUNTRY, rows={c: partial(self._choose_country, c) for c in COUNTRIES},
                        text=[f"Selected: {self.country}" if self.country else "", *error],
                        buttons={"Continue": self._country_chosen})
        if self.pane == NETWORK:
            return view(self.name, NETWORK, rows={n: partial(self._choose_network, n) for n in NETWORKS},
                        text=[f"Connected to {self.network}" if self.network else "", *error],
                        buttons={"Continue": self._online})
        if self.pane == REMOTE_MANAGEMENT and self.configuration is not None:
            org = self.configuration.organisation
            department = [self.configuration.department] if self.configuration.department else []
            return view(self.name, REMOTE_MANAGEMENT, buttons={"Continue": self._sign_in}, text=[
                f"{org} can automatically configure your Mac.", *department,
                f"Remote management allows the administrator at {org} to set up email and network accounts, "
                "install and configure apps, and manage this Mac's settings.", *error])
        if self.pane == CREATE_ACCOUNT:
            return view(self.name, CREATE_ACCOUNT, fields={f: partial(self._enter, f) for f in _FIELDS},
                        text=["Fill out the following information to create your Mac account.", *error],
                        buttons={"Continue": self._create_account})
        return None

    def _go(self, pane: str) -> None:
        self.pane, self.error = pane, None
        self._mac.runtime.trace.record(self._mac.name, f"Setup Assistant: {pane}")

    # 1. country or region, and the network
    def _choose_country(self, country: str) -> None:
        self.country = country

    def _country_chosen(self) -> None:
        if self.country is None:
            self.error = "Select your country or region to continue."
            return
        self._go(NETWORK)

    def _choose_network(self, network: str) -> None:
        self.network = network

    def _online(self) -> None:
        if self.network is None:
            self.error = "Select a Wi-Fi network to continue."
            return
        response = self._mac.http.post(f"{INTUNE_RESOURCE}/enrollment/ade/configuration",
                                       json={"serial_number": self._mac.serial_number})
        if response.status_code == 404:  # not the organisation's: no remote management
            self._go(CREATE_ACCOUNT)
            return
        if response.status_code != 200:
            self.error = f"Unable to retrieve the configuration for your Mac ({response.status_code})."
            return
        body = response.json()
        self.configuration = CloudConfiguration(str(body["organization"]), str(body["department"]),
                                                bool(body["is_supervised"]))
        self._go(REMOTE_MANAGEMENT)

    # 2. Remote Management: sign in, download the management profile, enroll
    def _sign_in(self) -> None:
        self.error = None
        self.sheet = SignInSheet(self._mac.runtime.scheduler, "Sign in to approve the management profile download",
                                 self._submit, self._signed_in)
        self._mac.desktop.show(self.sheet)

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        answer = self._entra.sign_in(username, password, INTUNE_RESOURCE, mfa_context)
        if answer.ok:
            self._access_token = str(answer.body["access_token"])
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        if self.sheet is not None:
            self._mac.desktop.close(self.sheet)
            self.sheet = None
        if not outcome.ok or self._access_token is None:
            return  # cancelled: Remote Management again
        response = self._mac.http.post(f"{INTUNE_RESOURCE}/enrollment/ade/managementprofile",
                                       json={"serial_number": self._mac.serial_number},
                                       headers={"Authorization": f"Bearer {self._access_token}"})
        try:
            if response.status_code != 200:
                raise EnrollmentFailed(f"HTTP {response.status_code}: {response.text}")
            self._mac.install_profile(load_mobileconfig(response.content, name="Management Profile"))
        except (EnrollmentFailed, ProfileError) as error:
            self.error = f"The configuration for your Mac couldn't be retrieved: {error.message}"
            return
        self._go(CREATE_ACCOUNT)

    # 3. Create a Mac Account
    def _enter(self, field: str, value: str) -> None:
        self._entries[field] = value

    def _create_account(self) -> None:
        full, short, password = (self._entries.get(f, "") for f in _FIELDS)
        policy = self._mac.password_policy
        problems = policy.violations(password) if policy is not None and password else []
        if not full.strip() or not short or not password:
            self.error = "Enter your full name, an account name and a password."
        elif not _ACCOUNT_NAME.match(short):
            self.error = ("The account name can contain only lowercase letters, numbers, hyphens, underscores "
                          "and periods.")
        elif problems:
            self.error = "Your password doesn't meet this Mac's requirements: " + "; ".join(problems) + "."
        else:
            self._mac.create_account(LocalAccount(short, full.strip(), password))
            self._go(FINISHED)
            self._mac.desktop.close(self)
            self._mac.applications.load_waiting()  # Platform SSO's settings, if they came during setup
