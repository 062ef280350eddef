"""Attacks on Intune's MDM and Company Portal endpoints, over HTTP: the Mac's own message with one part changed.

(test_service_rules.py probes an unsigned check-in, one signed by another enrolled identity, a certificate of
another CA and an unknown CommandUUID.) Here: the Management Profile's one-time challenge spent or replayed,
an identity certificate bound to another UDID, a body changed after it was signed, a retired device's
identity, and Company Portal's API with a token for another service or for another user's Mac.
"""

from __future__ import annotations

import json
import plistlib
import random
from typing import Any

import httpx
import pytest

from psso_sim.company_portal.sso_extension import CLIENT_ID
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.mdm_identity import (
    CERTIFICATE_HEADER,
    SIGNATURE_HEADER,
    MdmDeviceCA,
    certificate_request,
    derive_identity_key,
    sign_body,
)
from psso_sim.world import World
from tests.security.support import TOKEN_URL, MdmIdentity, enroll_identity, oauth_refusal, put_json

SCEP_URL = f"{INTUNE_RESOURCE}/mdm/scep"
CHECKIN_URL = f"{INTUNE_RESOURCE}/mdm/checkin"
SERVER_URL = f"{INTUNE_RESOURCE}/mdm/server"
PROFILE_URL = f"{INTUNE_RESOURCE}/enrollment/managementprofile"
PASSWORD = "Mdm-2024!"


def access_token(http: httpx.Client, upn: str, resource: str) -> str:
    answer = http.post(TOKEN_URL, data={"grant_type": "password", "client_id": CLIENT_ID, "username": upn,
                                        "password": PASSWORD, "resource": resource})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def challenge_of(http: httpx.Client, upn: str) -> str:
    """Company Portal's download of the Management Profile: its SCEP payload's one-time challenge."""
    profile = http.get(PROFILE_URL, headers={"Authorization": f"Bearer {access_token(http, upn, INTUNE_RESOURCE)}"})
    content = plistlib.loads(profile.content)["PayloadContent"]
    return str(next(p["PayloadContent"]["Challenge"] for p in content if "Challenge" in p.get("PayloadContent", {})))


def authenticate(udid: str, challenge: str) -> dict[str, Any]:
    return {"MessageType": "Authenticate", "Challenge": challenge, "UDID": udid, "SerialNumber": "C02ATTACK001",
            "OSVersion": "14.4", "DeviceName": udid, "PushToken": f"apns-{udid}"}


def enrolled(world: World, http: httpx.Client, udid: str, seed: int) -> tuple[str, MdmIdentity, str]:
    """A Mac enrolled over HTTP as the Mac does it: (challenge, identity, managed device id)."""
    user = world.add_user(password=PASSWORD, mfa_methods=())
    challenge = challenge_of(http, user.user_principal_name)
    identity = enroll_identity(http, challenge, udid, seed=seed)
    answer = put_json(http, CHECKIN_URL, authenticate(udid, challenge), identity)
    assert answer.status_code == 200, answer.text
    return challenge, identity, world.intune.device_by_udid(udid).id


def mdm_refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 401, answer.text
    body = answer.json()
    assert body["error"] == "Unauthorized" and body["error_description"].startswith("MDM device authentication "
                                                                                     "failed: "), body
    return str(body["error_description"])


def setting_up(seed: int) -> tuple[World, httpx.Client]:
    world = World(seed=seed)
    return world, world.network.client("attacker")


# the enrollment challenge: one time
def test_a_spent_enrollment_challenge_buys_no_identity_certificate() -> None:
    world, http = setting_up(801)
    challenge, _identity, _device = enrolled(world, http, "VICTIM-UDID", seed=1)
    issued = dict(world.intune.identity.issued)
    csr = certificate_request(derive_identity_key(random.Random("attacker")), "ATTACKER-UDID")
    answer = http.post(SCEP_URL, json={"Challenge": challenge, "CSR": csr})
    assert answer.status_code == 401
    assert answer.json() == {"error": "EnrollmentChallengeInvalid",
                             "error_description": "the enrollment challenge is unknown or already used"}
    assert world.intune.identity.issued == issued


def test_a_spent_enrollment_challenge_enrolls_no_second_device() -> None:
    world, http = setting_up(802)
    challenge, identity, _device = enrolled(world, http, "VICTIM-UDID", seed=1)
    devices = dict(world.intune.devices)
    replay = put_json(http, CHECKIN_URL, authenticate("VICTIM-UDID", challenge), identity)  # the same message
    assert replay.status_code == 401 and replay.json()["error"] == "EnrollmentChallengeInvalid"
    assert world.intune.devices == devices


def test_an_identity_bound_to_another_udid_does_not_enroll_a_second_one() -> None:
    world, http = setting_up(803)
    _challenge, identity, _device = enrolled(world, http, "VICTIM-UDID", seed=1)
    attacker = world.add_user(password=PASSWORD, mfa_methods=())
    challenge = challenge_of(http, attacker.user_principal_name)
    devices = dict(world.intune.devices)
    answer = put_json(http, CHECKIN_URL, authenticate("ATTACKER-UDID", challenge), identity)  # the victim's identity
    assert "belongs to another device" in mdm_refusal(answer)
    assert world.intune.devices == devices
    # the challenge is not spent by the refusal: the attacker's Mac enrolls with an identity of its own
    own = enroll_identity(http, challenge, "ATTACKER-UDID", seed=2)
    assert put_json(http, CHECKIN_URL, authenticate("ATTACKER-UDID", challenge), own).status_code == 200


# check-ins
def test_a_check_in_changed_after_it_was_signed_is_refused() -> None:
    world, http = setting_up(804)
    _challenge, (key, certificate), device_id = enrolled(world, http, "VICTIM-UDID", seed=1)
    signed = json.dumps({"UDID": "VICTIM-UDID", "Status": "Idle", "Facts": {"FileVaultEnabled": True}}).encode()
    changed = json.dumps({"UDID": "VICTIM-UDID", "Status": "Idle", "Facts": {"FileVaultEnabled": False}}).encode()
    before = world.intune.devices[device_id]
    answer = http.put(SERVER_URL, content=changed, headers={"content-type": "application/json",
                                                            SIGNATURE_HEADER: sign_body(key, signed),
                                                            CERTIFICATE_HEADER: certificate})
    assert "does not verify" in mdm_refusal(answer)
    assert world.intune.devices[device_id] == before


def test_an_enrollment_without_its_identity_certificate_is_refused_and_says_which_header() -> None:
    world, http = setting_up(806)
    user = world.add_user(password=PASSWORD, mfa_methods=())
    challenge = challenge_of(http, user.user_principal_name)
    key, _certificate = enroll_identity(http, challenge, "VICTIM-UDID", seed=1)
    body = json.dumps(authenticate("VICTIM-UDID", challenge)).encode()
    answer = http.put(CHECKIN_URL, content=body, headers={"content-type": "application/json",
                                                          SIGNATURE_HEADER: sign_body(key, body)})
    assert mdm_refusal(answer).endswith(f"no identity certificate ({CERTIFICATE_HEADER} header)")
    assert not world.intune.devices


def test_a_retired_devices_identity_no_longer_checks_in() -> None:
    world, http = setting_up(805)
    _challenge, identity, device_id = enrolled(world, http, "VICTIM-UDID", seed=1)
    assert put_json(http, SERVER_URL, {"UDID": "VICTIM-UDID", "Status": "Idle"}, identity).status_code == 200
    world.intune.retire(device_id)
    answer = put_json(http, SERVER_URL, {"UDID": "VICTIM-UDID", "Status": "Idle"}, identity)
    assert "no enrolled device identity" in mdm_refusal(answer)
    assert device_id not in world.intune.devices


# Company Portal's API: a token for Intune, of the Mac's own user
def test_a_graph_token_does_not_download_a_management_profile() -> None:
    world, http = setting_up(806)
    user = world.add_user(password=PASSWORD, mfa_methods=())
    graph = access_token(http, user.user_principal_name, "https://graph.microsoft.com")
    answer = http.get(PROFILE_URL, headers={"Authorization": f"Bearer {graph}"})
    assert oauth_refusal(answer) == (401, "invalid_token", 50132)
    assert "not 'https://enrollment.manage.microsoft.com'" in answer.json()["error_description"]


def test_company_portal_shows_no_status_of_another_users_mac() -> None:
    world, http = setting_up(807)
    enrolled(world, http, "VICTIM-UDID", seed=1)
    snoop = world.add_user(password=PASSWORD, mfa_methods=())
    token = access_token(http, snoop.user_principal_name, INTUNE_RESOURCE)
    answer = http.get(f"{INTUNE_RESOURCE}/companyportal/devices/VICTIM-UDID/status",
                      headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 404 and answer.json()["error"] == "UnknownManagedDevice"
    assert "is not a device of" in answer.json()["error_description"]


# the rule taken away: the same attack gets through
def test_without_the_udid_binding_a_stolen_identity_enrolls_another_udid(monkeypatch: pytest.MonkeyPatch) -> None:
    bind = MdmDeviceCA.bind

    def unbound(self: MdmDeviceCA, udid: str, body: bytes, certificate: str | None, signature: str | None) -> str:
        # the signature and the issuer still checked, but not whose UDID the identity is bound to
        thumbprint = bind(self, "VICTIM-UDID", body, certificate, signature)
        self.by_udid[udid] = thumbprint
        return thumbprint

    monkeypatch.setattr(MdmDeviceCA, "bind", unbound)
    world, http = setting_up(803)
    _challenge, identity, _device = enrolled(world, http, "VICTIM-UDID", seed=1)
    attacker = world.add_user(password=PASSWORD, mfa_methods=())
    challenge = challenge_of(http, attacker.user_principal_name)
    assert put_json(http, CHECKIN_URL, authenticate("ATTACKER-UDID", challenge), identity).status_code == 200
