"""The fault spec grammar: what parses to what, and what a bad spec is told."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from psso_sim.faults import Fault, FaultSpecError, parse_fault


def test_a_host_status_and_window() -> None:
    fault = parse_fault("enterpriseregistration.windows.net 503 for 10m")
    assert (fault.target, fault.effect, fault.status, fault.window) == ("http", "status", 503, timedelta(minutes=10))
    assert re.fullmatch(fault.host, "enterpriseregistration.windows.net")
    assert not re.fullmatch(fault.host, "enterpriseregistrationXwindows.net")  # a dot is a dot
    assert re.fullmatch(fault.path, "/anything/at/all")


def test_a_path_glob_a_retry_after_and_a_count() -> None:
    fault = parse_fault("login.microsoftonline.com/*/oauth2/v2.0/token 429 retry-after=30 x3")
    assert (fault.status, fault.retry_after, fault.count) == (429, 30, 3)
    assert re.fullmatch(fault.path, "/organizations/oauth2/v2.0/token")
    assert not re.fullmatch(fault.path, "/a/b/oauth2/v2.0/token")  # "*" stays within one path segment


def test_apns_mdm_latency_timeout_and_chance() -> None:
    assert parse_fault("apns drop x1") == Fault(target="apns", effect="drop", count=1, text="apns drop x1")
    assert parse_fault("mdm slow 2h").duration == timedelta(hours=2)
    latency = parse_fault("*.manage.microsoft.com latency 5s for 1h")
    assert (latency.duration, latency.window) == (timedelta(seconds=5), timedelta(hours=1))
    assert re.fullmatch(latency.host, "enrollment.manage.microsoft.com")
    assert not re.fullmatch(latency.host, "manage.microsoft.com")
    assert parse_fault("login.microsoftonline.com timeout 30%").chance == 0.3


def test_a_grant_type_picks_token_requests_by_their_form() -> None:
    fault = parse_fault("login.microsoftonline.com/*/oauth2/v2.0/token latency 6m grant_type=jwt-bearer x1")
    assert (fault.grant_type, fault.count, fault.duration) == ("jwt-bearer", 1, timedelta(minutes=6))
    assert fault.takes_grant("urn:ietf:params:oauth:grant-type:jwt-bearer")  # a short name ends the URN
    assert not fault.takes_grant("srv_challenge") and not fault.takes_grant(None)
    assert not fault.takes_grant("urn:ietf:params:oauth:grant-type:not-jwt-bearer")  # a whole segment
    assert parse_fault("login.microsoftonline.com 503").takes_grant(None)  # no grant_type: every request


@pytest.mark.parametrize(("spec", "said"), [
    ("", "column 1: the spec ends early"),
    ("login.microsoftonline.com", "column 26: the spec ends early"),
    ("login.microsoftonline.com explode", "column 27: 'explode' is not an effect"),
    ("login.microsoftonline.com 503 forr 10m", "column 31: 'forr' is not a scope"),
    ("login.microsoftonline.com 503 for ten", "column 35: 'ten' is not a duration"),
    ("login.microsoftonline.com 200", "status 200 is not an HTTP error"),
    ("login.microsoftonline.com 500 retry-after=30", "retry-after goes with a 429 or 503 status"),
    ("login.microsoftonline.com 429 retry-after=soon", "'retry-after=soon' has no whole number of seconds"),
    ("apns 503", "'status' does not apply to apns"),
    ("login.microsoftonline.com drop", "'drop' does not apply to http"),
    ("apns drop x0", "count x0 strikes no request"),
    ("apns drop 0%", "chance 0% is out of range"),
    ("login.microsoftonline.com 503 grant_type=", "column 31: grant_type= names no grant type"),
    ("apns drop grant_type=refresh_token", "grant_type= picks token requests: apns has none"),
])
def test_a_bad_spec_names_where_what_and_what_would_be_right(spec: str, said: str) -> None:
    with pytest.raises(FaultSpecError) as raised:
        parse_fault(spec, where="--fault")
    message = str(raised.value)
    assert message.startswith(f"SIM/faults: --fault {spec!r}") and said in message, message
    assert raised.value.hint, "a bad spec says what would be right"
