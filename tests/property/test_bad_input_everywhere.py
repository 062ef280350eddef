"""Bad input at every boundary: malformed bodies thrown at every route of every simulated service.

Whatever arrives (bad UTF-8, JSON of the wrong types, integers past any limit, lists for scalars, plists
with wrong types), each service answers a 4xx in its own error shape, or serves what needs no body; no
exception escapes into the caller, as none would from a real service. The routes are read from the
network seam, so a new endpoint is covered the day it is mounted.
"""

from __future__ import annotations

import json
import plistlib
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psso_sim.entra.models import DirectoryRole
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.profiles import ProfileError, dump_mobileconfig, load_mobileconfig
from psso_sim.network.service import Endpoint
from psso_sim.world import World

GRAPH = "https://graph.microsoft.com"
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<pattern>[^()]*)\)")
_SAMPLES = {"tenant": "organizations"}  # a path value the service accepts, so that the body is read


def concrete_path(endpoint: Endpoint) -> str:
    """A path the endpoint's regex matches: each named group filled with a value it accepts, quantifiers
    after a slash (``/?``, ``/+``) taken once or not at all."""
    path = endpoint.path.removeprefix("^").removesuffix("$").replace("/?", "").replace("/+", "/")
    path = _GROUP.sub(lambda group: _SAMPLES.get(group["name"], "AB12CD34"), path)
    path = path.replace("\\.", ".").replace("\\$", "$")
    assert re.match(endpoint.path, path), f"no sample path for {endpoint.path!r} (made {path!r}): teach concrete_path"
    return path


@cache
def world() -> tuple[World, dict[str, str]]:
    """One World for every example (creating one per example would dominate the run); bearer tokens per host,
    so that the bodies reach the parsers behind the authentication checks."""
    w = World(seed=13)
    admin = w.add_user(password="Admin-2024!", mfa_methods=())
    w.entra.directory.assign_role(admin, DirectoryRole.GLOBAL_ADMINISTRATOR)
    tokens = w.entra.tokens
    graph = tokens.password_grant(admin.user_principal_name, "Admin-2024!", client_id="test", resource=GRAPH)
    intune = tokens.password_grant(admin.user_principal_name, "Admin-2024!", client_id="test",
                                   resource=INTUNE_RESOURCE)
    return w, {"graph.microsoft.com": graph.access_token, "enrollment.manage.microsoft.com": intune.access_token}


def all_endpoints() -> list[Endpoint]:
    """Every route the seam mounts (read at collection from a bare World: no sign-in needed)."""
    return [e for service in World(seed=13).network.services for e in service.endpoints]


scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 80), max_value=2 ** 80),
                    st.floats(allow_nan=False), st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=8)
# Keys the services read, so that wrong types reach their parsers rather than "field required" alone.
KEYS = ["grant_type", "username", "password", "resource", "scope", "client_id", "refresh_token", "mfa_context",
        "assertion", "UDID", "Status", "CommandUUID", "Facts", "Challenge", "MessageType", "CSR", "azureADJoin",
        "allowedToJoin", "users", "serial_number", "incidentId", "bundle", "settings", "assignments", "name",
        "platforms", "displayName", "state", "perUserMfaState", "CertificateRequest", "RegistrationToken",
        "PublicKey", "Proof", "KeyType", "JoinType", "DeviceDisplayName"]
json_objects = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6)
plist_values = st.recursive(
    st.one_of(st.booleans(), st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1),
              st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8), st.binary(max_size=8)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8), inner, max_size=3),
    max_leaves=6)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["bad-utf8", "json-object", "json-other", "huge-int", "form", "plist", "bytes"]))
    if kind == "bad-utf8":
        text = json.dumps(draw(json_objects)).encode()
        cut = draw(st.integers(0, len(text)))
        return text[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80"])) + text[cut:], \
            draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded"]))
    if kind == "json-object":
        return json.dumps(draw(json_objects)).encode(), "application/json"
    if kind == "json-other":
        return json.dumps(draw(json_values)).encode(), "application/json"
    if kind == "huge-int":
        key = draw(st.sampled_from(KEYS))
        return f'{{"{key}": 1{"0" * draw(st.integers(20, 5000))}}}'.encode(), "application/json"
    if kind == "form":
        pairs = draw(st.lists(st.tuples(st.sampled_from(KEYS), st.text(max_size=10) | st.sampled_from(["%ff", "%c3"])),
                              max_size=5))
        return "&".join(f"{k}={v}" for k, v in pairs).encode(errors="surrogatepass"), \
            "application/x-www-form-urlencoded"
    if kind == "plist":
        payload = draw(st.dictionaries(st.sampled_from(["PayloadType", "PayloadContent", "PayloadIdentifier",
                                                        *KEYS]), plist_values, max_size=5))
        return plistlib.dumps(payload), "application/x-apple-aspen-config"
    return draw(st.binary(max_size=64)), draw(st.sampled_from(["application/json", "application/octet-stream"]))


def error_shape(body: Any) -> bool:
    """One of the real services' error bodies: OAuth (Entra, Intune), Graph, or the registration service's."""
    if not isinstance(body, dict):
        return False
    if isinstance(body.get("error"), dict):
        return isinstance(body["error"].get("code"), str) and isinstance(body["error"].get("message"), str)
    if isinstance(body.get("error"), str):
        return isinstance(body.get("error_description"), str)
    return {"ErrorType", "Message", "ErrorCode"} <= set(body)


@pytest.mark.parametrize("endpoint", all_endpoints(), ids=lambda e: f"{e.method} {e.host}{e.path}")
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(body=bodies())
def test_a_malformed_body_is_answered_never_raised(endpoint: Endpoint, body: tuple[bytes, str]) -> None:
    w, tokens = world()
    content, content_type = body
    headers = {"content-type": content_type}
    if endpoint.host in tokens:
        headers["authorization"] = f"Bearer {tokens[endpoint.host]}"
    url = f"https://{endpoint.host}{concrete_path(endpoint)}"
    with w.network.client("property test") as http:
        try:
            answer = http.request(endpoint.method, url, content=content, headers=headers)
        except Exception as error:  # respx wraps what the handler raised
            pytest.fail(f"{endpoint.method} {url} raised {error.__cause__ or error!r} for {content[:80]!r}")
    assert answer.status_code < 500, f"{endpoint.method} {url}: {answer.status_code} {answer.text[:200]}"
    if answer.status_code >= 400:
        try:
            parsed = answer.json()
        except ValueError:
            pytest.fail(f"{endpoint.method} {url}: {answer.status_code} with a body that is not JSON")
        assert error_shape(parsed), f"{endpoint.method} {url}: {answer.status_code} {answer.text[:200]}"


PROFILE_KEYS = ["PayloadType", "PayloadIdentifier", "PayloadUUID", "PayloadDisplayName", "PayloadVersion",
                "PayloadContent", "PayloadOrganization", "ExtensionIdentifier", "TeamIdentifier", "Type", "URLs",
                "PlatformSSO", "AuthenticationMethod", "RegistrationToken", "Challenge", "ServerURL", "minLength"]
plist_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)  # what XML can carry
payload_values = st.recursive(
    st.one_of(st.booleans(), st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1), plist_text,
              st.sampled_from(["com.apple.extensiblesso", "com.apple.mobiledevice.passwordpolicy", "com.apple.mdm",
                               "Configuration", "Redirect", "Password"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(PROFILE_KEYS), inner, max_size=4),
    max_leaves=10)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(content=st.dictionaries(st.sampled_from(PROFILE_KEYS), payload_values, max_size=7),
       big=st.integers(min_value=2 ** 64, max_value=2 ** 200) | st.none())
def test_a_profile_of_the_wrong_types_is_a_profile_error_or_round_trips(content: dict[str, Any],
                                                                        big: int | None) -> None:
    data = plistlib.dumps(content)
    if big is not None:  # what plistlib will not write, but a hand-edited file holds
        data = data.replace(b"<dict>", f"<dict><key>Huge</key><integer>{big}</integer>".encode(), 1)
    try:
        profile = load_mobileconfig(data, name="fuzzed")
    except ProfileError as error:
        assert error.message.startswith("Invalid profile 'fuzzed': ")
        return
    assert big is None
    assert load_mobileconfig(dump_mobileconfig(profile)) == profile  # Intune writes back what it loaded


def test_the_property_catches_an_exception_escaping_a_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """The request reader as it was (bytes decoded unchecked): the property above must find the escape."""
    from urllib.parse import parse_qsl

    from psso_sim.network import service

    def unchecked(request: Any) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return dict(parse_qsl(request.content.decode(), keep_blank_values=True))
        return dict(json.loads(request.content or b"{}"))

    monkeypatch.setattr(service, "request_data", unchecked)
    token = next(e for e in all_endpoints() if e.path.endswith(r"/oauth2/v2\.0/token$"))
    with pytest.raises(BaseException, match=r"UnicodeDecodeError|distinct failures|raised"):
        test_a_malformed_body_is_answered_never_raised(endpoint=token)
