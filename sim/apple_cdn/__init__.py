"""Apple's associated-domains CDN, which a Mac's swcd asks for the domains' apple-app-site-association files."""

from psso_sim.apple_cdn.backend import CDN_HOST, MICROSOFT_SSO_APPS, AssociatedDomainsCdn, UnknownDomain
from psso_sim.apple_cdn.urls import apple_cdn_routes, cdn_on

__all__ = ["CDN_HOST", "MICROSOFT_SSO_APPS", "AssociatedDomainsCdn", "UnknownDomain", "apple_cdn_routes", "cdn_on"]
