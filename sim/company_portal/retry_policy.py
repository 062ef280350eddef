"""How Microsoft's SSO extension treats a token endpoint that fails or throttles: one named setting.

Microsoft does not document the extension's own policy. It signs in through Microsoft's authentication library,
whose documented policy is the one modelled (MSAL.NET "Retry policies" and "Client throttling"):

- an answer 500-599 is sent again once, after a second;
- an answer 429 is not sent again: the client holds back every token request for the Retry-After it was given,
  refusing it without a request (MSAL's throttled-service error), and so does a 5xx that failed twice, for the
  Retry-After if there is one, else for a minute.

The device registration service (``enterpriseregistration.windows.net``) is not the token endpoint: its
failures are the registration's to report (the Mac offers registration again, see the macOS release table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

__all__ = ["EXTENSION_RETRY_POLICY", "THROTTLED", "ClientThrottle", "RetryPolicy"]

THROTTLED = "throttled"  # the error of a request the client held back


@dataclass(frozen=True)
class RetryPolicy:
    retry_once_on_5xx: bool = True
    retry_delay: timedelta = timedelta(seconds=1)
    hold_after_5xx: timedelta = timedelta(minutes=1)  # when the failed answer gave no Retry-After


EXTENSION_RETRY_POLICY = RetryPolicy()


class ClientThrottle:
    """One client's throttling state and retries around its token requests, in simulated time."""

    def __init__(self, now: Callable[[], datetime], wait: Callable[[timedelta], object],
                 policy: RetryPolicy = EXTENSION_RETRY_POLICY) -> None:
        self._now, self._wait, self.policy = now, wait, policy
        self.held_until: datetime | None = None
        self.held_because = ""

    def send(self, request: Callable[[], httpx.Response]) -> httpx.Response | dict[str, str]:
        """The answer, or the error body of a request held back (no request is made)."""
        now = self._now()
        if self.held_until is not None and now < self.held_until:
            left = int((self.held_until - now).total_seconds()) or 1
            return {"error": THROTTLED, "error_description":
                    f"The request was not sent: the client is throttled for {left} more seconds ({self.held_because})."}
        response = request()
        if response.status_code >= 500 and self.policy.retry_once_on_5xx:
            self._wait(self.policy.retry_delay)
            response = request()
        if response.status_code == 429 or response.status_code >= 500:
            self._hold(response)
        return response

    def _hold(self, response: httpx.Response) -> None:
        retry_after = response.headers.get("Retry-After", "")
        hold = (timedelta(seconds=int(retry_after)) if retry_after.isdigit()
                else self.policy.hold_after_5xx if response.status_code >= 500 else timedelta(0))
        if hold:
            self.held_until = self._now() + hold
            self.held_because = f"the token endpoint answered {response.status_code}"
