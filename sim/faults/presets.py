"""The named faults the Gherkin steps inject, and the settings real clients do not document.

One table, so that a number nobody documents is written once, with its reason, and changed in one place.
"""

from __future__ import annotations

import re
from datetime import timedelta

from psso_sim.faults.spec import Fault

__all__ = ["SETTINGS", "registration_outage", "token_throttling"]

SETTINGS: dict[str, int] = {
    # The Retry-After Entra ID's throttling answers with, in seconds (an example value; not documented).
    # "Entra ID throttles token requests" refuses every token request for that long: Microsoft documents
    # throttling with Retry-After, not for how long or how many requests. (How the client answers it is its
    # own named setting: psso_sim.company_portal.retry_policy.)
    "throttle_retry_after_seconds": 30,
}

_LOGIN_HOST = re.escape("login.microsoftonline.com")
_TOKEN_PATH = r"/[^/]+/oauth2/(?:v2\.0/)?token"  # a tenant's v1.0 and v2.0 token endpoints
_REGISTRATION_HOST = re.escape("enterpriseregistration.windows.net")
_REGISTRATION_PATH = r"/EnrollmentServer/device/?"  # POST: register a device (not its credentials)


def registration_outage(status: int, window: timedelta) -> Fault:
    """The device registration service answers ``status`` to device registrations for ``window``."""
    minutes = f"{window.total_seconds() / 60:g}m"
    return Fault(target="http", effect="status", status=status, host=_REGISTRATION_HOST, path=_REGISTRATION_PATH,
                 window=window, text=f"enterpriseregistration.windows.net/EnrollmentServer/device/ {status} "
                 f"for {minutes}")


def token_throttling() -> Fault:
    """Entra ID answers 429 with Retry-After to every token request for Retry-After seconds (:data:`SETTINGS`)."""
    retry_after = SETTINGS["throttle_retry_after_seconds"]
    return Fault(target="http", effect="status", status=429, retry_after=retry_after, host=_LOGIN_HOST,
                 path=_TOKEN_PATH, window=timedelta(seconds=retry_after),
                 text=f"login.microsoftonline.com/*/oauth2/v2.0/token 429 retry-after={retry_after} "
                 f"for {retry_after}s")
