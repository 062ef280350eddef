"""The Microsoft Intune admin center, as the troubleshooting guide walks it, and its Graph calls.

Devices > Device Settings > "Microsoft Entra ID join and registration settings": All, Selected or
None, then Save. The page reads and writes Entra's device registration policy through Microsoft
Graph over HTTP (``GET``/``PUT /v1.0/policies/deviceRegistrationPolicy``), as the real portal
does. ``GraphClient`` also carries the other admin operations the known issues need: the
per-user MFA state of a user and Conditional Access policies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import httpx

from psso_sim.entra.models import JoinPermission
from psso_sim.errors import SimError
from psso_sim.ui.screen import Control, Screen, View

__all__ = ["JOIN_SETTINGS", "AdminCenter", "AdminCenterError", "GraphClient"]

GRAPH = "https://graph.microsoft.com"
Actions = dict[str, Callable[[], None]]
JOIN_SETTINGS = "Microsoft Entra ID join and registration settings"
_MEMBERSHIP = {
    JoinPermission.ALL: "#microsoft.graph.allDeviceRegistrationMembership",
    JoinPermission.SELECTED: "#microsoft.graph.enumeratedDeviceRegistrationMembership",
    JoinPermission.NONE: "#microsoft.graph.noDeviceRegistrationMembership",
}


class AdminCenterError(SimError):
    subsystem = "admin-center"


class GraphClient:
    """The admin's Microsoft Graph calls, over the World's HTTP seam."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def device_registration_policy(self) -> JoinPermission:
        body = self._call("GET", "/v1.0/policies/deviceRegistrationPolicy")
        kind = body["azureADJoin"]["allowedToJoin"]["@odata.type"]
        return next(join for join, membership in _MEMBERSHIP.items() if membership == kind)

    def update_device_registration_policy(self, join: JoinPermission, users: Iterable[str] = ()) -> None:
        allowed = {"@odata.type": _MEMBERSHIP[join], "users": sorted(users)}
        body = {"azureADJoin": {"allowedToJoin": allowed}}
        self._call("PUT", "/v1.0/policies/deviceRegistrationPolicy", body)

    def update_per_user_mfa_state(self, user: str, state: str) -> None:
        """Per-user MFA: "disabled", "enabled" or "enforced" (Graph beta)."""
        self._call("PATCH", f"/beta/users/{user}/authentication/requirements", {"perUserMfaState": state})

    def create_conditional_access_policy(
        self, name: str, *, control: str, applications: Iterable[str]
    ) -> None:
        """A policy that grants access to ``applications`` with one built-in control ("mfa", ...)."""
        self._call("POST", "/v1.0/identity/conditionalAccess/policies", {
            "displayName": name, "state": "enabled",
            "conditions": {"applications": {"includeApplications": sorted(applications)}},
            "grantControls": {"operator": "OR", "builtInControls": [control]},
        })

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._http.request(method, GRAPH + path, json=body)
        if response.status_code >= 300:
            raise AdminCenterError(f"{method} {path} answered {response.status_code}: {response.text}")
        data = response.json() if response.content else {}
        return data if isinstance(data, dict) else {"value": data}


class AdminCenter:
    """The portal in the admin's browser: pages with rows, and the device settings page."""

    name = "Microsoft Intune admin center"

    def __init__(self, graph: GraphClient) -> None:
        self.graph = graph
        self.visible = False
        self.page = "Home"
        self.join_choice: JoinPermission | None = None
        self.message: str | None = None

    def open(self) -> None:
        self.visible = True
        self.page = "Home"

    def view(self) -> View | None:
        if not self.visible:
            return None
        if self.page == "Devices":
            return self._page("Devices", ["Manage your organization's devices."],
                              rows={"Overview": self._stay, "All devices": self._stay,
                                    "Device Settings": self._device_settings, "Home": self._home})
        if self.page == "Device Settings":
            return self._device_settings_page()
        rows = {"Home": self._home, "Devices": lambda: self._go("Devices")}
        rows |= {name: self._stay for name in ("Apps", "Users", "Groups", "Tenant administration")}
        return self._page("Home", ["Microsoft Intune admin center"], rows=rows)

    def _device_settings_page(self) -> View:
        assert self.join_choice is not None
        text = [JOIN_SETTINGS, f"Users may join devices to Microsoft Entra ID: {self.join_choice.value}"]
        if self.message:
            text.append(self.message)
        toggles: Actions = {join.value: partial(self._choose, join) for join in JoinPermission}
        return self._page("Devices | Device Settings", text, rows={"Devices": lambda: self._go("Devices")},
                          toggles=toggles, buttons={"Save": self._save})

    def _page(
        self, title: str, text: list[str], *, rows: Actions, toggles: Actions | None = None,
        buttons: Actions | None = None,
    ) -> View:
        toggles, buttons = toggles or {}, buttons or {}
        controls = [Control(label, "row") for label in rows]
        controls += [Control(label, "tab") for label in toggles]
        controls += [Control(label) for label in buttons]
        return View(Screen(self.name, title, tuple(controls), tuple(text)), {**rows, **toggles, **buttons})

    def _go(self, page: str) -> None:
        self.page = page
        self.message = None

    def _home(self) -> None:
        self._go("Home")

    def _stay(self) -> None:
        """A page the guide does not visit: selecting it changes nothing here."""

    def _device_settings(self) -> None:
        self._go("Device Settings")
        self.join_choice = self.graph.device_registration_policy()

    def _choose(self, join: JoinPermission) -> None:
        self.join_choice = join
        self.message = None

    def _save(self) -> None:
        assert self.join_choice is not None
        self.graph.update_device_registration_policy(self.join_choice)
        self.message = "Your changes have been saved."
