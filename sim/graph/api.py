"""One Graph endpoint: authenticate the caller, check the operation's permission, answer in Graph's shape.

A service's Graph routes declare each endpoint with the permission it needs; the handler gets the
:class:`~psso_sim.graph.authz.Caller`. Whatever a backend refuses (an unknown id, a bad body) is
answered as Graph would, in the service's dialect: Entra's directory codes or Intune's generic ones.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from psso_sim.entra.directory import Directory
from psso_sim.entra.tokens import TokenService
from psso_sim.graph.authz import Caller, Permission, authenticate
from psso_sim.graph.errors import GraphError, GraphForbidden, GraphNotFound, InvalidAuthenticationToken
from psso_sim.network.service import Endpoint, ServiceError, json_response

__all__ = ["DIRECTORY", "GRAPH_HOST", "INTUNE", "Dialect", "GraphApi", "GraphHandler"]

GRAPH_HOST = "graph.microsoft.com"
GraphHandler = Callable[..., httpx.Response]  # (request, caller, **path groups)
# The SDKs' base URL ends in "/" (msgraph-sdk: "https://graph.microsoft.com/v1.0/") and their paths start with
# one: Graph answers "/v1.0//devices" as "/v1.0/devices", so a route takes a second slash after the version.
_VERSION = re.compile(r"^\^/(?:v1\\\.0|beta)/")


@dataclass(frozen=True)
class Dialect:
    """The error codes a Graph workload answers with."""

    not_found: str
    forbidden: str
    bad_request: str


DIRECTORY = Dialect("Request_ResourceNotFound", "Authorization_RequestDenied", "Request_BadRequest")
INTUNE = Dialect("ResourceNotFound", "Forbidden", "BadRequest")


class GraphApi:
    def __init__(self, tokens: TokenService, directory: Directory, dialect: Dialect) -> None:
        self._tokens = tokens
        self._directory = directory
        self.dialect = dialect
        self._requests = 0

    def endpoint(self, method: str, path: str, handler: GraphHandler, summary: str,
                 permission: Permission | None) -> Endpoint:
        """``permission`` None: any signed-in user (the handler decides, e.g. only their own devices)."""

        def answer(request: httpx.Request, **groups: str) -> httpx.Response:
            try:
                caller = self.caller(request)
                if permission is not None:
                    caller.require(permission, code=self.dialect.forbidden)
                return handler(_one_slash(request), caller, **groups)
            except GraphError as error:
                return self._error(request, error)
            except ServiceError as error:  # a backend's refusal, in Graph's shape
                return self._error(request, self._translate(error))

        return Endpoint(method, GRAPH_HOST, _VERSION.sub(r"\g<0>/?", path), answer, summary)

    def caller(self, request: httpx.Request) -> Caller:
        return authenticate(request, self._tokens, self._directory)

    def not_found(self, what: str) -> GraphNotFound:
        return GraphNotFound(f"Resource '{what}' does not exist or one of its queried reference-property "
                             "objects are not present.", code=self.dialect.not_found)

    def forbidden(self, hint: str) -> GraphForbidden:
        return GraphForbidden("Insufficient privileges to complete the operation.", code=self.dialect.forbidden,
                              hint=hint)

    def _translate(self, error: ServiceError) -> GraphError:
        if error.status == 404:
            return GraphNotFound(error.message, code=self.dialect.not_found)
        if error.status == 401:
            return InvalidAuthenticationToken(error.message)
        if error.status == 403:
            return GraphForbidden(error.message, code=self.dialect.forbidden)
        translated = GraphError(error.message, code=self.dialect.bad_request)
        translated.status = error.status if 400 <= error.status < 600 else 400
        return translated

    def _error(self, request: httpx.Request, error: GraphError) -> httpx.Response:
        # Graph's innerError: a request id per answer (deterministic: the World's count of Graph errors).
        self._requests += 1
        request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self._directory.tenant.tenant_id}/{self._requests}"))
        error.inner = {"request-id": request_id,
                       "client-request-id": request.headers.get("client-request-id", request_id)}
        return json_response(error.body(), status=error.status)


def _one_slash(request: httpx.Request) -> httpx.Request:
    """The request as Graph reads it: ``/v1.0//devices`` is ``/v1.0/devices`` (its links and context too)."""
    path = re.sub("/{2,}", "/", request.url.path)
    if path == request.url.path:
        return request
    return httpx.Request(request.method, request.url.copy_with(path=path), headers=request.headers,
                         content=request.content)
