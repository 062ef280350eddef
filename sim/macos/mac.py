"""A simulated Mac: one macOS release of those its World's product covers (``psso_sim.product.MACOS``),
with its user, screen, MDM client, Platform SSO, System Settings and Company Portal.

A Mac is built either set up (its user's local account, Company Portal installed) or out of the box
(``account=None``): then it starts at Setup Assistant, has no local account until Create a Mac Account
(``account`` raises :class:`NoLocalAccount`), and gets Company Portal from MDM."""

from __future__ import annotations

from typing import Any

from psso_sim.company_portal.app import CompanyPortal
from psso_sim.errors import SimError
from psso_sim.intune.profiles import ConfigurationProfile, PasscodePayload, SsoExtensionPayload
from psso_sim.intune.recovery_keys import ESCROW_FACT
from psso_sim.macos.accounts import LocalAccount, NoLocalAccount
from psso_sim.macos.applications import Applications
from psso_sim.macos.browser import Browser
from psso_sim.macos.diagnostics.app_sso import platform_state
from psso_sim.macos.diagnostics.unified_log import UnifiedLogging
from psso_sim.macos.install_application import AppInstallingMdmClient
from psso_sim.macos.keychain import Keychain
from psso_sim.macos.lock_screen import LockScreen
from psso_sim.macos.login_window import LoginWindow, SessionError
from psso_sim.macos.mdm_client import MdmClient
from psso_sim.macos.notifications import NotificationCenter
from psso_sim.macos.passkeys import Passkeys
from psso_sim.macos.password_policy import LocalPasswordPolicy
from psso_sim.macos.password_prompt import PasswordPrompt
from psso_sim.macos.password_recovery import FileVault
from psso_sim.macos.platform_sso import PlatformSSO
from psso_sim.macos.power import Power
from psso_sim.macos.prt_refresh import PrtRefresh
from psso_sim.macos.secure_enclave import SecureEnclave, TouchId
from psso_sim.macos.setup_assistant import SetupAssistant
from psso_sim.macos.smart_card import SmartCardReader
from psso_sim.macos.system_settings import SystemSettings
from psso_sim.macos.terminal import Terminal
from psso_sim.product.macos import MacOSRelease, UnsupportedMacOS, macos_release
from psso_sim.runtime import Runtime
from psso_sim.ui.desktop import Desktop

__all__ = ["Mac", "NoLocalAccount", "UnsupportedMacOS"]


class Mac:
    def __init__(
        self, runtime: Runtime, *, name: str, macos: int, account: LocalAccount | None,
        os_version: str | None = None,
    ) -> None:
        """``macos`` is the major version; ``os_version`` a build of it (default: the release's row);
        ``account`` None: a new Mac out of the box, at Setup Assistant."""
        self.release: MacOSRelease = macos_release(macos, runtime.product.macos_versions)
        if os_version is not None and os_version.split(".")[0] != str(macos):
            raise UnsupportedMacOS(f"macOS {os_version} is not a build of macOS {macos}",
                                   hint=f"e.g. {self.release.os_version}")
        self.runtime = runtime
        self.name = name
        self.macos_major = macos
        self.os_version = os_version or self.release.os_version
        self.release_name = self.release.name
        self._account = account
        self.udid = runtime.seeds.uuid("devices").upper()
        self.serial_number = runtime.seeds.serial_number()
        self.http = runtime.network.client(f"{name} (macOS {self.os_version})")
        self.desktop = Desktop(runtime.trace, owner=name)
        self.notifications = NotificationCenter(self.desktop, runtime.trace, runtime.clock.now, owner=name)
        self.keychain = Keychain()
        self.secure_enclave = SecureEnclave(self)
        self.touch_id = TouchId(self)
        self.smart_card_reader = SmartCardReader(self)
        self.profiles: dict[str, ConfigurationProfile] = {}
        self.downloaded_profiles: dict[str, ConfigurationProfile] = {}
        self.password_policy: LocalPasswordPolicy | None = None
        self.applications = Applications(self, with_company_portal=account is not None)
        self.mdm: MdmClient = AppInstallingMdmClient(self)
        self.filevault = FileVault(self)
        self.platform_sso = PlatformSSO(self)
        self.power = Power(self)  # asleep, the Mac's background work (the PRT refresh) waits for it to wake
        self.prt_refresh = PrtRefresh(self)  # every 4 hours: how a password change reaches the Mac
        self.password_prompt = PasswordPrompt(self)
        self.lock_screen = LockScreen(self)
        self.browser = Browser(self)
        self.settings = SystemSettings(self)
        self.passkeys = Passkeys(self)
        self.company_portal = CompanyPortal(self)
        self.files: dict[str, bytes] = {}  # the simulated file system: path -> content
        self.logging = UnifiedLogging(self)
        self.terminal = Terminal(self)
        self.login_window = LoginWindow(self)
        self.setup_assistant = SetupAssistant(self, finished=account is not None)
        if account is None:
            self.desktop.show(self.setup_assistant)

    def __repr__(self) -> str:
        return f"Mac({self.name!r}, macOS {self.os_version})"

    @property
    def account(self) -> LocalAccount:
        """The local user's account; none until Setup Assistant's Create a Mac Account on a new Mac."""
        if self._account is None:
            raise NoLocalAccount(f"{self.name} has no local account yet: it is in Setup Assistant, on "
                                 f"'{self.setup_assistant.pane}'", hint="finish Setup Assistant (Create a Mac Account)")
        return self._account

    def create_account(self, account: LocalAccount) -> None:
        """Setup Assistant's Create a Mac Account: the Mac's first local account, signed in."""
        if self._account is not None:
            raise SimError(f"{self.name} already has the local account '{self._account.short_name}'",
                           subsystem="macos")
        account.signed_in = True
        self._account = account
        self.runtime.trace.record(self.name, f"local account '{account.short_name}' created; signed in")

    def open_app(self, name: str) -> None:
        apps: dict[str, Any] = {"Company Portal": self.company_portal, "System Settings": self.settings,
                                "Settings": self.settings, "Terminal": self.terminal}
        installed = sorted(app for app in apps if self.applications.has(app))
        if name in apps and name not in installed:
            raise UnsupportedMacOS(f"'{name}' is not installed on {self.name}",
                                   hint="Intune installs it as a required app once the Mac is enrolled")
        if name not in apps:
            raise UnsupportedMacOS(f"no app named '{name}' on this Mac", hint=f"apps: {', '.join(installed)}")
        if not self.account.signed_in:
            raise SessionError(f"cannot open '{name}': nobody is signed in to {self.name}",
                               hint="sign in at the login window first")
        apps[name].launch()

    def sign_out(self) -> None:
        """Apple menu > Log Out: the local user's session ends at the login window."""
        self.login_window.sign_out()

    def sign_in(self, password: str) -> bool:
        """The local user logs in at the login window; False (and the window says so) if refused."""
        return self.login_window.sign_in(password)

    def restart(self) -> None:
        """Apple menu > Restart: the session ends, the keychain locks and a smart card forgets its PIN."""
        self.login_window.restart()

    def download_profile(self, profile: ConfigurationProfile) -> None:
        """A downloaded profile waits in System Settings > Profiles for the user."""
        self.downloaded_profiles[profile.payload_display_name] = profile
        self.notifications.post(
            "System Settings", "Profile Downloaded",
            "Review the profile in System Settings if you want to install it.",
            {"Install": lambda: self.settings.launch("Profiles")},
        )

    def install_profile(self, profile: ConfigurationProfile) -> None:
        if profile.payloads(SsoExtensionPayload) and not self.mdm.enrolled:
            raise SimError("an SSO extension payload must come from an MDM server", subsystem="macos")
        if not self.mdm.enrolled and profile.payload_display_name == "Management Profile":
            self.mdm.enroll(profile)
        self.profiles[profile.payload_identifier] = profile
        self.runtime.trace.record(self.name, f"profile '{profile.payload_display_name}' installed")
        passcodes = [p for prof in self.profiles.values() for p in prof.payloads(PasscodePayload)]
        if passcodes:
            self.password_policy = LocalPasswordPolicy.from_payloads(passcodes)
        for payload in profile.payloads(SsoExtensionPayload):
            self.applications.load_sso_extension(payload)  # now, or once Company Portal and the user are there

    def app_sso_platform_state(self) -> str:
        """``app-sso platform -s``'s output, which Company Portal's diagnostic report attaches."""
        return platform_state(self)

    def facts(self) -> dict[str, Any]:
        """What the Mac reports to Intune on each check-in."""
        registration = self.platform_sso.registration
        return {
            "PlatformSSORegistered": registration is not None,
            "AzureADDeviceID": registration.device_id if registration else None,
            "InstalledProfiles": sorted(self.profiles),
            "InstalledApplications": self.applications.bundle_ids(),
            ESCROW_FACT: self.filevault.personal_recovery_key,  # FileVault key escrow
        }
