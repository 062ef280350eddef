"""System Settings, as far as the documents go: Profiles (install the Management
Profile with the local password, then Enroll), Users & Groups, and the passkey provider switch.

Paths into panes are the macOS release's (``profiles_path``: Privacy & Security > Profiles;
``passkey_provider_path``: Passwords > Password Options, or General > Autofill & Passwords on 15);
the top level also keeps a Profiles row, as the seed documents reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from psso_sim.errors import SimError
from psso_sim.intune.profiles import ConfigurationProfile
from psso_sim.macos.passkeys import COMPANY_PORTAL
from psso_sim.macos.users_groups import UsersAndGroupsSheets
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["SystemSettings"]


class SystemSettings:
    name = "System Settings"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.open = False
        self.pane: str | None = None
        self.detail: ConfigurationProfile | None = None
        self.asking_password = False
        self.error: str | None = None
        self._password = ""
        self.users_and_groups = UsersAndGroupsSheets(mac, self.name, self._registration_controls)

    def launch(self, pane: str | None = None) -> None:
        self.open = True
        self.pane = pane
        self.users_and_groups.close()
        self._mac.desktop.show(self)

    def quit(self) -> None:
        self.open = False
        self._mac.desktop.close(self)

    def view(self) -> View | None:
        if not self.open:
            return None
        if self.asking_password:
            return view(
                self.name, "Profiles",
                text=["Enter your password to allow this.", *([self.error] if self.error else [])],
                fields={"Password": self._set_password}, buttons={"Enroll": self._enroll, "Cancel": self._cancel},
            )
        if self.detail is not None:
            return view(
                self.name, self.detail.payload_display_name,
                text=[f"{self.detail.payload_organization or ''}".strip() or "Unverified",
                      "Installing this profile lets the organisation manage this Mac."],
                buttons={"Install": self._install, "Cancel": self._cancel},
            )
        release = self._mac.release
        if self.pane == release.profiles_path[-1]:
            return self._profiles_view()
        if self.pane == "Users & Groups":
            return self._users_view()
        if self.pane == release.passkey_provider_path[-1]:
            return self._passkey_view()
        if self.pane and self.pane in self._children():
            rows = {child: partial(self._go, child) for child in self._children()[self.pane]}
            return view(self.name, self.pane, rows=rows, buttons={"Back": lambda: self._go("")})
        top = ["Users & Groups", *self._children().get("", []), "Profiles"]
        return view(self.name, "System Settings", rows={pane: partial(self._go, pane) for pane in dict.fromkeys(top)})

    def _children(self) -> dict[str, list[str]]:
        """Each pane's sub-panes along the release's paths; "" is the top level."""
        children: dict[str, list[str]] = {}
        for path in (self._mac.release.profiles_path, self._mac.release.passkey_provider_path):
            for parent, child in zip(("", *path[:-1]), path, strict=True):
                children.setdefault(parent, [])
                if child not in children[parent]:
                    children[parent].append(child)
        return children

    def _passkey_view(self) -> View:
        release, passkeys = self._mac.release, self._mac.passkeys
        state = "On" if COMPANY_PORTAL in passkeys.providers else "Off"
        return view(self.name, release.passkey_provider_path[-1],
                    text=[release.passkey_provider_setting, f"{COMPANY_PORTAL}: {state}"],
                    toggles={COMPANY_PORTAL: partial(passkeys.toggle, COMPANY_PORTAL)},
                    buttons={"Back": lambda: self._go("")})

    def _go(self, pane: str) -> None:
        self.pane = pane
        self.users_and_groups.close()

    def _profiles_view(self) -> View:
        mac = self._mac
        rows = {name: partial(self._show_detail, profile) for name, profile in mac.downloaded_profiles.items()}
        text = []
        if mac.mdm.enrolled:
            text.append(f"This Mac is supervised and managed by {mac.mdm.managed_by}.")
        text += [f"Installed: {p.payload_display_name}" for p in mac.profiles.values()]
        text += [f"Downloaded: {name}" for name in mac.downloaded_profiles]
        return view(self.name, "Profiles", rows=rows, text=text or ["No profiles installed"],
                    buttons={"Back": lambda: self._go("")})

    def _users_view(self) -> View:
        sheet = self.users_and_groups.view()
        if sheet is not None:
            return sheet
        account = self._mac.account
        text, buttons = [f"{account.full_name} (Admin)"], self._registration_controls()
        if buttons:
            text.append("Network Account Server: Platform SSO registration required")
        return view(self.name, "Users & Groups", text=text, rows=self.users_and_groups.rows(),
                    buttons={**buttons, **self.users_and_groups.buttons(), "Back": lambda: self._go("")})

    def _registration_controls(self) -> dict[str, Callable[[], None]]:
        """macOS 14 offers a required Platform SSO registration in Users & Groups (13 does not)."""
        psso = self._mac.platform_sso
        if not self._mac.release.users_and_groups_registration or not psso.registration_required:
            return {}
        return {"Register": psso.begin_registration}

    def _show_detail(self, profile: ConfigurationProfile) -> None:
        self.detail = profile

    def _install(self) -> None:
        self.asking_password = True
        self.error = None
        self._password = ""

    def _set_password(self, value: str) -> None:
        self._password = value

    def _enroll(self) -> None:
        profile = self.detail
        assert profile is not None
        if not self._mac.account.verify(self._password):
            self.error = "The password you entered is incorrect."
            self._mac.runtime.trace.record(self._mac.name, "Profiles: wrong local password at Enroll")
            return
        try:
            self._mac.install_profile(profile)
        except SimError as error:
            self.error = f"Profile installation failed. {error.message}"
            return
        self._mac.downloaded_profiles.pop(profile.payload_display_name, None)
        self.asking_password = False
        self.detail = None
        self.pane = "Profiles"

    def _cancel(self) -> None:
        self.asking_password = False
        self.detail = None
