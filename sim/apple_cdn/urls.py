"""The endpoint of Apple's associated-domains CDN, and its mounting on a World's network."""

from __future__ import annotations

from weakref import WeakKeyDictionary

import httpx

from psso_sim.apple_cdn.backend import CDN_HOST, AssociatedDomainsCdn
from psso_sim.network.router import Network
from psso_sim.network.service import Endpoint, ServiceRoutes, json_response
from psso_sim.trace import Trace

__all__ = ["apple_cdn_routes", "cdn_on"]


def apple_cdn_routes(backend: AssociatedDomainsCdn) -> ServiceRoutes:
    def association_file(request: httpx.Request, domain: str) -> httpx.Response:
        return json_response(backend.association_file(domain))

    return ServiceRoutes("Apple associated-domains CDN", [
        Endpoint("GET", CDN_HOST, r"^/a/v1/(?P<domain>[A-Za-z0-9.-]+)$", association_file,
                 "a domain's apple-app-site-association file"),
    ])


_MOUNTED: WeakKeyDictionary[Network, AssociatedDomainsCdn] = WeakKeyDictionary()


def cdn_on(network: Network, trace: Trace) -> AssociatedDomainsCdn:
    """The CDN on this network, mounted the first time a Mac needs it (the World does not create it)."""
    if network not in _MOUNTED:
        backend = AssociatedDomainsCdn(trace)
        network.mount(apple_cdn_routes(backend))
        _MOUNTED[network] = backend
    return _MOUNTED[network]
