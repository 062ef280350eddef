"""The browser (Safari), as far as resource access goes: the user opens a resource such as
"Office 365", and Entra's Conditional Access grants or blocks it.

With a Platform SSO PRT, the SSO extension signs the browser in silently (a PRT refresh for the
resource, over HTTP), so Conditional Access sees the Mac's device. It does so only where swcd lets
the extension take over the sign-in page's domain (:mod:`psso_sim.macos.associated_domains`: after a
system update it may not, a known issue). Otherwise the user signs in on the web page and Entra sees
no device. A block for an unmanaged or non-compliant device
(AADSTS53000) starts Intune's JIT workflow: Company Portal opens on the Devices tab to register
the Mac.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.company_portal.sign_in import MESSAGES, outcome_for
from psso_sim.company_portal.sso_extension import EntraAnswer
from psso_sim.macos.associated_domains import sso_extension_activated
from psso_sim.macos.platform_sso import UserState
from psso_sim.ui.screen import View, view
from psso_sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["BLOCKED_TITLE", "Browser"]

BLOCKED_TITLE = "You can't get there from here"
_DEVICE_NOT_COMPLIANT = 53000


class Browser:
    name = "Safari"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.resource: str | None = None
        self.page = "closed"  # closed | signing in | granted | blocked | error
        self.message = ""
        self.access_token: str | None = None
        self.sheet: SignInSheet | None = None
        self._answer: EntraAnswer | None = None

    def open_resource(self, resource: str) -> None:
        """Go to the resource; single sign-on with the PRT when Platform SSO holds one."""
        mac, psso = self._mac, self._mac.platform_sso
        self.resource, self.access_token, self._answer = resource, None, None
        self._close_sheet()
        mac.desktop.show(self)
        if psso.tokens is not None and psso.user_state is UserState.NORMAL and sso_extension_activated(mac):
            self._answered(psso.extension.refresh(psso.tokens.prt, resource))
            return
        self.page = "signing in"
        self.sheet = SignInSheet(mac.runtime.scheduler, f"Sign in to {resource}", self._submit,
                                 self._signed_in)
        mac.desktop.show(self.sheet)

    def quit(self) -> None:
        self.page = "closed"
        self._close_sheet()
        self._mac.desktop.close(self)

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self._mac.desktop.close(self.sheet)
            self.sheet = None

    def view(self) -> View | None:
        if self.page == "closed":
            return None
        if self.page == "granted":
            return view(self.name, self.resource or "", text=[f"Welcome to {self.resource}"])
        if self.page == "blocked":
            return view(self.name, BLOCKED_TITLE, text=[self.message])
        if self.page == "error":
            return view(self.name, "Sign-in error", text=[self.message])
        return view(self.name, f"Sign in to {self.resource}", text=["Signing in..."])

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        assert self.resource is not None
        answer = self._mac.platform_sso.extension.sign_in(username, password, self.resource, mfa_context)
        if answer.ok or answer.code == _DEVICE_NOT_COMPLIANT:
            self._answer = answer
            return SignInOutcome(ok=answer.ok, silent_failure=not answer.ok)
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        self._close_sheet()
        if self._answer is not None:
            self._answered(self._answer)
        else:
            self.page, self.message = "error", outcome.error or ""

    def _answered(self, answer: EntraAnswer) -> None:
        mac = self._mac
        if answer.ok:
            self.page, self.message = "granted", ""
            self.access_token = str(answer.body["access_token"])
            mac.runtime.trace.record(mac.name, f"Safari: signed in to {self.resource}")
            return
        self.message = MESSAGES.get(answer.code or 0, answer.description)
        mac.runtime.trace.record(mac.name, f"Safari: {self.resource} refused: {answer.description}")
        if answer.code != _DEVICE_NOT_COMPLIANT:
            self.page = "error"
            return
        self.page = "blocked"
        mac.company_portal.start_jit(self.resource or "")
