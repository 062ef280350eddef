"""Creating (or editing) a settings catalog policy: Basics, Configuration settings, Scope tags,
Assignments, Review + create.

"Configure platform SSO for macOS devices" > Step 2: the admin names the policy, adds the Extensible
Single Sign On (SSO) settings in the settings picker, gives each a value, keeps the Default scope tag,
includes users (or devices), reviews, and selects Create. What the admin entered is a
:class:`PolicyDraft`; Create hands it to the caller, which sends it to Intune through Graph. Editing
(a policy's Properties > a section > Edit) shows that section, then Review + save.

A setting's field takes what the admin types: text, one of the setting's values ("Do Not Handle"), or
one more entry of a list (URLs). Extension Data takes a key, a type and a value, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from psso_sim.admin.graph_client import ASSIGNMENT_TARGETS, AdminCenterError
from psso_sim.admin.portal import Actions, Page
from psso_sim.intune.settings_catalog import (
    CatalogError,
    CatalogSetting,
    build_sso_payload,
    extension_data_value,
)
from psso_sim.intune.settings_picker import SettingsPicker

__all__ = ["BASICS", "CONFIGURATION", "CREATE_STEPS", "DEVICE_GROUP_WARNING", "PolicyDraft", "PolicyWizard"]

BASICS, CONFIGURATION, SCOPE_TAGS, ASSIGNMENTS = "Basics", "Configuration settings", "Scope tags", "Assignments"
CREATE_STEPS = (BASICS, CONFIGURATION, SCOPE_TAGS, ASSIGNMENTS, "Review + create")
EXTENSION_DATA = "Extension Data"
DEVICE_GROUP_WARNING = ("Platform SSO settings on devices with user affinity are assigned to users or user groups: "
                        "with devices or device groups, users may be unable to reach resources protected by "
                        "Conditional Access.")


@dataclass
class PolicyDraft:
    """What the admin has entered so far."""

    name: str = ""
    description: str = ""
    platform: str = "macOS"
    profile_type: str = "Settings catalog"
    chosen: list[str] = field(default_factory=list)  # picker entries
    values: dict[str, Any] = field(default_factory=dict)  # by setting path; lists for list settings
    extension_data: dict[str, Any] = field(default_factory=dict)
    scope_tags: list[str] = field(default_factory=lambda: ["Default"])
    assignments: list[str] = field(default_factory=list)

    def settings(self, offered: tuple[CatalogSetting, ...]) -> list[CatalogSetting]:
        return [s for s in offered if s.picker_entry in self.chosen]

    def configured(self, offered: tuple[CatalogSetting, ...]) -> dict[CatalogSetting, Any]:
        """Each chosen setting with a value (its default until set), as the profile will carry it."""
        result: dict[CatalogSetting, Any] = {}
        for setting in self.settings(offered):
            value = self.extension_data if setting.kind == "extension data" else self.values.get(setting.path)
            value = setting.default if value is None else value
            if value not in (None, [], {}):
                result[setting] = value
        return result

    def configures_platform_sso(self, offered: tuple[CatalogSetting, ...]) -> bool:
        return any(s.key[0] in ("PlatformSSO", "AuthenticationMethod") for s in self.settings(offered))


class PolicyWizard:
    """One pane: the steps, the settings picker over them, and the last step's button."""

    def __init__(
        self, draft: PolicyDraft, offered: tuple[CatalogSetting, ...], category: str, *,
        steps: tuple[str, ...] = CREATE_STEPS, forward: str = "Next", finish: str = "Create",
        submit: Callable[[PolicyDraft], None],
    ) -> None:
        """``forward`` and ``finish`` label the buttons: Next and Create, or (editing) Review + save and Save."""
        self.draft = draft
        self.offered = offered
        self.category = category
        self.steps = steps
        self.forward = forward
        self.finish = finish
        self._submit = submit
        self.step = 0
        self.picker: SettingsPicker | None = None
        self.message: str | None = None
        self._pending: dict[str, str] = {}  # Extension Data key and type, until its value is entered
        self._focused: str | None = None  # the included group Remove removes

    @property
    def current(self) -> str:
        return self.steps[self.step]

    def page(self) -> Page:
        if self.picker is not None:
            return self.picker.page()
        page = {BASICS: self._basics, CONFIGURATION: self._configuration, SCOPE_TAGS: self._scope_tags,
                ASSIGNMENTS: self._assignments}.get(self.current, self._review)()
        page.text.insert(0, "  ".join(f"[{s}]" if s == self.current else s for s in self.steps))
        if self.message:
            page.text.append(self.message)
        if self.step:
            page.buttons["Previous"] = partial(self._move, -1)
        if self.step < len(self.steps) - 1:
            page.buttons[self.forward] = partial(self._move, 1)
        else:
            page.buttons[self.finish] = self._finish
        return page

    # the steps
    def _basics(self) -> Page:
        text = [f"Name: {self.draft.name}", f"Description: {self.draft.description}",
                f"Platform: {self.draft.platform}", f"Profile type: {self.draft.profile_type}"]
        return Page(BASICS, text, fields={"Name": partial(self._set, "name"),
                                          "Description": partial(self._set, "description")})

    def _configuration(self) -> Page:
        text = [self.category]
        fields: dict[str, Callable[[str], None]] = {}
        configured = self.draft.configured(self.offered)
        for setting in self.draft.settings(self.offered):
            if setting.kind == "extension data":
                text.append(f"{setting.path}: " + (", ".join(f"{k} = {v!r}" for k, v in configured.get(
                    setting, {}).items()) or "(no keys)"))
                fields |= {f"{EXTENSION_DATA} > {part}": partial(self._extension_data, part)
                           for part in ("Key", "Type", "Value")}
                continue
            shown = _shown(setting, configured.get(setting))
            text.append(f"{setting.path}: {shown}")
            fields[setting.path] = partial(self._enter, setting)
        return Page(CONFIGURATION, text, fields=fields, buttons={"Add settings": self._open_picker})

    def _scope_tags(self) -> Page:
        return Page(SCOPE_TAGS, [SCOPE_TAGS, *self.draft.scope_tags])

    def _assignments(self) -> Page:
        text = ["Included groups", *(self.draft.assignments or ["No groups selected"])]
        if "All devices" in self.draft.assignments and self.draft.configures_platform_sso(self.offered):
            text.append(DEVICE_GROUP_WARNING)
        rows: Actions = {target: partial(setattr, self, "_focused", target) for target in self.draft.assignments}
        buttons: Actions = {f"Add {t.lower()}": partial(self._include, t) for t in ASSIGNMENT_TARGETS}
        if self._focused not in self.draft.assignments and len(self.draft.assignments) == 1:
            self._focused = self.draft.assignments[0]  # a single group's row shows its Remove
        if self._focused in self.draft.assignments:
            buttons["Remove"] = self._remove
        return Page(ASSIGNMENTS, text, rows=rows, buttons=buttons)

    def _review(self) -> Page:
        configured = self.draft.configured(self.offered)
        text = [f"Name: {self.draft.name}", f"Description: {self.draft.description or '--'}",
                f"Platform: {self.draft.platform}", f"Profile type: {self.draft.profile_type}",
                *(f"{s.path}: {_shown(s, v)}" for s, v in configured.items()),
                f"Scope tags: {', '.join(self.draft.scope_tags)}",
                f"Included groups: {', '.join(self.draft.assignments) or '--'}"]
        return Page(self.current, text)

    # acting
    def _move(self, by: int) -> None:
        if by > 0 and self.current == CONFIGURATION and not self._settings_valid():
            return
        self.step += by
        self.message = None

    def _settings_valid(self) -> bool:
        """The page flags what cannot make a payload (a required key missing, a wrong value) before Next."""
        try:
            build_sso_payload(self.draft.configured(self.offered), payload_identifier="draft", payload_uuid="draft",
                              display_name="draft")
        except CatalogError as error:
            self.message = error.message
            return False
        return True

    def _finish(self) -> None:
        try:
            self._submit(self.draft)
        except AdminCenterError as error:
            self.message = error.message

    def _set(self, name: str, value: str) -> None:
        setattr(self.draft, name, value)

    def _enter(self, setting: CatalogSetting, text: str) -> None:
        value = setting.value_of(text)
        if setting.kind in ("list", "multiple"):
            current = list(self.draft.values.get(setting.path) or [])
            value = current if value in current else [*current, value]
        self.draft.values[setting.path] = value

    def _extension_data(self, part: str, text: str) -> None:
        if part != "Value":
            self._pending[part] = text
            return
        key, kind = self._pending.get("Key"), self._pending.get("Type")
        if key is None or kind is None:
            raise AdminCenterError(f"Extension Data: enter a Key and a Type before the Value '{text}'",
                                   hint="Extension Data > Key, then > Type (String, Integer, Boolean), then > Value")
        self.draft.extension_data[key] = extension_data_value(key, kind, text)
        self._pending.clear()

    def _open_picker(self) -> None:
        self.picker = SettingsPicker(self.category, self.offered, self.draft.chosen, self._close_picker)

    def _close_picker(self) -> None:
        self.picker = None

    def _include(self, target: str) -> None:
        if target not in self.draft.assignments:
            self.draft.assignments.append(target)
        self._focused = target

    def _remove(self) -> None:
        assert self._focused is not None
        self.draft.assignments.remove(self._focused)
        self._focused = self.draft.assignments[-1] if self.draft.assignments else None


def _shown(setting: CatalogSetting, value: Any) -> str:
    if value is None:
        return "(not configured)"
    if isinstance(value, list):
        return ", ".join(setting.label_of(v) for v in value)
    return setting.label_of(value)
