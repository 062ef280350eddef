"""The thin HTTP layer every simulated service shares.

A service's ``urls.py`` lists its endpoints; each handler turns a request into one
backend call and the result into a response. Errors the backend raises on purpose
(``ServiceError``) become the service's real error bodies; anything else is a bug and
propagates loudly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError

from psso_sim.errors import SimError

if TYPE_CHECKING:
    import httpx  # at run time imported where used: `import psso_sim.world` does not load httpx (~35 ms)

__all__ = [
    "Endpoint",
    "InvalidBody",
    "ServiceError",
    "ServiceRoutes",
    "form_data",
    "json_error",
    "json_response",
    "parse_body",
    "request_data",
]

Handler = Callable[..., "httpx.Response"]
M = TypeVar("M", bound=BaseModel)


class ServiceError(SimError):
    """An error a real service answers with: it has a status and a JSON body."""

    status = 400

    def body(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "error_description": self.message}


class InvalidBody(ServiceError):
    subsystem = "http"

    def body(self) -> dict[str, Any]:
        return {"error": "invalid_request", "error_description": self.message}


@dataclass(frozen=True)
class Endpoint:
    method: str
    host: str
    path: str  # a regex; named groups become handler keyword arguments
    handler: Handler
    summary: str


class ServiceRoutes:
    def __init__(self, name: str, endpoints: list[Endpoint]) -> None:
        self.name = name
        self.endpoints = endpoints

    @property
    def hosts(self) -> list[str]:
        return sorted({e.host for e in self.endpoints})

    def describe(self) -> list[str]:
        return [f"{e.method} https://{e.host}{e.path} ({e.summary})" for e in self.endpoints]


def json_response(body: Mapping[str, Any] | list[Any], status: int = 200) -> httpx.Response:
    import httpx

    return httpx.Response(status, json=body)


def json_error(status: int, error: str, description: str) -> httpx.Response:
    return json_response({"error": error, "error_description": description}, status=status)


def request_data(request: httpx.Request) -> dict[str, Any]:
    """The body as a dict, whether JSON or a form (OAuth token requests are forms)."""
    content = request.content
    if not content:
        return {}
    try:
        text = content.decode()
    except UnicodeDecodeError as error:  # a real service answers 400, not a torn-down request
        raise InvalidBody(f"Invalid body: not UTF-8: byte 0x{content[error.start]:02x} at position {error.start}",
                          hint="encode the body as UTF-8") from None
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        try:
            return dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError as error:  # a percent-escape that decodes to bad UTF-8
            raise InvalidBody(f"Invalid body: a form value is not UTF-8 once unescaped ({error.reason})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidBody(f"Invalid body: not JSON: {error.msg} at position {error.pos}") from None
    except ValueError as error:  # an integer past Python's digit limit
        raise InvalidBody(f"Invalid body: not JSON: {error}") from None
    except RecursionError:
        raise InvalidBody("Invalid body: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise InvalidBody(f"Invalid body: expected a JSON object, got {type(data).__name__}")
    return data


def form_data(request: httpx.Request) -> dict[str, str]:
    """An OAuth-style body, every parameter a string: a JSON list or number where a form has text is a 400."""
    data = request_data(request)
    for key, value in data.items():
        if not isinstance(value, str):
            raise InvalidBody(f"Invalid body: {key}: expected a string (got {type(value).__name__})")
    return data


def parse_body(model: type[M], request: httpx.Request) -> M:
    """Validate a request body at the edge: ``Invalid body: <path>: <message>``."""
    try:
        return model.model_validate(request_data(request))
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(p) for p in first["loc"]) or "<body>"
        raise InvalidBody(f"Invalid body: {path}: {first['msg']}") from None
