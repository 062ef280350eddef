"""Apple's associated-domains CDN: the apple-app-site-association files swcd downloads.

A Mac's swcd does not fetch a domain's apple-app-site-association file (AASA) from the domain itself: it
asks Apple's CDN, ``app-site-association.cdn-apple.com`` (the troubleshooting article lists it among the
URLs to exempt from TLS inspection: "Apple's app-site-association domains are critical for SSO extension
functioning"). The AASA's ``authsrv`` section lists the app extensions allowed to perform single sign-on
for the domain. The files here are the simulation's: Microsoft's sign-in domains list the Enterprise SSO
plug-in of Company Portal (macOS) and of Microsoft Authenticator (iOS).
"""

from __future__ import annotations

from typing import Any

from psso_sim.network.service import ServiceError
from psso_sim.trace import Trace

__all__ = ["CDN_HOST", "MICROSOFT_SSO_APPS", "AssociatedDomainsCdn", "UnknownDomain"]

CDN_HOST = "app-site-association.cdn-apple.com"
MICROSOFT_SSO_APPS = ("UBF8T346G9.com.microsoft.CompanyPortalMac.ssoextension",
                      "SGGM6D27TK.com.microsoft.azureauthenticator.ssoextension")
_MICROSOFT_DOMAINS = ("login.microsoftonline.com", "login.microsoft.com", "sts.windows.net")


class UnknownDomain(ServiceError):
    subsystem = "apple-cdn"
    status = 404

    def body(self) -> dict[str, Any]:
        return {}


class AssociatedDomainsCdn:
    def __init__(self, trace: Trace) -> None:
        self._trace = trace
        self.files: dict[str, dict[str, Any]] = {
            domain: {"authsrv": {"apps": list(MICROSOFT_SSO_APPS)}} for domain in _MICROSOFT_DOMAINS
        }

    def association_file(self, domain: str) -> dict[str, Any]:
        """The domain's AASA, as the CDN last fetched it from the domain."""
        if domain not in self.files:
            raise UnknownDomain(f"no apple-app-site-association file for '{domain}'")
        self._trace.record("apple-cdn", f"served the apple-app-site-association file of {domain}")
        return self.files[domain]
