"""Microsoft Graph's error answers: ``{"error": {"code", "message", "innerError": {...}}}``.

Entra's directory resources answer with their own codes (``Request_ResourceNotFound``,
``Authorization_RequestDenied``, ``Request_UnsupportedQuery``); Intune's (``deviceManagement``) with the
generic ones (``ResourceNotFound``, ``Forbidden``, ``BadRequest``). A 401 is ``InvalidAuthenticationToken``
on both. ``innerError`` carries the date and a request id, filled in when the answer is written
(:func:`psso_sim.graph.authz.graph_handler`), from the simulated clock and the World's seed.
"""

from __future__ import annotations

from typing import Any

from psso_sim.network.service import ServiceError

__all__ = [
    "GraphBadRequest",
    "GraphError",
    "GraphForbidden",
    "GraphNotFound",
    "InvalidAuthenticationToken",
]


class GraphError(ServiceError):
    subsystem = "graph"
    status = 400
    code = "BadRequest"

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        if code is not None:
            self.code = code
        self.inner: dict[str, str] = {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.inner:
            error["innerError"] = dict(self.inner)
        return {"error": error}


class InvalidAuthenticationToken(GraphError):
    """No bearer token, or one Entra did not issue for Graph (expired, revoked, another resource)."""

    status = 401
    code = "InvalidAuthenticationToken"


class GraphForbidden(GraphError):
    """The signed-in user's roles do not grant the permission the operation needs."""

    status = 403
    code = "Authorization_RequestDenied"


class GraphNotFound(GraphError):
    status = 404
    code = "Request_ResourceNotFound"


class GraphBadRequest(GraphError):
    """A query option or a body the resource does not support; the message names the part."""

    status = 400
    code = "Request_BadRequest"
