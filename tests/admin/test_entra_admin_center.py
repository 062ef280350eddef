"""The Microsoft Entra admin center: the join setting where the product release puts it, saved through Graph."""

from __future__ import annotations

import pytest

from psso_sim.admin.device_settings import JOIN_SETTINGS, SAVED
from psso_sim.admin.entra_admin_center import EntraAdminCenter
from psso_sim.admin.graph_client import admin_graph_client
from psso_sim.entra.models import JoinPermission
from psso_sim.intune.admin_center import AdminCenter
from psso_sim.ui.desktop import Desktop, LabelNotOnScreen
from psso_sim.world import World

ENTRA = EntraAdminCenter.name


def _title(desktop: Desktop) -> str:
    screen = desktop.frontmost()
    assert screen is not None, "nothing is on screen"
    return screen.title


def _open(world: World) -> tuple[Desktop, EntraAdminCenter]:
    graph = admin_graph_client(world.network.client("Entra admin center"), world.entra)
    center = EntraAdminCenter(graph, world.product)
    desktop = Desktop()
    desktop.show(center)
    center.open()
    return desktop, center


def test_the_current_product_keeps_the_join_setting_in_the_entra_admin_center() -> None:
    world = World(seed=3)
    user = world.add_user()
    world.entra.directory.update_device_registration_policy(JoinPermission.SELECTED, frozenset({user.object_id}))
    desktop, _ = _open(world)
    desktop.navigate(world.product.join_setting.path[0], ENTRA)
    desktop.navigate("Devices > Overview > Device Settings", ENTRA)
    assert desktop.frontmost() is not None and _title(desktop) == "Overview | Device Settings"
    assert desktop.shows_text(JOIN_SETTINGS, ENTRA)
    assert desktop.shows_text("Users may join devices to Microsoft Entra: Selected", ENTRA)
    desktop.select("None", ENTRA)
    assert world.entra.directory.device_registration_policy.join is JoinPermission.SELECTED  # not saved yet
    desktop.select("Selected", ENTRA)
    desktop.select("Save", ENTRA)
    policy = world.entra.directory.device_registration_policy
    assert (policy.join, policy.selected_users) == (JoinPermission.SELECTED, frozenset({user.object_id}))
    desktop.select("All", ENTRA)
    assert not desktop.shows_text(SAVED, ENTRA)  # a new choice is not saved yet
    desktop.select("Save", ENTRA)
    assert world.entra.directory.device_registration_policy.join is JoinPermission.ALL
    assert desktop.shows_text(SAVED, ENTRA)
    puts = [r for r in world.network.requests if r.startswith("PUT https://graph.microsoft.com/v1.0/policies/")]
    assert len(puts) == 2


def test_the_seeds_product_has_no_join_setting_in_the_entra_admin_center() -> None:
    world = World(seed=3, product="2023-11")
    desktop, center = _open(world)
    assert center.device_settings is None
    desktop.navigate("Entra ID > Devices", ENTRA)
    with pytest.raises(LabelNotOnScreen) as caught:
        desktop.select("Overview", ENTRA)
    assert "no control 'Overview' on screen in 'Microsoft Entra admin center'" in caught.value.message


@pytest.mark.parametrize(("product", "in_intune"), [("2023-11", True), ("current", False)])
def test_the_intune_admin_center_holds_the_join_setting_only_where_the_release_puts_it(
    product: str, in_intune: bool
) -> None:
    world = World(seed=3, product=product)
    center = AdminCenter(admin_graph_client(world.network.client("Intune admin center"), world.entra), world.product)
    desktop = Desktop()
    desktop.show(center)
    center.open()
    desktop.select("Devices", AdminCenter.name)
    assert desktop.is_on_screen("Device Settings", AdminCenter.name) is in_intune
    assert (center.device_settings is not None) is in_intune


def test_nothing_is_on_screen_before_the_admin_signs_in() -> None:
    world = World(seed=3)
    graph = admin_graph_client(world.network.client("Entra admin center"), world.entra)
    center = EntraAdminCenter(graph, world.product)
    desktop = Desktop()
    desktop.show(center)
    assert desktop.screens() == []
    center.open()
    screen = desktop.frontmost()
    assert screen is not None and screen.title == "Home"
    assert screen.labels("row") == ["Home", "Entra ID", "ID Protection", "ID Governance"]
