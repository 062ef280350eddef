"""Requests a Mac sent, recorded and sent again verbatim: the replay an attacker tries with a leaked request.

TLS keeps a real observer off the wire; the recording stands for a request leaked from a log, a proxy or a
compromised client. The services must refuse it a second time: a Platform SSO login's and a refresh's server
nonce are spent once, Intune's enrollment challenge enrolls one device, and a registration token joins one.
The other way round, an old answer played back to a new request must be refused by the Mac: a login's answer
is sealed to the key agreement of the request it answers, and its id_token carries that request's nonce.
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
        self._stale: list[tuple[RequestKind, str, httpx.Response]] = []  # (kind, sender, old answer) to play back

    def play_back(self, kind_name: str, sender: str) -> httpx.Response:
        """Answer ``sender``'s next request of this kind, before any service sees it, with the answer its last one
        got: a response an attacker in the path replays (the client must tell it is not the answer to its
        request). Returns the answer that will be played back."""
        request = self.last(kind_name, sender)
        old = self.answer(request)
        if old is None:
            raise SimError(f"{sender}'s last {kind_name} request got no answer to play back",
                           hint="record before a step whose request is answered", subsystem="network")
        self._stale.append((request_kind(kind_name), sender, old))
        return old

    def intercept(self, request: httpx.Request) -> httpx.Response | None:
        """The old answer a :meth:`play_back` put in this request's path (once), else None."""
        for index, (kind, sender, old) in enumerate(self._stale):
            if kind.matches(request) and _sent_by(request, sender):
                del self._stale[index]
                import httpx

                return httpx.Response(old.status_code, headers=old.headers, content=old.content)
        return None

    def answered(self, request: httpx.Request, response: httpx.Response) -> None:
        """The network's answer to a request heard (a service's or an injected fault's)."""
        self._answers[id(request)] = response

    def answer(self, request: httpx.Request) -> httpx.Response | None:
        """What the request got; None when it got no answer (a timeout, or a request the network could not route)."""
        return self._answers.get(id(request))

    def sent(self, kind_name: str, sender: str) -> list[httpx.Request]:
        """The requests of this kind that ``sender`` sent, oldest first: a Mac's name begins its User-Agent."""
        kind = request_kind(kind_name)
        return [request for request in self.heard if kind.matches(request) and _sent_by(request, sender)]

    def last(self, kind_name: str, sender: str) -> httpx.Request:
        """The newest request of this kind that ``sender`` sent."""
        if sent := self.sent(kind_name, sender):
            return sent[-1]
        raise SimError(f"{sender} sent no {kind_name} request since the recording began",
                       hint="record before the step that sends it", subsystem="network")


def _sent_by(request: httpx.Request, sender: str) -> bool:
    agent: str = request.headers.get("user-agent", "")
    return (agent + " (").startswith(f"{sender} (")


def replay(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """The recorded request, byte for byte, from another client (so the trace names who sent it again)."""
    import httpx

    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("user-agent", "content-length")}
    return client.send(httpx.Request(request.method, request.url, headers=headers, content=request.content))
