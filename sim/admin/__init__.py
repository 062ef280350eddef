"""The administrator's side: the Microsoft Intune and Microsoft Entra admin centers in the admin's browser.

Both portals are screens of labelled controls (``psso_sim.ui``), derived from what the services hold, and
both talk to the cloud only through Microsoft Graph over the World's HTTP seam (:class:`GraphClient`).
Where a page is, and what it is called, is the product release's (``ProductRelease.join_setting``,
``ProductRelease.settings_catalog``).
"""

from psso_sim.admin.entra_admin_center import EntraAdminCenter
from psso_sim.admin.graph_client import AdminCenterError, GraphClient

__all__ = ["AdminCenterError", "EntraAdminCenter", "GraphClient"]
