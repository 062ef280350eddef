"""What the admin does in the admin centers: the Microsoft Intune and Microsoft Entra admin centers in the
admin's browser, Microsoft Graph calls, and Intune profiles.

The admin acts on the portal in front (the one opened last), by the labels on screen, as the user does on
the Mac. Settings catalog policies: psso_sim.steps.settings_catalog.

Source: MacOS Platform single sign-on known issues and troubleshooting > Troubleshooting guide
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytest_bdd import given, then, when

from psso_sim.admin.entra_admin_center import EntraAdminCenter
from psso_sim.admin.graph_client import GraphClient, admin_account
from psso_sim.entra.models import JoinPermission, User
from psso_sim.intune.admin_center import AdminCenter
from psso_sim.intune.passcode import PasscodeSettings
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.ui.desktop import Desktop, UIError
from psso_sim.world import World

__all__ = ["admin_center", "admin_desktop", "admin_portal", "entra_admin_center", "graph"]
# its fixtures and helper; its steps are public by their sentences


@pytest.fixture
def admin_center(world: World) -> Iterator[AdminCenter]:
    """The Microsoft Intune admin center in the admin's browser, for the World's product release."""
    http = world.network.client("Microsoft Intune admin center (browser)")
    yield AdminCenter(GraphClient(http, admin_account(world.entra)), world.product)
    http.close()


@pytest.fixture
def entra_admin_center(world: World) -> Iterator[EntraAdminCenter]:
    """The Microsoft Entra admin center in the admin's browser; it talks to Entra ID through Graph."""
    http = world.network.client("Microsoft Entra admin center (browser)")
    yield EntraAdminCenter(GraphClient(http, admin_account(world.entra)), world.product)
    http.close()


@pytest.fixture
def admin_desktop(admin_center: AdminCenter, entra_admin_center: EntraAdminCenter) -> Desktop:
    """The admin's screen: the browser, one tab per admin center (none signed in yet)."""
    desktop = Desktop()
    desktop.show(entra_admin_center)
    desktop.show(admin_center)
    return desktop


@pytest.fixture
def graph(world: World) -> Iterator[GraphClient]:
    """The admin's Microsoft Graph client."""
    http = world.network.client("Microsoft Graph (admin)")
    yield GraphClient(http, admin_account(world.entra))
    http.close()


def admin_portal(desktop: Desktop) -> str:
    """The admin center in front: the one the admin opened last."""
    front = desktop.frontmost()
    if front is None:
        raise UIError("no admin center is open in the admin's browser",
                      hint="first: When the admin opens the Microsoft Intune admin center (or Entra admin center)")
    return front.surface


@when(step_parser("the admin opens the Microsoft Intune admin center"))
def open_admin_center(admin_center: AdminCenter, admin_desktop: Desktop) -> None:
    """The admin signs in to the Microsoft Intune admin center; it opens on Home.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: When the admin opens the Microsoft Intune admin center
    """
    admin_center.open()
    admin_desktop.show(admin_center)


@when(step_parser("the admin opens the Microsoft Entra admin center"))
def open_entra_admin_center(entra_admin_center: EntraAdminCenter, admin_desktop: Desktop) -> None:
    """The admin signs in to the Microsoft Entra admin center; it opens on Home.

    Source: macOS Platform single sign-on known issues and troubleshooting > Insufficient permissions
    Example: When the admin opens the Microsoft Entra admin center
    """
    entra_admin_center.open()
    admin_desktop.show(entra_admin_center)


@when(step_parser('the admin navigates to "{path:Label}"'))
def admin_navigates(admin_desktop: Desktop, path: str) -> None:
    """Follow "A > B" in the admin center in front, selecting each label in turn.

    Source: Troubleshooting guide > Insufficient permissions
    Example: When the admin navigates to "Devices > Device Settings"
    """
    admin_desktop.navigate(path, admin_portal(admin_desktop))


@when(step_parser('the admin selects "{label:Label}" under "{section:Label}"'))
def admin_selects_under(admin_desktop: Desktop, label: str, section: str) -> None:
    """Select an option of a section of the page on screen.

    Source: Troubleshooting guide > Insufficient permissions
    Example: When the admin selects "All" under "Microsoft Entra ID join and registration settings"
    """
    portal = admin_portal(admin_desktop)
    assert admin_desktop.shows_text(section, portal), f'no section "{section}" on screen:\n{admin_desktop.describe()}'
    admin_desktop.select(label, portal)


@when(step_parser('the admin selects "{label:Label}" for "{setting:Label}"'))
def admin_selects_for(admin_desktop: Desktop, label: str, setting: str) -> None:
    """Select an option of a setting the page shows (a toggle: All, Selected, None).

    Source: macOS Platform single sign-on known issues and troubleshooting > Insufficient permissions
    Example: When the admin selects "All" for "Users may join devices to Microsoft Entra"
    """
    portal = admin_portal(admin_desktop)
    assert admin_desktop.shows_text(setting, portal), f'no setting "{setting}" on screen:\n{admin_desktop.describe()}'
    admin_desktop.select(label, portal)


@when(step_parser('the admin selects "{label:Label}"'))
def admin_selects(admin_desktop: Desktop, label: str) -> None:
    """Select a button or row in the admin center in front.

    Example: When the admin selects "Save"
    """
    admin_desktop.select(label, admin_portal(admin_desktop))


@when(step_parser('the admin selects "{value:Label}" as "{field:Label}"'))
def admin_chooses(admin_desktop: Desktop, value: str, field: str) -> None:
    """Choose a value of a drop-down (Platform, Profile type, a setting's value).

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: When the admin selects "macOS" as "Platform"
    """
    admin_desktop.enter(field, value, admin_portal(admin_desktop))


@when(step_parser('the admin enters "{value:Text}" as "{field:Label}"'))
def admin_enters(admin_desktop: Desktop, value: str, field: str) -> None:
    """Type a value in a field of the admin center in front (Name, Description, a setting).

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: When the admin enters "macOS - Platform SSO" as "Name"
    """
    admin_desktop.enter(field, value, admin_portal(admin_desktop))


@then(step_parser('the admin center shows "{text:Label}"'))
def admin_center_shows(admin_desktop: Desktop, text: str) -> None:
    """The page of the admin center in front shows this text.

    Example: Then the admin center shows "Your changes have been saved."
    """
    shown = admin_desktop.shows_text(text, admin_portal(admin_desktop))
    assert shown, f'"{text}" not shown:\n{admin_desktop.describe()}'


@then(step_parser('the admin center does not show "{text:Label}"'))
def admin_center_does_not_show(admin_desktop: Desktop, text: str) -> None:
    """The page of the admin center in front does not show this text (a warning went away).

    Example: Then the admin center does not show "protected by Conditional Access"
    """
    shown = admin_desktop.shows_text(text, admin_portal(admin_desktop))
    assert not shown, f'"{text}" is shown:\n{admin_desktop.describe()}'


@then(step_parser('"{label:Label}" is not on the admin\'s screen'))
def admin_label_not_on_screen(admin_desktop: Desktop, label: str) -> None:
    """Neither a control with this label nor a line showing it is on the page of the admin center in front (a page
    another release has, a setting its picker does not offer): a label written as the page shows it, such as
    "Platform SSO > FileVault Policy", is checked too.

    Example: Then "Device Settings" is not on the admin's screen
    """
    portal = admin_portal(admin_desktop)
    on_screen = admin_desktop.is_on_screen(label, portal) or admin_desktop.shows_text(label, portal)
    assert not on_screen, f'"{label}" is on screen:\n{admin_desktop.describe()}'


@then(step_parser("Entra ID lets all users join devices to Microsoft Entra ID"))
def entra_join_all(world: World) -> None:
    """Entra's device registration policy: "Users may join devices": All.

    Example: Then Entra ID lets all users join devices to Microsoft Entra ID
    """
    policy = world.entra.directory.device_registration_policy
    assert policy.join is JoinPermission.ALL, f"users may join devices: {policy.join.value}"


@given(step_parser("the admin's passcode profile \"{name:Label}\" requires {length:Number} characters, "
                   "{special:Number} of them special"))
def admin_assigns_passcode_profile(world: World, name: str, length: int, special: int) -> None:
    """The admin assigns all users a local password policy (passcode payload) in Intune.

    Source: Known issues > Passcode policy complexity mismatches
    Example: Given the admin's passcode profile "Mac passcode" requires 16 characters, 2 of them special
    """
    world.intune.create_passcode_profile(name, PasscodeSettings(min_length=length, min_complex_chars=special))


@given(step_parser('the admin\'s passcode profile "{name:Label}" requires letters and numbers'))
def admin_assigns_alphanumeric_passcode_profile(world: World, name: str) -> None:
    """The admin assigns all users a passcode profile whose only rule is requireAlphanumeric: at least one letter
    and one number. With several passcode profiles, macOS enforces the strictest value of each rule.

    Source: Known issues > Passcode policy complexity mismatches
    Example: Given the admin's passcode profile "Letters and numbers" requires letters and numbers
    """
    world.intune.create_passcode_profile(name, PasscodeSettings(require_alphanumeric=True))


@when(step_parser('the admin changes the passcode profile "{name:Label}" to {length:Number} characters, '
                  "{special:Number} of them special"))
def admin_changes_passcode_profile(world: World, name: str, length: int, special: int) -> None:
    """Edit the passcode profile; Intune delivers it again and the Mac replaces the old one.

    Source: Known issues > Passcode policy complexity mismatches
    Example: When the admin changes the passcode profile "Mac passcode" to 8 characters, 0 of them special
    """
    world.intune.update_passcode_profile(name, PasscodeSettings(min_length=length, min_complex_chars=special))


@when(step_parser('the user waits up to {limit:Duration} for the changed "{name:Label}" profile to reach the Mac'))
def wait_for_changed_profile(world: World, mac: Mac, limit: timedelta, name: str) -> None:
    """Let simulated time run until the Mac has installed the profile's latest version; fail past the limit.

    The latest version is the one Intune assigns now (the admin's last change), told by its PayloadUUID.

    Source: Known issues > Passcode policy complexity mismatches ("Make the password requirements identical")
    Example: When the user waits up to 10 minutes for the changed "Mac passcode" profile to reach the Mac
    """
    assigned = [a.profile for a in world.intune.assignments if a.profile.payload_display_name == name]
    if not assigned:
        names = ", ".join(f"'{a.profile.payload_display_name}'" for a in world.intune.assignments) or "none"
        pytest.fail(f"Intune assigns no profile named '{name}' (assigned: {names})", pytrace=False)
    current = assigned[-1]

    def arrived() -> bool:
        installed = mac.profiles.get(current.payload_identifier)
        return installed is not None and installed.payload_uuid == current.payload_uuid

    if not world.wait_until(arrived, limit):
        installed = mac.profiles.get(current.payload_identifier)
        held = f"version {installed.payload_uuid}" if installed is not None else "no version of it"
        pytest.fail(f"the '{name}' profile Intune assigns (version {current.payload_uuid}) did not reach "
                    f"{mac.name} within {limit}: the Mac holds {held}", pytrace=False)


@when(step_parser("the admin turns off per-user MFA for the user"))
def admin_turns_off_per_user_mfa(graph: GraphClient, user: User) -> None:
    """Per-user MFA state "disabled", through Microsoft Graph.

    Source: Known issues > Per user MFA causes password sync failure
    Example: When the admin turns off per-user MFA for the user
    """
    graph.update_per_user_mfa_state(user.object_id, "disabled")


@given(step_parser('the admin requires MFA for "{resource:Label}" with a Conditional Access policy'))
def admin_has_required_ca_mfa(graph: GraphClient, resource: str) -> None:
    """A Conditional Access policy grants access to the resource with MFA (Microsoft Graph).

    Source: Known issues > Per user MFA causes password sync failure
    Example: Given the admin requires MFA for "Office 365" with a Conditional Access policy
    """
    _require_ca_mfa(graph, resource)


@when(step_parser('the admin requires MFA for "{resource:Label}" with a Conditional Access policy'))
def admin_requires_ca_mfa(graph: GraphClient, resource: str) -> None:
    """The admin creates a Conditional Access policy: the resource needs MFA (Microsoft Graph).

    Source: Known issues > Per user MFA causes password sync failure
    Example: When the admin requires MFA for "Office 365" with a Conditional Access policy
    """
    _require_ca_mfa(graph, resource)


def _require_ca_mfa(graph: GraphClient, resource: str) -> None:
    name = f"Require MFA for {resource}"
    graph.create_conditional_access_policy(name, control="mfa", applications=[resource])
