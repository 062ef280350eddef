"""Device Settings: who may join devices to Microsoft Entra (All, Selected or None), then Save.

The page reads and writes Entra's device registration policy through Microsoft Graph over HTTP
(``GET``/``PUT /v1.0/policies/deviceRegistrationPolicy``), as the real portals do. Which portal shows it,
on which path and under which label, is the product release's ``join_setting``: the Microsoft Intune
admin center's Devices > Device Settings in late 2023, the Microsoft Entra admin center's Entra ID >
Devices > Overview > Device Settings now ("Insufficient permissions" in the troubleshooting guide).
"""

from __future__ import annotations

from functools import partial

from psso_sim.admin.graph_client import GraphClient
from psso_sim.admin.portal import Actions, Page
from psso_sim.entra.models import JoinPermission
from psso_sim.product.releases import AdminSetting

__all__ = ["JOIN_SETTINGS", "SAVED", "DeviceSettingsPage"]

JOIN_SETTINGS = "Microsoft Entra ID join and registration settings"
SAVED = "Your changes have been saved."


class DeviceSettingsPage:
    def __init__(self, graph: GraphClient, setting: AdminSetting) -> None:
        self._graph = graph
        self.setting = setting
        self.choice = JoinPermission.ALL
        self._selected_users: tuple[str, ...] = ()
        self.message: str | None = None

    def load(self) -> None:
        """Opening the page reads the policy Entra holds (a choice not saved before is gone)."""
        self.choice, self._selected_users = self._graph.join_policy()
        self.message = None

    def page(self) -> Page:
        text = [JOIN_SETTINGS, f"{self.setting.setting}: {self.choice.value}"]
        if self.message:
            text.append(self.message)
        toggles: Actions = {join.value: partial(self._choose, join) for join in JoinPermission}
        title = " | ".join(self.setting.path[-2:])
        return Page(title, text, toggles=toggles, buttons={"Save": self.save})

    def save(self) -> None:
        users = self._selected_users if self.choice is JoinPermission.SELECTED else ()
        self._graph.update_device_registration_policy(self.choice, users)
        self.message = SAVED

    def _choose(self, join: JoinPermission) -> None:
        self.choice = join
        self.message = None
