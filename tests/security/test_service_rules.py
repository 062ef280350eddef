"""Probes of the simulated services as an attacker would send them: each is refused with the real error code.

Registration tokens single-use and bound to their managed device, MDM check-ins authenticated by the device identity,
unknown MDM commands, disabled users and devices at refresh, smart lockout, diagnostic reports for the
tenant's administrators only. Each rule also has a test that takes it away and sees its probe get through:
a probe that cannot fail proves nothing.
"""

from __future__ import annotations

import json
import plistlib
import random
from datetime import timedelta
from typing import Any

import httpx
import pytest

from psso_sim.actors import Person
from psso_sim.diagnostics_service import DIAGNOSTICS_HOST
from psso_sim.entra import lockout
from psso_sim.entra.models import DirectoryRole, User
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.mdm_identity import MdmDeviceCA, certificate_request, derive_identity_key
from psso_sim.intune.models import CompliancePolicy
from psso_sim.macos.prt_refresh import PRT_RESOURCE
from psso_sim.world import World
from tests.security.support import MdmIdentity, enroll_identity, put_json

TOKEN_URL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
GRAPH = "https://graph.microsoft.com"
SERVER_URL = f"{INTUNE_RESOURCE}/mdm/server"
CHECKIN_URL = f"{INTUNE_RESOURCE}/mdm/checkin"
INCIDENTS = f"https://{DIAGNOSTICS_HOST}/incidents"


def registered(world: World, password: str | None = None) -> Person:
    """A user whose Mac is enrolled in Intune and registered with Platform SSO."""
    user = world.add_user(password=password)
    person = Person(world, user, world.add_mac(macos=14, owner=user, name=f"{user.display_name}'s Mac"))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.registration is not None
    return person


def fresh_challenge(world: World, http: httpx.Client, user: User, password: str) -> str:
    """The enrollment challenge of a Management Profile downloaded as Company Portal does."""
    token = world.entra.tokens.password_grant(user.user_principal_name, password, client_id="probe",
                                              resource=INTUNE_RESOURCE).access_token
    profile = http.get(f"{INTUNE_RESOURCE}/enrollment/managementprofile", headers={"Authorization": f"Bearer {token}"})
    content = plistlib.loads(profile.content)["PayloadContent"]
    return str(next(p["PayloadContent"]["Challenge"] for p in content if "Challenge" in p.get("PayloadContent", {})))


def probe_enrollment(world: World, user: User, password: str, udid: str) -> tuple[httpx.Client, MdmIdentity]:
    """An attacker's own device, enrolled over HTTP with the attacker's own account: a real identity."""
    http = world.network.client("probe")
    challenge = fresh_challenge(world, http, user, password)
    identity = enroll_identity(http, challenge, udid)
    enrolled = put_json(http, CHECKIN_URL, {"MessageType": "Authenticate", "Challenge": challenge, "UDID": udid,
                                            "SerialNumber": "C02PROBE0001", "OSVersion": "14.4",
                                            "DeviceName": "Probe", "PushToken": "apns-probe"}, identity)
    assert enrolled.status_code == 200, enrolled.text
    return http, identity


def oauth_code(answer: httpx.Response) -> int:
    body: dict[str, Any] = answer.json()
    return int(body["error_codes"][0])


# registration tokens
def test_a_registration_token_registers_only_for_its_managed_devices_user() -> None:
    world = World(seed=5)
    world.target_platform_sso()
    alice = registered(world)
    payload = alice.mac.platform_sso.payload
    assert payload is not None and payload.registration_token
    bob_user = world.add_user()
    bob = Person(world, bob_user, world.add_mac(macos=14, owner=bob_user, name="Bob's Mac"))
    bob.enroll_with_company_portal()
    stolen = payload.registration_token
    bob_psso = bob.mac.platform_sso
    assert bob_psso.payload is not None
    bob_psso.payload = bob_psso.payload.model_copy(update={"registration_token": stolen})
    devices = set(world.entra.directory.devices)
    bob.register_with_company_portal()
    assert bob_psso.registration is None and set(world.entra.directory.devices) == devices
    assert bob_psso.status.value == "failed" and "not one Intune issued" in (bob_psso.last_error or "")
    refused = [e for e in world.trace.entries if e.kind == "http" and "/EnrollmentServer/device/" in e.message][-1]
    assert refused.message.endswith("-> 400")
    assert json.loads(str(refused.detail["response_body"]))["ErrorCode"] == 80180003  # DRS InvalidRegistrationToken
    assert world.intune.redeem_registration_token(stolen, bob_user.user_principal_name) is None
    assert world.intune.redeem_registration_token(stolen, alice.user.user_principal_name) is not None


def test_a_registration_token_is_single_use_and_intune_delivers_a_fresh_one() -> None:
    world = World(seed=5)
    world.target_platform_sso()
    user = world.add_user()
    person = Person(world, user, world.add_mac(macos=14, owner=user))
    person.enroll_with_company_portal()
    psso = person.mac.platform_sso
    assert psso.payload is not None and psso.payload.registration_token
    used = psso.payload.registration_token
    person.register_with_company_portal()
    assert psso.registration is not None
    first = psso.registration.device_id
    world.advance(timedelta(minutes=5))  # Intune's push: the SSO payload again, with a new token
    assert psso.payload.registration_token not in (None, used)
    assert world.intune.redeem_registration_token(used, user.user_principal_name) is None  # spent
    psso.payload = psso.payload.model_copy(update={"registration_token": used})  # a replay of the spent one
    person.mac.open_app("Settings")
    person.mac.desktop.navigate("Users & Groups > Network Account Server > Edit > Repair", "System Settings")
    person.enter_credentials()
    world.advance(timedelta(minutes=5))
    assert psso.registration is not None and psso.registration.device_id == first  # nothing new registered
    assert "not one Intune issued" in (psso.last_error or "")


# MDM check-in authenticated by the device identity
def compliance_world() -> tuple[World, Person, str]:
    world = World(seed=6)
    world.target_platform_sso()
    world.require_compliance(CompliancePolicy("Require Platform SSO", require_platform_sso_registration=True))
    victim = registered(world, password="Victim-2024!")
    world.advance(timedelta(minutes=10))
    device = world.intune.devices_of(victim.user.user_principal_name)[0]
    return world, victim, device.udid


def test_an_unsigned_check_in_for_another_macs_udid_is_refused_and_changes_nothing() -> None:
    world, _victim, udid = compliance_world()
    before = (world.intune.device_by_udid(udid), dict(world.entra.directory.devices))
    http = world.network.client("probe")
    forged = {"UDID": udid, "Status": "Idle", "Facts": {"PlatformSSORegistered": False, "AzureADDeviceID": "forged"}}
    answer = put_json(http, SERVER_URL, forged)
    assert answer.status_code == 401 and answer.json()["error"] == "Unauthorized"
    assert "not signed" in answer.json()["error_description"]
    assert (world.intune.device_by_udid(udid), dict(world.entra.directory.devices)) == before


def test_a_check_in_signed_by_another_enrolled_identity_is_refused() -> None:
    world, _victim, udid = compliance_world()
    attacker = world.add_user(password="Attacker-2024!")
    http, identity = probe_enrollment(world, attacker, "Attacker-2024!", "PROBE-UDID-1")
    before = world.intune.device_by_udid(udid)
    forged = {"UDID": udid, "Status": "Idle", "Facts": {"PlatformSSORegistered": False}}
    answer = put_json(http, SERVER_URL, forged, identity)
    assert answer.status_code == 401 and "does not verify" in answer.json()["error_description"]
    assert world.intune.device_by_udid(udid) == before
    # while the same identity checks in for its own UDID
    assert put_json(http, SERVER_URL, {"UDID": "PROBE-UDID-1", "Status": "Idle"}, identity).status_code == 200


def test_a_certificate_intune_did_not_issue_is_refused_at_authenticate() -> None:
    world = World(seed=7)
    user = world.add_user(password="Pass-2024!")
    http = world.network.client("probe")
    challenge = fresh_challenge(world, http, user, "Pass-2024!")
    key = derive_identity_key(random.Random(2))
    foreign = MdmDeviceCA(random.Random(1)).issue(certificate_request(key, "X"), now=world.now())  # a CA of our own
    message = {"MessageType": "Authenticate", "Challenge": challenge, "UDID": "X", "SerialNumber": "C02PROBE0002",
               "OSVersion": "14.4", "DeviceName": "X", "PushToken": "t"}
    answer = put_json(http, CHECKIN_URL, message, (key, foreign))
    assert answer.status_code == 401 and "not issued by Microsoft Intune MDM Device CA" in answer.text
    assert put_json(http, CHECKIN_URL, message).status_code == 401  # nor with no identity at all
    assert not world.intune.devices


def test_an_unknown_command_uuid_is_an_mdm_error() -> None:
    world = World(seed=8)
    user = world.add_user(password="Pass-2024!")
    http, identity = probe_enrollment(world, user, "Pass-2024!", "PROBE-UDID-3")
    answer = put_json(http, SERVER_URL, {"UDID": "PROBE-UDID-3", "Status": "Acknowledged",
                                         "CommandUUID": "00000000-0000-4000-8000-000000000000"}, identity)
    assert answer.status_code == 400
    assert answer.json() == {"error": "UnknownCommand", "error_description":
                             "MDM error: CommandUUID '00000000-0000-4000-8000-000000000000' is not a command sent "
                             "to this device"}


# disabled users and devices at refresh
def test_a_disabled_users_refresh_token_no_longer_refreshes() -> None:
    world = World(seed=9)
    user = world.add_user(password="Pass-2024!", mfa_methods=())
    http = world.network.client("probe")
    first = http.post(TOKEN_URL, data={"grant_type": "password", "username": user.user_principal_name,
                                       "password": "Pass-2024!", "client_id": "probe", "resource": GRAPH})
    assert first.status_code == 200, first.text
    world.entra.directory.update_user(user, account_enabled=False)
    again = http.post(TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": first.json()["refresh_token"],
                                       "client_id": "probe", "resource": GRAPH})
    assert again.status_code == 400 and oauth_code(again) == 50057
    signing_in = http.post(TOKEN_URL, data={"grant_type": "password", "username": user.user_principal_name,
                                            "password": "Pass-2024!", "client_id": "probe", "resource": GRAPH})
    assert oauth_code(signing_in) == 50057


def test_a_disabled_devices_prt_no_longer_refreshes() -> None:
    world = World(seed=10)
    world.target_platform_sso()
    person = registered(world)
    psso = person.mac.platform_sso
    assert psso.tokens is not None and psso.registration is not None
    assert psso.extension.refresh(psso.tokens.prt, PRT_RESOURCE).ok
    world.entra.directory.update_device(psso.registration.device_id, account_enabled=False)
    answer = psso.extension.refresh(psso.tokens.prt, PRT_RESOURCE)
    assert not answer.ok and answer.code == 135011


# smart lockout
def sign_in(http: httpx.Client, user: User, password: str) -> httpx.Response:
    return http.post(TOKEN_URL, data={"grant_type": "password", "username": user.user_principal_name,
                                      "password": password, "client_id": "probe", "resource": GRAPH})


def test_ten_wrong_passwords_lock_the_account_for_a_minute_of_simulated_time() -> None:
    world = World(seed=11)
    user = world.add_user(password="Right-2024!", mfa_methods=())
    http = world.network.client("probe")
    codes = [oauth_code(sign_in(http, user, f"wrong-{n}")) for n in range(lockout.LOCKOUT_THRESHOLD)]
    assert codes == [50126] * lockout.LOCKOUT_THRESHOLD
    locked = sign_in(http, user, "Right-2024!")
    assert locked.status_code == 400 and oauth_code(locked) == 50053  # even the right password
    world.advance(timedelta(seconds=61))
    assert sign_in(http, user, "Right-2024!").status_code == 200


def test_the_same_wrong_password_again_does_not_count_toward_lockout() -> None:
    world = World(seed=12)
    user = world.add_user(password="Right-2024!", mfa_methods=())
    http = world.network.client("probe")
    assert {oauth_code(sign_in(http, user, "Summer2024")) for _ in range(50)} == {50126}
    assert sign_in(http, user, "Right-2024!").status_code == 200


def test_a_failure_after_a_lockout_locks_again_for_longer() -> None:
    world = World(seed=12)
    user = world.add_user(password="Right-2024!", mfa_methods=())
    http = world.network.client("probe")
    for n in range(lockout.LOCKOUT_THRESHOLD):
        sign_in(http, user, f"wrong-{n}")
    world.advance(timedelta(seconds=61))
    assert oauth_code(sign_in(http, user, "wrong-again")) == 50126
    world.advance(timedelta(seconds=61))
    assert oauth_code(sign_in(http, user, "Right-2024!")) == 50053  # 120 s this time
    world.advance(timedelta(seconds=60))
    assert sign_in(http, user, "Right-2024!").status_code == 200


# diagnostic reports
def graph_token(world: World, role: DirectoryRole | None) -> str:
    user = world.add_user(password="Pass-2024!", mfa_methods=())
    if role is not None:
        world.entra.directory.assign_role(user, role)
    return world.entra.tokens.password_grant(user.user_principal_name, "Pass-2024!", client_id="probe",
                                             resource=GRAPH).access_token


def test_a_diagnostic_report_is_readable_only_by_the_tenants_admin() -> None:
    world, elsewhere = World(seed=14), World(seed=14, organisation="Fabrikam")
    http = world.network.client("probe")
    upload = {"incidentId": "AB12CD34", "application": "Company Portal", "bundle": {"logs": "secret"}}
    assert http.post(INCIDENTS, json=upload).status_code == 201
    url = f"{INCIDENTS}/AB12CD34"
    anonymous = http.get(url)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "InvalidAuthenticationToken"
    plain = http.get(url, headers={"Authorization": f"Bearer {graph_token(world, None)}"})
    assert plain.status_code == 403 and plain.json()["error"]["code"] == "Forbidden"
    other_tenant = http.get(url, headers={"Authorization":
                                          f"Bearer {graph_token(elsewhere, DirectoryRole.GLOBAL_ADMINISTRATOR)}"})
    assert other_tenant.status_code == 401
    admin = http.get(url, headers={"Authorization": f"Bearer {graph_token(world, DirectoryRole.INTUNE_ADMINISTRATOR)}"})
    assert admin.status_code == 200 and admin.json()["bundle"] == {"logs": "secret"}


# the rules can fail: with each taken away, its probe gets through
def test_without_smart_lockout_the_eleventh_sign_in_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockout.SmartLockout, "check", lambda self, user, now: None)
    world = World(seed=11)
    user = world.add_user(password="Right-2024!", mfa_methods=())
    http = world.network.client("probe")
    for n in range(lockout.LOCKOUT_THRESHOLD):
        sign_in(http, user, f"wrong-{n}")
    assert sign_in(http, user, "Right-2024!").status_code == 200


def test_without_the_identity_check_a_forged_check_in_rewrites_compliance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MdmDeviceCA, "authenticate", lambda self, udid, body, signature: None)
    world, _victim, udid = compliance_world()
    forged = {"UDID": udid, "Status": "Idle", "Facts": {"PlatformSSORegistered": False}}
    assert put_json(world.network.client("probe"), SERVER_URL, forged).status_code == 200
    assert not world.intune.device_by_udid(udid).psso_registered


def test_without_the_enabled_check_a_disabled_user_refreshes(monkeypatch: pytest.MonkeyPatch) -> None:
    from psso_sim.entra import tokens
    monkeypatch.setattr(tokens, "check_enabled", lambda user, device: None)
    world = World(seed=9)
    user = world.add_user(password="Pass-2024!", mfa_methods=())
    first = world.entra.tokens.password_grant(user.user_principal_name, "Pass-2024!", client_id="probe",
                                              resource=GRAPH)
    world.entra.directory.update_user(user, account_enabled=False)
    assert first.refresh_token is not None
    assert world.entra.tokens.refresh(first.refresh_token, client_id="probe", resource=GRAPH).access_token


def test_without_the_token_binding_another_user_registers_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from psso_sim.intune.backend import IntuneBackend
    monkeypatch.setattr(IntuneBackend, "redeem_registration_token",
                        lambda self, token, user: next(iter(self.devices), None))
    world = World(seed=5)
    world.target_platform_sso()
    alice = registered(world)
    assert alice.mac.platform_sso.payload is not None
    bob_user = world.add_user()
    bob = Person(world, bob_user, world.add_mac(macos=14, owner=bob_user, name="Bob's Mac"))
    bob.enroll_with_company_portal()
    assert bob.mac.platform_sso.payload is not None
    bob.mac.platform_sso.payload = bob.mac.platform_sso.payload.model_copy(
        update={"registration_token": alice.mac.platform_sso.payload.registration_token})
    bob.register_with_company_portal()
    assert bob.mac.platform_sso.registration is not None


def test_without_the_admin_check_anyone_reads_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from psso_sim.diagnostics_service import backend
    monkeypatch.setattr(backend, "require_tenant_admin", lambda entra, authorization: "anyone")
    world = World(seed=14)
    http = world.network.client("probe")
    http.post(INCIDENTS, json={"incidentId": "AB12CD34", "application": "Company Portal", "bundle": {}})
    assert http.get(f"{INCIDENTS}/AB12CD34").status_code == 200
