"""The Microsoft Intune admin center's device settings page, the admin's Graph calls, and
Intune's redelivery of an edited passcode profile."""

from __future__ import annotations

import pytest

from psso_sim.admin.graph_client import admin_graph_client
from psso_sim.entra.models import ConditionalAccessGrant, JoinPermission
from psso_sim.intune.admin_center import JOIN_SETTINGS, AdminCenter, AdminCenterError, GraphClient
from psso_sim.intune.errors import UnknownProfile
from psso_sim.intune.passcode import PasscodeSettings
from psso_sim.ui.desktop import Desktop, LabelNotOnScreen
from psso_sim.world import World


@pytest.fixture
def world() -> World:
    world = World(seed=2)
    world.entra.directory.update_device_registration_policy(JoinPermission.NONE)
    return world


@pytest.fixture
def graph(world: World) -> GraphClient:
    return admin_graph_client(world.network.client("admin"), world.entra)


def test_device_settings_all_save_updates_entra_over_graph(world: World, graph: GraphClient) -> None:
    """Without a release (as sim/docs builds it) the admin center is the seeds': Devices > Device Settings."""
    desktop = Desktop()
    center = AdminCenter(graph)
    desktop.show(center)
    assert desktop.screens() == []  # not signed in yet
    center.open()
    with pytest.raises(LabelNotOnScreen):
        desktop.select("Save", AdminCenter.name)
    desktop.navigate("Devices > Device Settings", AdminCenter.name)
    assert desktop.shows_text(JOIN_SETTINGS, AdminCenter.name)
    assert desktop.shows_text(f"{JOIN_SETTINGS}: None", AdminCenter.name)  # the seeds' row names the section
    desktop.select("All", AdminCenter.name)
    assert world.entra.directory.device_registration_policy.join is JoinPermission.NONE  # not saved yet
    desktop.select("Save", AdminCenter.name)
    assert world.entra.directory.device_registration_policy.join is JoinPermission.ALL
    assert desktop.shows_text("Your changes have been saved.", AdminCenter.name)
    assert any(r.startswith("PUT https://graph.microsoft.com/v1.0/policies/deviceRegistrationPolicy")
               for r in world.network.requests)


def test_per_user_mfa_and_conditional_access_through_graph(world: World, graph: GraphClient) -> None:
    user = world.add_user(per_user_mfa=True)
    graph.update_per_user_mfa_state(user.user_principal_name, "disabled")
    assert world.entra.directory.users[user.object_id].per_user_mfa is False
    graph.update_per_user_mfa_state(user.object_id, "enforced")
    assert world.entra.directory.users[user.object_id].per_user_mfa is True
    graph.create_conditional_access_policy("Require MFA", control="mfa", applications=["Office 365"])
    (policy,) = world.entra.directory.policies_for("Office 365")
    assert policy.grant is ConditionalAccessGrant.MFA and policy.enabled
    with pytest.raises(AdminCenterError, match="perUserMfaState"):
        graph.update_per_user_mfa_state(user.object_id, "sometimes")
    with pytest.raises(AdminCenterError, match="builtInControls"):
        graph.create_conditional_access_policy("Odd", control="block", applications=["Office 365"])
    with pytest.raises(AdminCenterError, match="404"):
        graph.update_per_user_mfa_state("nobody@contosolabs.onmicrosoft.com", "disabled")


def test_editing_a_passcode_profile_keeps_its_identifier(world: World) -> None:
    created = world.intune.create_passcode_profile("Mac passcode", PasscodeSettings(min_length=16))
    updated = world.intune.update_passcode_profile("Mac passcode", PasscodeSettings(min_length=8))
    assert updated.payload_identifier == created.payload_identifier
    assert [a.profile for a in world.intune.assignments] == [updated]
    with pytest.raises(UnknownProfile, match="no assigned profile named 'Nope'"):
        world.intune.update_passcode_profile("Nope", PasscodeSettings())
    world.intune.update_passcode_profile("Mac passcode", PasscodeSettings(8, 1, True, False))
    said = ("passcode profile 'Mac passcode': minLength 8, minComplexChars 1, requireAlphanumeric True, "
            "allowSimple False")
    assert [line for line in world.trace.lines("intune") if line.endswith(said)]  # the edit, in Apple's key names
    assert PasscodeSettings().describe() == "Apple's defaults"
