"""The Intune admin center's settings catalog: the release's path and picker, the wizard's checks, editing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.admin.graph_client import AdminCenterError, admin_graph_client
from psso_sim.intune.admin_center import AdminCenter
from psso_sim.intune.settings_catalog import CatalogError
from psso_sim.ui.desktop import Desktop, LabelNotOnScreen
from psso_sim.world import World

INTUNE = AdminCenter.name
REQUIRED = {
    "Extension Identifier": "com.microsoft.CompanyPortalMac.ssoextension",
    "Registration Token": "{{DEVICEREGISTRATION}}",
    "Team Identifier": "UBF8T346G9",
    "Type": "Redirect",
}


def _title(desktop: Desktop) -> str:
    screen = desktop.frontmost()
    assert screen is not None, "nothing is on screen"
    return screen.title


def _admin(world: World) -> tuple[Desktop, AdminCenter]:
    center = AdminCenter(admin_graph_client(world.network.client("Intune admin center"), world.entra), world.product)
    desktop = Desktop()
    desktop.show(center)
    center.open()
    return desktop, center


def _to_configuration_settings(desktop: Desktop, path: str, name: str = "macOS - Platform SSO") -> None:
    desktop.navigate(path, INTUNE)
    desktop.enter("Platform", "macOS", INTUNE)
    desktop.enter("Profile type", "Settings catalog", INTUNE)
    desktop.select("Create", INTUNE)
    desktop.enter("Name", name, INTUNE)
    desktop.select("Next", INTUNE)


def _pick(desktop: Desktop, category: str, *entries: str) -> None:
    desktop.select("Add settings", INTUNE)
    desktop.navigate(f"Authentication > {category}", INTUNE)
    for entry in entries:
        desktop.navigate(entry, INTUNE)
    desktop.select("Close", INTUNE)


def test_the_seeds_release_creates_the_policy_on_its_own_path_and_picker() -> None:
    world = World(seed=4, product="2023-11")
    user = world.add_user()
    mac = world.add_mac(owner=user, macos=14)
    Person(world, user, mac).enroll_before_platform_sso()
    desktop, _ = _admin(world)
    with pytest.raises(LabelNotOnScreen):  # the current path is not there in late 2023
        desktop.navigate("Devices > Manage devices", INTUNE)
    _to_configuration_settings(desktop, "Devices > macOS > Configuration profiles > Create")
    desktop.select("Add settings", INTUNE)
    desktop.navigate("Authentication > Extensible Single Sign-On (SSO) > Platform SSO", INTUNE)
    assert not desktop.is_on_screen("FileVault Policy", INTUNE)  # a macOS 15 key; the release has no 15
    for entry in ("Authentication Method", "Use Shared Device Keys", *REQUIRED, "URLs"):
        desktop.select(entry, INTUNE)
    desktop.select("Close", INTUNE)
    for setting, value in REQUIRED.items():
        desktop.enter(setting, value, INTUNE)
    desktop.enter("Platform SSO > Use Shared Device Keys", "Enabled", INTUNE)
    for url in ("https://login.microsoftonline.com", "https://login.microsoft.com", "https://sts.windows.net"):
        desktop.enter("URLs", url, INTUNE)
    for label in ("Next", "Next", "Add all users", "Next", "Create"):
        desktop.select(label, INTUNE)
    assert _title(desktop) == "macOS | Configuration profiles"
    world.advance(timedelta(minutes=1))
    policy = world.intune.configuration_policies.named("macOS - Platform SSO")
    assert policy.profile.payload_identifier in mac.profiles
    assert mac.platform_sso.payload is not None


def test_next_is_refused_while_a_required_key_is_missing_and_the_page_says_why() -> None:
    world = World(seed=4)
    desktop, _ = _admin(world)
    _to_configuration_settings(desktop, "Devices > Manage devices > Configuration > Create > New policy")
    _pick(desktop, "Extensible Single Sign On (SSO)", "Extension Identifier", "Type")
    desktop.enter("Extension Identifier", "com.microsoft.CompanyPortalMac.ssoextension", INTUNE)
    assert desktop.shows_text("Type: (not configured)", INTUNE)
    desktop.select("Next", INTUNE)
    assert _title(desktop) == "Configuration settings"
    assert desktop.shows_text("Type: Field required", INTUNE)
    desktop.enter("Type", "Redirect", INTUNE)
    desktop.select("Next", INTUNE)
    assert _title(desktop) == "Scope tags"


def test_a_value_the_setting_does_not_offer_is_a_clear_error() -> None:
    world = World(seed=4)
    desktop, _ = _admin(world)
    _to_configuration_settings(desktop, "Devices > Manage devices > Configuration > Create > New policy")
    _pick(desktop, "Extensible Single Sign On (SSO)", "Authentication Method (Deprecated)", "Extension Data")
    with pytest.raises(CatalogError) as caught:
        desktop.enter("Authentication Method (Deprecated)", "SmartCard", INTUNE)
    assert caught.value.hint == "values: Password, UserSecureEnclaveKey"
    assert desktop.shows_text("Authentication Method (Deprecated): Password", INTUNE)  # Intune's default stays
    with pytest.raises(AdminCenterError, match="enter a Key and a Type before the Value '1'"):
        desktop.enter("Extension Data > Value", "1", INTUNE)
    desktop.enter("Extension Data > Key", "custom_tgt_setting", INTUNE)
    desktop.enter("Extension Data > Type", "Integer", INTUNE)
    with pytest.raises(CatalogError, match="'one' is not an Integer for Extension Data > custom_tgt_setting"):
        desktop.enter("Extension Data > Value", "one", INTUNE)
    desktop.enter("Extension Data > Value", "1", INTUNE)
    assert desktop.shows_text("Extension Data: custom_tgt_setting = 1", INTUNE)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("Platform", "macOS 14", "'macOS 14' is not a choice of Platform"),
    ("Profile type", "Template", "'Template' is not a choice of Profile type"),
])
def test_the_create_pane_offers_its_choices_only(field: str, value: str, message: str) -> None:
    desktop, _ = _admin(World(seed=4))
    desktop.navigate("Devices > Manage devices > Configuration > Create > New policy", INTUNE)
    with pytest.raises(AdminCenterError, match=message):
        desktop.enter(field, value, INTUNE)


def test_only_a_macos_settings_catalog_profile_is_simulated() -> None:
    desktop, _ = _admin(World(seed=4))
    desktop.navigate("Devices > Manage devices > Configuration > Create > New policy", INTUNE)
    desktop.enter("Platform", "macOS", INTUNE)
    desktop.enter("Profile type", "Templates", INTUNE)
    with pytest.raises(AdminCenterError, match="a Templates profile for macOS is not simulated"):
        desktop.select("Create", INTUNE)


def test_graphs_refusal_stays_on_the_review_page() -> None:
    world = World(seed=4)
    desktop, _ = _admin(world)
    _to_configuration_settings(desktop, "Devices > Manage devices > Configuration > Create > New policy", name=" ")
    _pick(desktop, "Extensible Single Sign On (SSO)", "Extension Identifier", "Type")
    desktop.enter("Extension Identifier", "x", INTUNE)
    desktop.enter("Type", "Redirect", INTUNE)
    for label in ("Next", "Next", "Next", "Create"):
        desktop.select(label, INTUNE)
    assert _title(desktop) == "Review + create"
    assert desktop.shows_text("answered 400", INTUNE) and desktop.shows_text("needs a name", INTUNE)
    assert world.intune.configuration_policies.policies == {}


def test_editing_the_basics_renames_the_policy_through_graph() -> None:
    world = World(seed=4)
    desktop, _ = _admin(world)
    _to_configuration_settings(desktop, "Devices > Manage devices > Configuration > Create > New policy")
    _pick(desktop, "Extensible Single Sign On (SSO)", "Extension Identifier", "Type")
    desktop.enter("Extension Identifier", "x", INTUNE)
    desktop.enter("Type", "Redirect", INTUNE)
    for label in ("Next", "Next", "Next", "Create", "macOS - Platform SSO"):
        desktop.select(label, INTUNE)
    desktop.navigate("Properties > Scope tags", INTUNE)
    assert not desktop.is_on_screen("Edit", INTUNE)  # scope tags are not edited here
    desktop.navigate("Basics > Edit", INTUNE)
    desktop.enter("Name", "macOS - PSSO", INTUNE)
    desktop.navigate("Review + save > Save", INTUNE)
    assert desktop.shows_text("macOS - PSSO saved", INTUNE)
    (policy,) = world.intune.configuration_policies.policies.values()
    assert policy.name == "macOS - PSSO" and dict(policy.settings)["com.apple.extensiblesso_type"] == "Redirect"
