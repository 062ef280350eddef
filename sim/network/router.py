"""Routes every device request, by real host, to the simulated service for that host.

The core is a respx Router resolved through ``httpx.MockTransport``: nothing is
patched, so two Worlds in one process never see each other's traffic, and no request
can reach the real network. A request to a host or path no service answers raises
``UnexpectedRequest`` naming it; it is also kept in ``unexpected`` so that a test can
fail even where device code swallowed the error.

Every exchange is one ``"http"`` trace entry: who asked (the client's User-Agent), which simulated
service answered, the status and both bodies. The entry keeps the raw bytes; redaction runs when the
entry is first read (see :mod:`psso_sim.trace.redaction`), so a large simulation pays only for what it reads.
"""

from __future__ import annotations

import httpx
import respx

from psso_sim.errors import UnexpectedRequest
from psso_sim.faults import FaultPlan
from psso_sim.network.service import ServiceRoutes
from psso_sim.trace import LazyDetail, Trace
from psso_sim.trace.redaction import http_detail

__all__ = ["Network"]


class Network:
    def __init__(self, trace: Trace) -> None:
        self._trace = trace
        self._router = respx.Router(assert_all_called=False, assert_all_mocked=False)
        self._services: dict[str, list[ServiceRoutes]] = {}
        self._route_service: dict[int, str] = {}  # id(respx route) -> the service that registered it
        self.unexpected: list[str] = []
        self.requests: list[str] = []
        self.faults: FaultPlan | None = None  # set by the World: consulted before routing

    @property
    def hosts(self) -> list[str]:
        return sorted(self._services)

    @property
    def services(self) -> list[ServiceRoutes]:
        """Every mounted service once, in mounting order (a property test walks all their endpoints)."""
        seen: dict[int, ServiceRoutes] = {}
        for services in self._services.values():
            for service in services:
                seen.setdefault(id(service), service)
        return list(seen.values())

    def mount(self, service: ServiceRoutes) -> None:
        for host in service.hosts:
            self._services.setdefault(host, []).append(service)
        known = {id(route) for route in self._router.routes}
        service.register(self._router)
        self._route_service.update((id(route), service.name) for route in self._router.routes
                                   if id(route) not in known)

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
        position = len(self._trace.entries)  # the exchange is traced before what the service did to answer it
        if self.faults is not None:
            try:
                injected = self.faults.intercept(request)
            except httpx.TimeoutException as error:
                self._record(position, request, f"{line} -> TIMEOUT (injected)", None, None, error=str(error))
                raise
            if injected is not None:
                self._record(position, request, f"{line} -> {injected.status_code}", "faults", injected)
                return injected
            position = len(self._trace.entries)  # after any latency: what ran meanwhile comes first
        try:
            resolved = self._router.resolve(request)
        except Exception as error:  # a bug in a service: traced, then loud as before
            self._record(position, request, f"{line} -> ERROR {type(error).__name__}", None, None, error=repr(error))
            raise
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
            self._record(position, request, f"UNEXPECTED {message}", None, None, error=message)
            raise UnexpectedRequest(message, hint=hint)
        response = resolved.response
        assert isinstance(response, httpx.Response)
        service = self._route_service.get(id(resolved.route))
        self._record(position, request, f"{line} -> {response.status_code}", service, response)
        return response

    def _record(self, position: int, request: httpx.Request, message: str, service: str | None,
                response: httpx.Response | None, error: str | None = None) -> None:
        headers = request.headers
        response_body = response.read() if response is not None else b""
        response_type = response.headers.get("content-type") if response is not None else None

        def detail() -> dict[str, object]:
            return http_detail(
                client=headers.get("user-agent", ""), service=service, method=request.method, url=str(request.url),
                status=response.status_code if response is not None else None,
                authorization=headers.get("authorization"), request_body=request.content,
                request_type=headers.get("content-type"), response_body=response_body, response_type=response_type,
                error=error)

        self._trace.record("network", message, kind="http", detail=LazyDetail(detail), position=position)
