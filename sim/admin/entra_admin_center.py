"""The Microsoft Entra admin center in the admin's browser.

On the current product it holds the join setting ("Insufficient permissions": Entra ID > Devices >
Overview > Device Settings, Identity before the portal's 2025 rename; "Users may join devices to
Microsoft Entra", All, Save); where the product release puts that setting in another portal (late
2023: the Intune admin center), the path is not here. It talks to Entra ID only through Microsoft Graph.
"""

from __future__ import annotations

from psso_sim.admin.device_settings import DeviceSettingsPage
from psso_sim.admin.graph_client import GraphClient
from psso_sim.admin.portal import Portal
from psso_sim.product.releases import ProductRelease

__all__ = ["EntraAdminCenter"]


class EntraAdminCenter(Portal):
    name = "Microsoft Entra admin center"
    navigation = ("Entra ID", "ID Protection", "ID Governance")  # the 2025 names (earlier: Identity, ...)

    def __init__(self, graph: GraphClient, product: ProductRelease) -> None:
        super().__init__()
        self.graph = graph
        self.product = product
        for label in ("Overview", "Users", "Groups", "Devices", "Applications"):
            self.add_path(("Entra ID", label))
        self.device_settings: DeviceSettingsPage | None = None
        if product.join_setting.portal == self.name:
            self.device_settings = DeviceSettingsPage(graph, product.join_setting)
            self.add_path(product.join_setting.path, self.device_settings.page, self.device_settings.load)
