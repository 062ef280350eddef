"""One configuration profile in the Intune admin center: Overview (device status) and Properties.

Overview shows "Device and user check-in status": each targeted device and its status, with Intune's
error for an SSO payload it held back (``10001: misconfiguration in the SSOe payload.``, ``10002:
multiple SSOe payloads configured.``). Properties lists Basics, Assignments, Scope tags and
Configuration settings; selecting a section and Edit opens it in the policy wizard ("In Properties >
Configuration settings, select Edit"; "Assignments Edit > Remove > Review + Save"). What the page shows
was read through Graph when it opened, or at Refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from psso_sim.admin.graph_client import ASSIGNMENT_TARGETS, GraphClient
from psso_sim.admin.portal import Actions, Page
from psso_sim.intune.policy_wizard import ASSIGNMENTS, BASICS, CONFIGURATION, SCOPE_TAGS, PolicyDraft
from psso_sim.intune.settings_catalog import CatalogError, setting_by_id

__all__ = ["OVERVIEW", "PROPERTIES", "PolicyPage", "ProfileEntry"]

OVERVIEW, PROPERTIES = "Overview", "Properties"
SETTINGS_CATALOG = "Settings catalog"
_TEMPLATE_TYPES = {
    "#microsoft.graph.macOSDeviceFeaturesConfiguration": "Device features",
    "#microsoft.graph.macOSGeneralDeviceConfiguration": "Device restrictions",
    "#microsoft.graph.macOSCustomConfiguration": "Custom",
}
_TARGET_NAMES = {kind: name for name, kind in ASSIGNMENT_TARGETS.items()}


@dataclass(frozen=True)
class ProfileEntry:
    """A row of the admin center's list of configuration profiles, from Graph."""

    id: str
    name: str
    profile_type: str  # Settings catalog, Device features, Device restrictions, Custom
    assignments: tuple[str, ...]
    description: str = ""
    settings: tuple[tuple[str, Any], ...] = ()  # a settings catalog policy's (settingDefinitionId, value)

    @classmethod
    def of_policy(cls, data: dict[str, Any]) -> ProfileEntry:
        return cls(data["id"], data["name"], SETTINGS_CATALOG, _targets(data), data.get("description", ""),
                   tuple((s["settingDefinitionId"], s["value"]) for s in data["settings"]))

    @classmethod
    def of_configuration(cls, data: dict[str, Any]) -> ProfileEntry:
        return cls(data["id"], data["displayName"], _TEMPLATE_TYPES.get(data["@odata.type"], "Custom"),
                   _targets(data))

    @property
    def editable(self) -> tuple[str, ...]:
        """The Properties sections with an Edit (a template's settings are not simulated)."""
        return (BASICS, ASSIGNMENTS, CONFIGURATION) if self.profile_type == SETTINGS_CATALOG else (ASSIGNMENTS,)

    def draft(self) -> PolicyDraft:
        """The policy as the wizard edits it."""
        draft = PolicyDraft(self.name, self.description, profile_type=self.profile_type,
                            assignments=list(self.assignments))
        for definition, value in self.settings:
            setting = setting_by_id(definition)
            if setting.picker_entry not in draft.chosen:
                draft.chosen.append(setting.picker_entry)
            if setting.kind == "extension data":
                draft.extension_data = dict(value)
            else:
                draft.values[setting.path] = value
        return draft

    def lines(self) -> list[str]:
        """Each configured setting as the page shows it: "Platform SSO > Authentication Method: Password"."""
        lines = []
        for definition, value in self.settings:
            try:
                setting = setting_by_id(definition)
            except CatalogError:
                lines.append(f"{definition}: {value}")
                continue
            shown = ", ".join(map(setting.label_of, value)) if isinstance(value, list) else setting.label_of(value)
            lines.append(f"{setting.path}: {shown}")
        return lines


class PolicyPage:
    def __init__(self, graph: GraphClient, entry: ProfileEntry, edit: Callable[[ProfileEntry, str], None]) -> None:
        self._graph = graph
        self.entry = entry
        self._edit = edit
        self.tab = OVERVIEW
        self.section: str | None = None
        self.statuses: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        """Read the device statuses again (the portal shows what it read, not live state)."""
        if self.entry.profile_type == SETTINGS_CATALOG:
            self.statuses = self._graph.configuration_policy_device_statuses(self.entry.id)
        else:
            self.statuses = self._graph.device_configuration_device_statuses(self.entry.id)

    def page(self) -> Page:
        rows: Actions = {OVERVIEW: partial(self._show, OVERVIEW), PROPERTIES: partial(self._show, PROPERTIES)}
        text = [self.entry.name, "Platform: macOS", f"Profile type: {self.entry.profile_type}"]
        buttons: Actions = {}
        if self.tab == OVERVIEW:
            text += self._overview()
            buttons["Refresh"] = self.refresh
        else:
            text += self._properties()
            rows |= {section: partial(setattr, self, "section", section)
                     for section in (BASICS, ASSIGNMENTS, SCOPE_TAGS, CONFIGURATION)}
            if self.section in self.entry.editable:
                buttons["Edit"] = partial(self._edit, self.entry, self.section)
        return Page(f"{self.entry.name} | {self.tab}", text, rows=rows, buttons=buttons)

    def _overview(self) -> list[str]:
        counts = {status: sum(s["status"] == status for s in self.statuses)
                  for status in ("Succeeded", "Error", "Pending")}
        lines = ["Device and user check-in status", *(f"{status}: {n}" for status, n in counts.items())]
        for status in self.statuses:
            detail = f" ({status['errorDescription']})" if status["errorDescription"] else ""
            lines.append(f"{status['deviceName']}: {status['status']}{detail}")
        return lines

    def _properties(self) -> list[str]:
        return [BASICS, f"Name: {self.entry.name}", f"Description: {self.entry.description or '--'}",
                ASSIGNMENTS, f"Included groups: {', '.join(self.entry.assignments) or '--'}",
                SCOPE_TAGS, "Default", CONFIGURATION, *self.entry.lines()]

    def _show(self, tab: str) -> None:
        self.tab = tab
        self.section = None


def _targets(data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(_TARGET_NAMES.get(a["target"]["@odata.type"], a["target"]["@odata.type"])
                 for a in data.get("assignments", []))
