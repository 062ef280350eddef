"""Routes every device request, by real host, to the simulated service for that host.

The core is a respx Router resolved through ``httpx.MockTransport``: nothing is
patched, so two Worlds in one process never see each other's traffic, and no request
can reach the real network. A request to a host or path no service answers raises
``UnexpectedRequest`` naming it; it is also kept in ``unexpected`` so that a test can
fail even where device code swallowed the error.
"""

from __future__ import annotations

import httpx
import respx

from psso_sim.errors import UnexpectedRequest
from psso_sim.network.service import ServiceRoutes
from psso_sim.trace import Trace

__all__ = ["Network"]


class Network:
    def __init__(self, trace: Trace) -> None:
        self._trace = trace
        self._router = respx.Router(assert_all_called=False, assert_all_mocked=False)
        self._services: dict[str, list[ServiceRoutes]] = {}
        self.unexpected: list[str] = []
        self.requests: list[str] = []

    @property
    def hosts(self) -> list[str]:
        return sorted(self._services)

    def mount(self, service: ServiceRoutes) -> None:
        for host in service.hosts:
            self._services.setdefault(host, []).append(service)
        service.register(self._router)

    def client(self, owner: str) -> httpx.Client:
        """One client per device: creating an httpx.Client per request is slow."""
        return httpx.Client(
            transport=httpx.MockTransport(self._handle),
            headers={"User-Agent": owner},
            timeout=httpx.Timeout(30.0),
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        line = f"{request.method} {request.url.copy_with(query=None)}"
        self.requests.append(line)
        self._trace.record("network", line)
        resolved = self._router.resolve(request)
        if resolved.route is None:
            host = request.url.host
            known = self._services.get(host)
            if known is None:
                message = f"no simulated service answers host {host!r} ({line})"
                hint = f"simulated hosts: {', '.join(self.hosts)}"
            else:
                message = f"{' / '.join(s.name for s in known)} has no endpoint for {line}"
                hint = "endpoints: " + "; ".join(e for s in known for e in s.describe())
            self.unexpected.append(message)
            self._trace.record("network", f"UNEXPECTED {message}")
            raise UnexpectedRequest(message, hint=hint)
        response = resolved.response
        assert isinstance(response, httpx.Response)
        self._trace.record("network", f"{line} -> {response.status_code}")
        return response
