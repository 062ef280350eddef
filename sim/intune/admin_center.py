"""The Microsoft Intune admin center in the admin's browser, and its Graph calls.

Its pages are where the product release puts them: the configuration profiles list and the Create pane
of a settings catalog policy (``ProductRelease.settings_catalog``: Devices > Manage devices >
Configuration > Create > New policy now, Devices > macOS > Configuration profiles > Create in late 2023),
and, in late 2023, Devices > Device Settings for who may join devices (``ProductRelease.join_setting``;
now in the Microsoft Entra admin center). The admin center reads and writes Intune and Entra ID through
Microsoft Graph over HTTP only (:class:`~psso_sim.admin.graph_client.GraphClient`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from psso_sim.admin.device_settings import JOIN_SETTINGS, DeviceSettingsPage
from psso_sim.admin.graph_client import AdminCenterError, GraphClient
from psso_sim.admin.portal import Actions, Page, Portal
from psso_sim.errors import NotModelled
from psso_sim.intune.policy_page import PolicyPage, ProfileEntry
from psso_sim.intune.policy_wizard import ASSIGNMENTS, PolicyDraft, PolicyWizard
from psso_sim.intune.settings_catalog import offered_settings
from psso_sim.product.releases import PRODUCTS, ProductRelease

__all__ = ["CREATE", "JOIN_SETTINGS", "AdminCenter", "AdminCenterError", "CreateProfilePane", "GraphClient",
           "ProfileTypeNotModelled"]

CREATE = "Create"  # the profiles list's button; what follows it in the release's path opens the Create pane
PLATFORMS = ("Windows 10 and later", "macOS", "iOS/iPadOS", "Android Enterprise", "Linux")
PROFILE_TYPES = ("Settings catalog", "Templates")
# sim/docs builds the admin center without a release; it verifies the seeds' documents.
_SEEDS_RELEASE = "2023-11"


class ProfileTypeNotModelled(AdminCenterError, NotModelled):
    """Only settings catalog profiles for macOS are simulated; Templates (Custom, Device features) are not."""


class CreateProfilePane:
    """Create a profile: Platform and Profile type, then Create (which starts the policy wizard)."""

    def __init__(self, on_create: Callable[[str, str], None]) -> None:
        self._on_create = on_create
        self.platform: str | None = None
        self.profile_type: str | None = None

    def page(self) -> Page:
        text = ["Create a profile", f"Platform: {self.platform or 'Select platform'}",
                f"Profile type: {self.profile_type or 'Select profile type'}"]
        fields: dict[str, Callable[[str], None]] = {
            "Platform": partial(self._choose, "platform", PLATFORMS),
            "Profile type": partial(self._choose, "profile_type", PROFILE_TYPES)}
        return Page("Create a profile", text, fields=fields, buttons={CREATE: self._create})

    def _choose(self, name: str, options: tuple[str, ...], value: str) -> None:
        if value not in options:
            raise AdminCenterError(f"'{value}' is not a choice of {name.replace('_', ' ').capitalize()}",
                                   hint=f"choices: {', '.join(options)}")
        setattr(self, name, value)

    def _create(self) -> None:
        if (self.platform, self.profile_type) != ("macOS", "Settings catalog"):
            raise ProfileTypeNotModelled(
                f"a {self.profile_type or '(no profile type)'} profile for {self.platform or '(no platform)'} "
                "is not simulated", hint="Platform: macOS, Profile type: Settings catalog")
        self._on_create("macOS", "Settings catalog")


class AdminCenter(Portal):
    name = "Microsoft Intune admin center"
    navigation = ("Devices", "Apps", "Users", "Groups", "Tenant administration")

    def __init__(self, graph: GraphClient, product: ProductRelease | None = None) -> None:
        """``product``: the World's release (None: the seeds', as sim/docs verifies them)."""
        super().__init__()
        self.graph = graph
        self.product = product or PRODUCTS[_SEEDS_RELEASE]
        self.entries: list[ProfileEntry] = []
        self.message: str | None = None
        for label in ("Overview", "All devices"):
            self.add_path(("Devices", label))
        join = self.product.join_setting
        self.device_settings: DeviceSettingsPage | None = None
        if join.portal == self.name:
            self.device_settings = DeviceSettingsPage(graph, join)
            self.add_path(join.path, self.device_settings.page, self.device_settings.load)
        catalog = self.product.settings_catalog
        if catalog.portal == self.name:
            path = catalog.path
            self.profiles_path = path[: path.index(CREATE)]
            self.add_path(self.profiles_path, self._profiles_page, self._load_profiles)
            self.add_path(path, self._create_pane, self._new_profile)
        self._create_profile = CreateProfilePane(self._start_wizard)

    # the list of profiles
    def _load_profiles(self) -> None:
        self.message = None
        self.entries = [ProfileEntry.of_policy(p) for p in self.graph.configuration_policies()]
        self.entries += [ProfileEntry.of_configuration(c) for c in self.graph.device_configurations()]

    def _profiles_page(self) -> Page:
        text = [f"{e.name}  Platform: macOS  Policy type: {e.profile_type}  Assigned: "
                f"{'Yes' if e.assignments else 'No'}" for e in self.entries] or ["No profiles"]
        if self.message:
            text.append(self.message)
        rows: Actions = {entry.name: partial(self._open_entry, entry) for entry in self.entries}
        return Page(" | ".join(self.profiles_path[-2:]), text, rows=rows)

    def _open_entry(self, entry: ProfileEntry) -> None:
        self.message = None
        self.pane = PolicyPage(self.graph, entry, self._edit)

    # creating a policy
    def _new_profile(self) -> None:
        self._create_profile = CreateProfilePane(self._start_wizard)

    def _create_pane(self) -> Page:
        return self._create_profile.page()

    def _start_wizard(self, platform: str, profile_type: str) -> None:
        draft = PolicyDraft(platform=platform, profile_type=profile_type)
        self.pane = PolicyWizard(draft, offered_settings(self.product), self.product.settings_catalog.setting,
                                 submit=self._create)

    def _create(self, draft: PolicyDraft) -> None:
        wizard = self.pane
        assert isinstance(wizard, PolicyWizard)
        settings = [(s.definition_id, v) for s, v in draft.configured(wizard.offered).items()]
        policy = self.graph.create_configuration_policy(draft.name, draft.description, settings)
        if draft.assignments:
            self.graph.assign_configuration_policy(policy["id"], draft.assignments)
        self._back_to_list(f"{draft.name} created successfully")

    # editing one
    def _edit(self, entry: ProfileEntry, section: str) -> None:
        self.pane = PolicyWizard(entry.draft(), offered_settings(self.product), self.product.settings_catalog.setting,
                                 steps=(section, "Review + save"), forward="Review + save", finish="Save",
                                 submit=partial(self._save, entry, section))

    def _save(self, entry: ProfileEntry, section: str, draft: PolicyDraft) -> None:
        wizard = self.pane
        assert isinstance(wizard, PolicyWizard)
        if entry.profile_type != "Settings catalog":
            self.graph.assign_device_configuration(entry.id, draft.assignments)
        elif section == ASSIGNMENTS:
            self.graph.assign_configuration_policy(entry.id, draft.assignments)
        else:
            settings = [(s.definition_id, v) for s, v in draft.configured(wizard.offered).items()]
            self.graph.update_configuration_policy(entry.id, draft.name, draft.description, settings)
        self._back_to_list(f"{draft.name} saved")

    def _back_to_list(self, message: str) -> None:
        self.go(self.profiles_path)
        self.message = message
