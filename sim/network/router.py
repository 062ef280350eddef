"""Routes every device request, by real host, to the simulated service for that host.

The core is respx routing resolved through ``httpx.MockTransport``: nothing is patched, so two
Worlds in one process never see each other's traffic, and no request can reach the real network.
The respx routes are built once per process and shared; each request carries its own World's
handlers to them (see :mod:`psso_sim.network.routing`). A request to a host or path no service
answers raises ``UnexpectedRequest`` naming it; it is also kept in ``unexpected`` so that a test
can fail even where device code swallowed the error.

Every exchange is one ``"http"`` trace entry: who asked (the client's User-Agent), which simulated
service answered, the status and both bodies. The entry keeps the raw bytes; redaction runs when the
entry is first read (see :mod:`psso_sim.trace.redaction`), so a large simulation pays only for what it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.errors import SimError, UnexpectedRequest
from psso_sim.network.service import Endpoint, Handler, ServiceRoutes
from psso_sim.trace import LazyDetail, Trace
from psso_sim.trace.redaction import http_detail

if TYPE_CHECKING:
    import httpx  # at run time imported where used: `import psso_sim.world` does not load httpx (~35 ms)

    from psso_sim.faults import FaultPlan
    from psso_sim.network.routing import RouteTable
    from psso_sim.network.wiretap import Wiretap

__all__ = ["Network"]


class _Bound:
    """A (host, method)'s shared respx table with this Network's handlers and service names, index for index."""

    __slots__ = ("handlers", "services", "table")

    def __init__(self, table: RouteTable, endpoints: list[tuple[Endpoint, str]]) -> None:
        self.table = table
        self.handlers: tuple[Handler, ...] = tuple(endpoint.handler for endpoint, _ in endpoints)
        self.services = tuple(service for _, service in endpoints)


class Network:
    def __init__(self, trace: Trace) -> None:
        self._trace = trace
        self._services: dict[str, list[ServiceRoutes]] = {}
        # (host, method) -> its endpoints in mounting order, each with the name of the service that mounted it
        self._endpoints: dict[tuple[str, str], list[tuple[Endpoint, str]]] = {}
        self._bound: dict[tuple[str, str], _Bound] = {}  # made on a (host, method)'s first request
        self.unexpected: list[str] = []
        self.requests: list[str] = []
        self.faults: FaultPlan | None = None  # set by the World: consulted before routing
        self.wiretap: Wiretap | None = None  # set by a replay scenario: records every request from then on

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
        """Adds the service's endpoints; respx routes are shared and made on first use (network/routing.py)."""
        own: dict[tuple[str, str, str], str] = {}  # this service's endpoints so far
        for endpoint in service.endpoints:
            key = (endpoint.host, endpoint.method.upper())
            entries = self._endpoints.get(key, [])
            clash = own.get((*key, endpoint.path)) or next(
                (name for known, name in entries if known.path == endpoint.path), None)
            own[(*key, endpoint.path)] = service.name
            if clash is not None:
                raise SimError(f"{service.name} and {clash} both answer {key[1]} https://{endpoint.host}"
                               f"{endpoint.path}", hint="one endpoint per method, host and path",
                               subsystem="network")
        for host in service.hosts:
            self._services.setdefault(host, []).append(service)
        for endpoint in service.endpoints:
            key = (endpoint.host, endpoint.method.upper())
            self._endpoints.setdefault(key, []).append((endpoint, service.name))
            self._bound.pop(key, None)  # the table changed: bound again on the next request

    def client(self, owner: str) -> httpx.Client:
        """One client per device: creating an httpx.Client per request is slow."""
        import httpx

        return httpx.Client(
            transport=httpx.MockTransport(self._handle),
            headers={"User-Agent": owner},
            timeout=httpx.Timeout(30.0),
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        import httpx  # loaded already: the request came through an httpx client

        url = str(request.url)
        if "?" in url:  # copy_with re-parses the URL: a tenth of a request's routing, paid only when needed
            url = str(request.url.copy_with(query=None))
        line = f"{request.method} {url}"
        self.requests.append(line)
        position = len(self._trace.entries)  # the exchange is traced before what the service did to answer it
        if self.wiretap is not None:
            self.wiretap.heard.append(request)
            if (played := self.wiretap.intercept(request)) is not None:
                self._record(position, request, f"{line} -> {played.status_code} (an old answer played back)",
                             "wiretap", played)
                return self._answered(request, played)
        if self.faults is not None:
            try:
                injected = self.faults.intercept(request)
            except httpx.TimeoutException as error:
                self._record(position, request, f"{line} -> TIMEOUT (injected)", None, None, error=str(error))
                raise
            if injected is not None:
                self._record(position, request, f"{line} -> {injected.status_code}", "faults", injected)
                return self._answered(request, injected)
            position = len(self._trace.entries)  # after any latency: what ran meanwhile comes first
        key = (request.url.host, request.method)
        bound = self._bound.get(key) or self._bind(key)
        try:
            answered = bound.table.resolve(request, bound.handlers) if bound is not None else None
        except Exception as error:  # a bug in a service: traced, then loud as before
            self._record(position, request, f"{line} -> ERROR {type(error).__name__}", None, None, error=repr(error))
            raise
        if bound is None or answered is None:
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
        index, response = answered
        self._record(position, request, f"{line} -> {response.status_code}", bound.services[index], response)
        return self._answered(request, response)

    def _answered(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if self.wiretap is not None:
            self.wiretap.answered(request, response)
        return response

    def _bind(self, key: tuple[str, str]) -> _Bound | None:
        from psso_sim.network.routing import route_table  # lazy: respx costs ~40 ms to import

        endpoints = self._endpoints.get(key)
        if not endpoints:
            return None
        bound = self._bound[key] = _Bound(route_table(*key, tuple(e.path for e, _ in endpoints)), endpoints)
        return bound

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
