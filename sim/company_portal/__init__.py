"""Company Portal for macOS: the app's screens, and the Microsoft SSO extension it ships.

The Mac hosts the app and Platform SSO uses the extension, so ``psso_sim.macos`` imports this package
and this package imports nothing of it: the app sees its Mac through ``host.HostMac``.
"""

from psso_sim.company_portal.app import CompanyPortal
from psso_sim.company_portal.sso_extension import SsoExtension

__all__ = ["CompanyPortal", "SsoExtension"]
