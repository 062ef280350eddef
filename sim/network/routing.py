"""respx routers shared by every World in the process, answering with the calling World's own handlers.

Building a respx route is slow (unittest.mock specs, pattern hashing: some 0.1 ms each), and the endpoint
signatures (method, host, path regex) are the same in every World; only the handlers differ. So one router
is built per (host, method) and table of path patterns, once per process, and each route's side effect
calls the handler at its own index in the table the calling Network passes with the request
(``request.extensions``). A request is matched only against its own host's and method's routes.

Nothing per call is kept on the shared objects: respx's call history is switched off, so one World never
sees another's traffic, threads share no mutable state, and memory does not grow with requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import httpx
import respx

from psso_sim.network.service import Handler, ServiceError, json_response

__all__ = ["RouteTable", "route_table"]

HANDLERS = "psso_sim.handlers"  # the request extension carrying the calling Network's handlers


class _QuietRouter(respx.Router):
    """A router that keeps no call history: it is shared by every World (see the module docstring)."""

    def record(self, request: httpx.Request, *, response: httpx.Response | None = None,
               route: respx.Route | None = None) -> None:
        pass


class RouteTable:
    """The shared respx routes of one (host, method): ``resolve`` answers with the handlers it is given."""

    __slots__ = ("_index", "_router")

    def __init__(self, host: str, method: str, paths: tuple[str, ...]) -> None:
        self._router = _QuietRouter(assert_all_called=False, assert_all_mocked=False)
        for index, path in enumerate(paths):
            self._router.route(method=method, host=host, path__regex=path).mock(side_effect=_answer(index))
        self._index = {id(route): index for index, route in enumerate(self._router.routes)}

    def resolve(self, request: httpx.Request, handlers: Sequence[Handler]) -> tuple[int, httpx.Response] | None:
        """(index of the endpoint that answered, its response), or None when no path matches."""
        request.extensions[HANDLERS] = handlers
        try:
            resolved = self._router.resolve(request)
        finally:
            del request.extensions[HANDLERS]  # the caller's handlers never outlive the call
        if resolved.route is None:
            return None
        response = resolved.response
        assert isinstance(response, httpx.Response)
        return self._index[id(resolved.route)], response


_TABLES: dict[tuple[str, str, tuple[str, ...]], RouteTable] = {}


def route_table(host: str, method: str, paths: tuple[str, ...]) -> RouteTable:
    """The process's table for these paths, built on first use (``paths`` must be distinct: see Network.mount)."""
    key = (host, method, paths)
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES.setdefault(key, RouteTable(host, method, paths))  # a racing thread's build is dropped
    return table


def _answer(index: int) -> Callable[..., httpx.Response]:
    def side_effect(request: httpx.Request, **groups: str) -> httpx.Response:
        handler: Handler = request.extensions[HANDLERS][index]
        try:
            return handler(request, **groups)
        except ServiceError as error:  # a real service's error body
            return json_response(error.body(), status=error.status)

    return side_effect
