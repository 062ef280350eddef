"""The faults active in one World, and the one place each simulated system asks about them.

The network seam asks before routing a request (:meth:`FaultPlan.intercept`), APNs before delivering a
push and Intune before pushing a command (:meth:`FaultPlan.strike`). Every strike is a ``"fault"`` source
``"log"`` entry in the trace, so a run's fault log is read beside the traffic it changed. Chances draw from
the World's ``"faults"`` seed stream: the same seed strikes the same requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.faults.spec import Fault, parse_fault
from psso_sim.scheduler import Scheduler
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

if TYPE_CHECKING:
    import httpx  # at run time imported where used: `import psso_sim.world` does not load httpx (~35 ms)

__all__ = ["ActiveFault", "FaultPlan"]

# What a real front end says with each status; the clients read error_description into their messages.
_DESCRIPTIONS = {
    429: "Too many requests. Try again later.",
    500: "The service had an internal error. Try again later.",
    503: "The service is temporarily unavailable. Try again later.",
}


@dataclass
class ActiveFault:
    fault: Fault
    since: datetime
    remaining: int | None  # requests left to strike, None for no count

    def live(self, now: datetime) -> bool:
        window = self.fault.window
        return (self.remaining is None or self.remaining > 0) and (window is None or now < self.since + window)


def _oauth_error(status: int, error: str, description: str) -> dict[str, object]:
    return {"error": error, "error_description": description}


def _drs_error(status: int, error: str, description: str) -> dict[str, object]:
    # the service's own code for an outage is not public: the HTTP status stands in
    return {"ErrorType": "ServiceUnavailable" if status == 503 else "DirectoryError", "Message": description,
            "ErrorCode": status}


def _graph_error(status: int, error: str, description: str) -> dict[str, object]:
    return {"error": {"code": error, "message": description}}


# An injected answer has the error shape of the service whose host it stands in for (OAuth's by default).
_ERROR_SHAPES = {"enterpriseregistration.windows.net": _drs_error, "graph.microsoft.com": _graph_error}


class FaultPlan:
    def __init__(self, scheduler: Scheduler, seeds: Seeds, trace: Trace) -> None:
        self._scheduler = scheduler
        self._seeds = seeds
        self._trace = trace
        self.active: list[ActiveFault] = []

    def inject(self, fault: Fault | str) -> ActiveFault:
        """Start a fault now (a :class:`Fault` or its textual spec); it ends with its window or count."""
        parsed = parse_fault(fault) if isinstance(fault, str) else fault
        active = ActiveFault(parsed, self._scheduler.clock.now(), parsed.count)
        self.active.append(active)
        self._trace.record("faults", f"injected: {parsed.describe()}", detail={"spec": parsed.describe()})
        return active

    def clear(self) -> None:
        self.active.clear()
        self._trace.record("faults", "cleared")

    def strike(self, target: str, host: str = "", path: str = "", about: str = "",
               grant_type: str | None = None) -> Fault | None:
        """The fault that strikes this request (or push, or command), if any; counted and traced."""
        now = self._scheduler.clock.now()
        for active in self.active:
            fault = active.fault
            if fault.target != target or not active.live(now):
                continue
            if target == "http" and not (re.fullmatch(fault.host, host) and re.fullmatch(fault.path, path)
                                         and fault.takes_grant(grant_type)):
                continue
            if fault.chance < 1.0 and self._seeds.stream("faults").random() >= fault.chance:
                continue
            if active.remaining is not None:
                active.remaining -= 1
            self._trace.record("faults", f"{fault.describe()} -> {about or target}",
                               detail={"spec": fault.describe(), "effect": fault.effect, "about": about})
            return fault
        return None

    def intercept(self, request: httpx.Request) -> httpx.Response | None:
        """Before routing: an injected answer, a raised timeout, or None to route (after any latency)."""
        if not self.active:
            return None
        import httpx

        line = f"{request.method} {request.url.copy_with(query=None)}"
        fault = self.strike("http", request.url.host, request.url.path, line, _grant_type(request))
        if fault is None:
            return None
        if fault.effect == "timeout":
            raise httpx.TimeoutException(f"injected timeout: {line}", request=request)
        if fault.effect == "latency":
            assert fault.duration is not None
            self._scheduler.advance(fault.duration)  # simulated time only: what falls due meanwhile runs
            return None
        assert fault.status is not None
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        phrase = httpx.codes.get_reason_phrase(fault.status) or "Error"
        description = _DESCRIPTIONS.get(fault.status, f"{phrase}.")
        error = re.sub(r"\W+", "_", phrase.lower()).strip("_")
        shape = _ERROR_SHAPES.get(request.url.host, _oauth_error)
        return httpx.Response(fault.status, headers=headers, json=shape(fault.status, error, description))

    def command_delay(self, udid: str) -> timedelta:
        """How late the push delivering an MDM command comes (a ``slow`` mdm fault), zero if none."""
        if not self.active:
            return timedelta(0)
        fault = self.strike("mdm", about=f"MDM command to {udid}")
        return fault.duration if fault is not None and fault.duration else timedelta(0)

    def drops_push(self, reason: str) -> bool:
        return bool(self.active) and self.strike("apns", about=f"push ({reason})") is not None


def _grant_type(request: httpx.Request) -> str | None:
    """A form request's grant_type (a token request's), else None."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    from urllib.parse import parse_qs

    values = parse_qs(request.content.decode(errors="replace")).get("grant_type")
    return values[0] if values else None
