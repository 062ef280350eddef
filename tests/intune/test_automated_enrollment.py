"""Intune's Automated Device Enrollment, required apps and FileVault key escrow, over HTTP
(psso_sim.intune.automated_enrollment, psso_sim.intune.required_apps, psso_sim.intune.recovery_keys)."""

from __future__ import annotations

import plistlib

import httpx
import pytest

from psso_sim.admin.graph_client import admin_graph_client
from psso_sim.intune.automated_enrollment import (
    ADE_WITH_USER,
    USER_ENROLLMENT,
    DeviceNotAssigned,
    EnrollmentProfile,
    InvalidEnrollmentProfile,
)
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.recovery_keys import NoRecoveryKey
from psso_sim.intune.required_apps import AppInstallState, UnknownApp, company_portal_app
from psso_sim.world import World
from tests.security.support import enroll_identity, put_json

GRAPH = "https://graph.microsoft.com"


def ade_world(seed: int = 11) -> World:
    world = World(seed=seed)
    world.intune.automated_enrollment.create_profile(EnrollmentProfile("Corporate Macs"))
    return world


def intune_token(world: World, username: str, password: str) -> str:
    tokens = world.entra.tokens.password_grant(username, password, client_id="test", resource=INTUNE_RESOURCE)
    return tokens.access_token


def test_enrollment_profiles_and_assignments_are_checked() -> None:
    ade = ade_world().intune.automated_enrollment
    assert ade.profiles["Corporate Macs"].user_affinity
    with pytest.raises(InvalidEnrollmentProfile, match="already exists"):
        ade.create_profile(EnrollmentProfile("Corporate Macs"))
    with pytest.raises(InvalidEnrollmentProfile, match="needs a name"):
        ade.create_profile(EnrollmentProfile(" "))
    with pytest.raises(InvalidEnrollmentProfile, match="no enrollment profile named 'Kiosks'") as caught:
        ade.assign(["C02ZK1ABMD6R"], "Kiosks")
    assert caught.value.hint == "profiles: Corporate Macs"
    with pytest.raises(InvalidEnrollmentProfile, match="'c02-zk1' is not a Mac serial number"):
        ade.assign(["c02-zk1"], "Corporate Macs")


def test_setup_assistant_gets_the_cloud_configuration_only_for_an_assigned_serial_number() -> None:
    world = ade_world()
    http = world.network.client("a Mac in Setup Assistant")
    url = f"{INTUNE_RESOURCE}/enrollment/ade/configuration"
    assert http.post(url, json={"serial_number": "C02ZK1ABMD6R"}).status_code == 404
    world.intune.automated_enrollment.assign(["C02ZK1ABMD6R"], "Corporate Macs")
    body = http.post(url, json={"serial_number": "C02ZK1ABMD6R"}).json()
    assert body["organization"] == "Contoso Labs" and body["is_supervised"] and body["is_mandatory"]
    bad = http.post(url, json={"serial_number": "nope"})
    assert bad.status_code == 400 and "serial_number" in bad.json()["error_description"]
    with pytest.raises(DeviceNotAssigned, match="'ABCDEFGHIJKL'") as caught:
        world.intune.automated_enrollment.profile_for("ABCDEFGHIJKL")
    assert "Enrollment program tokens" in (caught.value.hint or "")


def test_the_management_profile_is_the_signed_in_users_and_enrolls_only_its_mac() -> None:
    world = ade_world()
    user = world.add_user(password="Sign-in-2024!")
    world.intune.automated_enrollment.assign(["C02ZK1ABMD6R"], "Corporate Macs")
    http = world.network.client("a Mac in Setup Assistant")
    url = f"{INTUNE_RESOURCE}/enrollment/ade/managementprofile"
    unsigned = http.post(url, json={"serial_number": "C02ZK1ABMD6R"})
    assert unsigned.status_code == 401
    headers = {"Authorization": f"Bearer {intune_token(world, user.user_principal_name, 'Sign-in-2024!')}"}
    assert http.post(url, json={"serial_number": "ZZZZZZZZZZZZ"}, headers=headers).status_code == 404
    profile = plistlib.loads(http.post(url, json={"serial_number": "C02ZK1ABMD6R"}, headers=headers).content)
    challenge = next(p["PayloadContent"]["Challenge"] for p in profile["PayloadContent"] if "Challenge" in
                     p.get("PayloadContent", {}))
    check_in = {"MessageType": "Authenticate", "Challenge": challenge, "UDID": "U-1", "OSVersion": "14.1.1",
                "DeviceName": "Another Mac", "PushToken": "t"}
    other = http.put(f"{INTUNE_RESOURCE}/mdm/checkin", json={**check_in, "SerialNumber": "YYYYYYYYYYYY"})
    assert other.status_code == 401 and "issued to serial number 'C02ZK1ABMD6R'" in other.text
    identity = enroll_identity(http, challenge, "U-1")  # the check-in proves the identity SCEP issued
    device = put_json(http, f"{INTUNE_RESOURCE}/mdm/checkin", {**check_in, "SerialNumber": "C02ZK1ABMD6R"},
                      identity).json()
    assert device["userPrincipalName"] == user.user_principal_name
    assert device["isSupervised"] and device["deviceEnrollmentType"] == ADE_WITH_USER
    assert world.intune.automated_enrollment.enrollment_type(device["id"]) == ADE_WITH_USER


def test_a_company_portal_enrollment_is_a_user_enrollment_in_graph() -> None:
    from psso_sim.actors import Person

    world = World(seed=12)
    user = world.add_user()
    person = Person(world, user, world.add_mac(owner=user))
    person.enroll_before_platform_sso()
    http = world.network.client("Graph")
    http.headers["Authorization"] = "Bearer " + admin_graph_client(http, world.entra).sign_in()
    (device,) = http.get(f"{GRAPH}/v1.0/deviceManagement/managedDevices").json()["value"]
    assert device["deviceEnrollmentType"] == USER_ENROLLMENT


def test_a_required_app_is_sent_once_to_a_device_that_lacks_it_and_installed_when_reported() -> None:
    world = World(seed=13)
    app = company_portal_app("cp-app", "5.2404.0")
    with pytest.raises(UnknownApp, match="no app 'cp-app'"):
        world.intune.required_apps.manifest("cp-app")
    world.intune.required_apps.assign(app)
    user = world.add_user(password="Sign-in-2024!")
    _, challenge = world.intune.issue_management_profile(user.user_principal_name)
    device = world.intune.authenticate(challenge, udid="U-2", serial_number="C02ZK1ABMD6S", os_version="14.1.1",
                                       device_name="Mac", push_token="t")
    command = world.intune.check_in("U-2", facts={"InstalledApplications": []})
    assert command is not None and command.request_type == "InstallApplication"
    assert world.intune.required_apps.install_state(device.id, app.id) is AppInstallState.PENDING
    assert world.intune.check_in("U-2", facts={}, acknowledged=command.command_uuid) is None  # not sent twice
    world.intune.check_in("U-2", facts={"InstalledApplications": [app.bundle_id]})
    assert world.intune.required_apps.install_state(device.id, app.id) is AppInstallState.INSTALLED
    http = world.network.client("a Mac")
    manifest = plistlib.loads(http.get(command.manifest_url).content)["items"][0]
    assert manifest["metadata"]["bundle-identifier"] == "com.microsoft.CompanyPortalMac"
    assert manifest["metadata"]["bundle-version"] == "5.2404.0"
    assert http.get(manifest["assets"][0]["url"]).status_code == 200


def test_a_failed_install_is_recorded_and_not_sent_again() -> None:
    world = World(seed=14)
    app = company_portal_app("cp-app", "5.2404.0")
    world.intune.required_apps.assign(app)
    user = world.add_user()
    _, challenge = world.intune.issue_management_profile(user.user_principal_name)
    device = world.intune.authenticate(challenge, udid="U-3", serial_number="C02ZK1ABMD6T", os_version="13.6.1",
                                       device_name="Mac", push_token="t")
    command = world.intune.check_in("U-3", facts={})
    assert command is not None
    assert world.intune.check_in("U-3", facts={}, acknowledged=command.command_uuid, error="disk full") is None
    assert world.intune.required_apps.status[(device.id, app.id)] == (AppInstallState.FAILED, "disk full")


def test_a_managed_macs_filevault_key_is_escrowed_and_read_through_graph() -> None:
    from psso_sim.actors import Person

    world = World(seed=15)
    user = world.add_user()
    mac = world.add_mac(owner=user)
    person = Person(world, user, mac)
    http: httpx.Client = world.network.client("Graph")
    http.headers["Authorization"] = "Bearer " + admin_graph_client(http, world.entra).sign_in()
    person.enroll_before_platform_sso()
    device = world.intune.device_by_udid(mac.udid)
    answer = http.get(f"{GRAPH}/beta/deviceManagement/managedDevices/{device.id}/getFileVaultKey")
    assert answer.json() == {"value": mac.filevault.personal_recovery_key}
    _, challenge = world.intune.issue_management_profile(user.user_principal_name)
    silent = world.intune.authenticate(challenge, udid="U-4", serial_number="C02ZK1ABMD6U", os_version="14.1.1",
                                       device_name="Mac without FileVault", push_token="t")
    missing = http.get(f"{GRAPH}/beta/deviceManagement/managedDevices/{silent.id}/getFileVaultKey")
    assert missing.status_code == 404 and "escrowed no FileVault recovery key" in missing.text
    with pytest.raises(NoRecoveryKey, match="Mac without FileVault has escrowed no FileVault recovery key"):
        world.intune.recovery_keys.get_file_vault_key(silent.id)
