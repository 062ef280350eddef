"""Requests a Mac sent, recorded and sent again verbatim: the replay an attacker tries with a leaked request.

TLS keeps a real observer off the wire; the recording stands for a request leaked from a log, a proxy or a
compromised client. The services must refuse it a second time: a Platform SSO login's and a refresh's server
nonce are spent once, Intune's enrollment challenge enrolls one device, and a registration token joins one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from psso_sim.errors import SimError

if TYPE_CHECKING:
    import httpx

__all__ = ["KINDS", "RequestKind", "Wiretap", "replay", "request_kind"]


@dataclass(frozen=True)
class RequestKind:
    """A request the Mac sends, as a replay step names it."""

    name: str
    method: str
    path: str  # the URL path ends with it
    grant_type: str | None = None  # a token endpoint request: its form's grant_type

    def matches(self, request: httpx.Request) -> bool:
        if request.method != self.method or not request.url.path.rstrip("/").endswith(self.path):
            return False
        if self.grant_type is None:
            return True
        return parse_qs(request.content.decode(errors="replace")).get("grant_type") == [self.grant_type]


KINDS = (
    RequestKind("Platform SSO login", "POST", "/oauth2/v2.0/token", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
    RequestKind("PRT refresh", "POST", "/oauth2/v2.0/token", "refresh_token"),
    RequestKind("MDM enrollment", "PUT", "/mdm/checkin"),
    RequestKind("SCEP enrollment", "POST", "/mdm/scep"),
    RequestKind("device registration", "POST", "/EnrollmentServer/device"),
)


def request_kind(name: str) -> RequestKind:
    """The kind of request a step names; an unknown name is refused with the names there are."""
    kind = next((k for k in KINDS if k.name == name), None)
    if kind is None:
        raise SimError(f"no kind of request is named {name!r}",
                       hint="named requests: " + ", ".join(f'"{k.name}"' for k in KINDS), subsystem="network")
    return kind


class Wiretap:
    """Every request the simulated network carries from the moment it is installed (``Network.wiretap``)."""

    def __init__(self) -> None:
        self.heard: list[httpx.Request] = []
        self._answers: dict[int, httpx.Response] = {}  # id(request) -> its service's answer

    def answered(self, request: httpx.Request, response: httpx.Response) -> None:
        """The network's answer to a request heard (a service's or an injected fault's)."""
        self._answers[id(request)] = response

    def answer(self, request: httpx.Request) -> httpx.Response | None:
        """What the request got; None when it got no answer (a timeout, or a request the network could not route)."""
        return self._answers.get(id(request))

    def sent(self, kind_name: str, sender: str) -> list[httpx.Request]:
        """The requests of this kind that ``sender`` sent, oldest first: a Mac's name begins its User-Agent."""
        kind = request_kind(kind_name)
        return [request for request in self.heard if kind.matches(request)
                and (request.headers.get("user-agent", "") + " (").startswith(f"{sender} (")]

    def last(self, kind_name: str, sender: str) -> httpx.Request:
        """The newest request of this kind that ``sender`` sent."""
        if sent := self.sent(kind_name, sender):
            return sent[-1]
        raise SimError(f"{sender} sent no {kind_name} request since the recording began",
                       hint="record before the step that sends it", subsystem="network")


def replay(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """The recorded request, byte for byte, from another client (so the trace names who sent it again)."""
    import httpx

    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("user-agent", "content-length")}
    return client.send(httpx.Request(request.method, request.url, headers=headers, content=request.content))
