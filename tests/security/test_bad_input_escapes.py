"""The escapes fuzzing found, each answered now as the real service would (a 4xx, or a clear ProfileError)."""

from __future__ import annotations

import plistlib
from typing import Any

import pytest

from psso_sim.entra.models import DirectoryRole
from psso_sim.intune.profiles import ProfileError, load_mobileconfig
from psso_sim.world import World

TOKEN_URL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
POLICY_URL = "https://graph.microsoft.com/v1.0/policies/deviceRegistrationPolicy"


def test_invalid_utf8_in_a_form_body_is_a_400() -> None:
    http = World(seed=1).network.client("probe")
    for body in (b"grant_type=password&username=\xff\xfe", b"grant_type=password&username=%ff%fe"):
        answer = http.post(TOKEN_URL, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_request", answer.text
        assert "UTF-8" in answer.json()["error_description"]


def test_invalid_utf8_in_a_json_body_is_a_400() -> None:
    http = World(seed=1).network.client("probe")
    answer = http.post("https://diagnostics.manage.microsoft.com/incidents", content=b'{"incidentId": "\xff"}',
                       headers={"content-type": "application/json"})
    assert answer.status_code == 400 and "not UTF-8" in answer.json()["error_description"]


def test_an_integer_past_pythons_digit_limit_is_a_400() -> None:
    http = World(seed=1).network.client("probe")
    answer = http.post("https://diagnostics.manage.microsoft.com/incidents", content=b'{"bundle": 1' + b"0" * 5000
                       + b"}", headers={"content-type": "application/json"})
    assert answer.status_code == 400 and answer.json()["error_description"].startswith("Invalid body: not JSON")


def test_mfa_context_as_a_list_is_a_400() -> None:
    world = World(seed=1)
    user = world.add_user(password="Pass-2024!")
    answer = world.network.client("probe").post(TOKEN_URL, json={
        "grant_type": "password", "username": user.user_principal_name, "password": "Pass-2024!",
        "client_id": "probe", "resource": "https://graph.microsoft.com", "mfa_context": ["a", "b"]})
    assert answer.status_code == 400
    assert answer.json()["error_description"] == "Invalid body: mfa_context: expected a string (got list)"


@pytest.mark.parametrize("body", [
    {"azureADJoin": "yes"},
    {"azureADJoin": {"allowedToJoin": "everyone"}},
    {"azureADJoin": {"allowedToJoin": {"@odata.type": "#microsoft.graph.enumeratedDeviceRegistrationMembership",
                                       "users": None}}},
], ids=["azureADJoin a string", "allowedToJoin not an object", "users null"])
def test_a_device_registration_policy_of_the_wrong_types_is_a_400(body: dict[str, Any]) -> None:
    world = World(seed=1)
    admin = world.add_user(password="Pass-2024!", mfa_methods=())
    world.entra.directory.assign_role(admin, DirectoryRole.GLOBAL_ADMINISTRATOR)
    token = world.entra.tokens.password_grant(admin.user_principal_name, "Pass-2024!", client_id="probe",
                                              resource="https://graph.microsoft.com").access_token
    answer = world.network.client("probe").put(POLICY_URL, json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] and error["message"]  # Graph's error shape
    assert world.entra.directory.device_registration_policy.join.value == "All"  # unchanged


def profile(payload_type: Any, **extra: Any) -> bytes:
    return plistlib.dumps({
        "PayloadType": "Configuration", "PayloadIdentifier": "com.example.p", "PayloadUUID": "U-1",
        "PayloadDisplayName": "P", "PayloadVersion": 1,
        "PayloadContent": [{"PayloadType": payload_type, "PayloadIdentifier": "com.example.p.1",
                            "PayloadUUID": "U-2", "PayloadVersion": 1, **extra}]})


@pytest.mark.parametrize("payload_type", [["com.apple.extensiblesso"], {"a": 1}], ids=["list", "dict"])
def test_a_payload_type_that_is_not_a_string_is_a_profile_error(payload_type: Any) -> None:
    with pytest.raises(ProfileError, match=r"PayloadContent\[0\]\.PayloadType: Input should be a valid string"):
        load_mobileconfig(profile(payload_type))


def test_an_integer_no_plist_can_hold_is_refused_by_the_loader() -> None:
    data = profile("com.example.custom", Limit=7).replace(b"<integer>7</integer>", b"<integer>%d</integer>" % 2 ** 70)
    with pytest.raises(ProfileError, match=r"PayloadContent\[0\]\.Limit: an integer outside the 64-bit range"):
        load_mobileconfig(data)
    assert load_mobileconfig(profile("com.example.custom", Limit=2 ** 63 - 1))  # the largest signed one loads
