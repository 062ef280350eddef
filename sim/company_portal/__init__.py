"""Company Portal for macOS: the app's screens, and the Microsoft SSO extension it ships."""

from psso_sim.company_portal.app import CompanyPortal
from psso_sim.company_portal.sso_extension import SsoExtension

__all__ = ["CompanyPortal", "SsoExtension"]
