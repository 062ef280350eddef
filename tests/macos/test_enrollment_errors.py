"""Enrollment refused at each step it talks to Intune: the device identity (SCEP), the check-in's Authenticate,
a later check-in, a required app's download, and Setup Assistant's cloud configuration and management profile
(psso_sim.macos.mdm_client, .install_application, .setup_assistant)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.intune.automated_enrollment import EnrollmentProfile
from psso_sim.intune.profiles import ConfigurationProfile, ProfileError
from psso_sim.intune.required_apps import AppInstallState, MacApp, company_portal_app
from psso_sim.macos.mdm_client import MDM_REFRESH_CYCLE, EnrollmentFailed
from psso_sim.macos.setup_assistant import CREATE_ACCOUNT, REMOTE_MANAGEMENT, SetupAssistant
from psso_sim.world import World

ENROLLMENT = "enrollment.manage.microsoft.com"
EDGE = MacApp("edge", "Microsoft Edge", "com.microsoft.edgemac", "120.0")


def person(seed: int) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    return Person(world, user, world.add_mac(owner=user))


@pytest.mark.parametrize(("path", "status", "refusal"), [
    ("/mdm/scep", 500, "the device identity was refused (500)"),
    ("/mdm/checkin", 503, "enrollment refused (503)"),
])
def test_a_refused_enrollment_leaves_the_mac_unmanaged_and_says_why(path: str, status: int, refusal: str) -> None:
    someone = person(41)
    world, mac = someone.world, someone.mac
    world.faults.inject(f"{ENROLLMENT}{path} {status} x1")
    someone.install_management_profile()
    assert mac.settings.error is not None
    assert mac.settings.error.startswith(f"Profile installation failed. {refusal}: ")
    assert not mac.mdm.enrolled and mac.mdm.managed_by is None and not world.intune.devices
    # the APNs registration made for the check-in is given back: Intune's pushes would reach nobody
    assert world.runtime.apns.notify(mac.mdm.push_token, "a stray push") is False


def test_a_refused_check_in_is_tried_again_at_the_next_scheduled_one_and_a_mac_not_enrolled_does_not_check_in(
) -> None:
    someone = person(42)
    world, mac = someone.world, someone.mac
    assert mac.mdm.check_in() is False
    assert mac.mdm.check_ins == 0
    someone.enroll_before_platform_sso()
    before = mac.mdm.check_ins
    world.faults.inject(f"{ENROLLMENT}/mdm/server 503 x2")
    assert mac.mdm.check_in() is False  # not raised: a push or a registration that asked for it goes on
    assert mac.mdm.last_error is not None and re.match(r"check-in refused \(503\): .*temporarily unavailable",
                                                       mac.mdm.last_error)
    assert mac.mdm.check_in() is False  # refused again: still one scheduled check-in, not two
    world.advance(MDM_REFRESH_CYCLE - timedelta(seconds=1))
    assert mac.mdm.check_ins == before + 2
    world.advance(timedelta(seconds=1))  # the scheduled check-in, 8 hours after the first refusal
    assert mac.mdm.check_ins == before + 3 and mac.mdm.last_error is None
    world.advance(MDM_REFRESH_CYCLE * 3)
    assert mac.mdm.check_ins == before + 3  # it went through: nothing else was scheduled
    assert any("MDM check-in refused (503)" in line and "next scheduled check-in is at" in line
               for line in world.trace.lines(mac.name))


def test_a_check_in_that_times_out_is_tried_again_too() -> None:
    someone = person(45)
    world, mac = someone.world, someone.mac
    someone.enroll_before_platform_sso()
    world.faults.inject(f"{ENROLLMENT}/mdm/server timeout x1")
    assert mac.mdm.check_in() is False
    assert mac.mdm.last_error is not None and mac.mdm.last_error.startswith("check-in failed: injected timeout")
    world.advance(MDM_REFRESH_CYCLE)
    assert mac.mdm.last_error is None


def test_a_profile_without_mdm_payload_or_challenge_does_not_enroll() -> None:
    someone = person(43)
    mac = someone.mac
    empty = ConfigurationProfile(PayloadIdentifier="com.contoso.empty", PayloadUUID="U-1",
                                 PayloadDisplayName="Management Profile", PayloadContent=[])
    with pytest.raises(EnrollmentFailed, match="profile 'Management Profile' has no MDM payload"):
        mac.mdm.enroll(empty)
    profile, _ = someone.world.intune.issue_management_profile(someone.user.user_principal_name)
    mdm_only = profile.model_copy(update={"payload_content": [
        p for p in profile.payload_content if p.payload_type != "com.apple.security.scep"]})
    with pytest.raises(ProfileError) as refused:
        mac.mdm.enroll(mdm_only)
    assert refused.value.message == "profile 'Management Profile' carries no enrollment challenge"
    assert not mac.mdm.enrolled


def test_an_unsupported_mdm_command_is_refused() -> None:
    mac = person(44).mac
    with pytest.raises(EnrollmentFailed, match="unsupported MDM command 'EraseDevice'"):
        mac.mdm._run({"RequestType": "EraseDevice"})


@pytest.mark.parametrize(("path", "what"), [("manifest", "the app manifest"), ("package", "the app package")])
def test_a_required_app_that_cannot_be_downloaded_is_reported_failed_to_intune(path: str, what: str) -> None:
    someone = person(45)
    world, mac = someone.world, someone.mac
    someone.enroll_before_platform_sso()
    world.faults.inject(f"{ENROLLMENT}/apps/*/{path} 503 x1")
    world.intune.required_apps.assign(EDGE)
    world.advance(timedelta(minutes=5))
    device = world.intune.device_by_udid(mac.udid)
    state, detail = world.intune.required_apps.status[(device.id, EDGE.id)]
    assert state is AppInstallState.FAILED
    assert detail.endswith(f"{what} could not be downloaded (503)")
    assert EDGE.bundle_id not in mac.applications.installed


def test_a_required_app_the_mac_has_is_not_installed_again_and_another_app_installs() -> None:
    someone = person(46)
    world, mac = someone.world, someone.mac
    someone.enroll_before_platform_sso()
    portal = mac.applications.installed["com.microsoft.CompanyPortalMac"]
    world.intune.required_apps.assign(company_portal_app("cp", "9.9"))
    world.intune.required_apps.assign(EDGE)
    world.advance(timedelta(minutes=30))
    assert mac.applications.installed["com.microsoft.CompanyPortalMac"] is portal  # not replaced by 9.9
    assert mac.applications.installed[EDGE.bundle_id].name == "Microsoft Edge"
    device = world.intune.device_by_udid(mac.udid)
    assert world.intune.required_apps.install_state(device.id, EDGE.id) is AppInstallState.INSTALLED


def unboxed(seed: int) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    mac = world.unbox_mac(owner=user)
    world.intune.automated_enrollment.create_profile(EnrollmentProfile("Corporate Macs"))
    world.intune.automated_enrollment.assign([mac.serial_number], "Corporate Macs")
    desktop = mac.desktop
    desktop.select("Get Started", SetupAssistant.name)
    desktop.select("Canada", SetupAssistant.name)
    desktop.select("Continue", SetupAssistant.name)
    desktop.select("Guest Wi-Fi", SetupAssistant.name)
    return Person(world, user, mac)


def test_setup_assistant_says_when_the_cloud_configuration_cannot_be_retrieved() -> None:
    someone = unboxed(47)
    someone.world.faults.inject(f"{ENROLLMENT}/enrollment/ade/configuration 503 x1")
    desktop = someone.mac.desktop
    desktop.select("Continue", SetupAssistant.name)
    assert desktop.shows_text("Unable to retrieve the configuration for your Mac (503).", SetupAssistant.name)
    desktop.select("Continue", SetupAssistant.name)  # the fault struck once: Continue again goes on
    assert someone.mac.setup_assistant.pane == REMOTE_MANAGEMENT


def test_setup_assistant_says_when_the_management_profile_cannot_be_downloaded() -> None:
    someone = unboxed(48)
    world, mac = someone.world, someone.mac
    mac.desktop.select("Continue", SetupAssistant.name)
    world.faults.inject(f"{ENROLLMENT}/enrollment/ade/managementprofile 503 x1")
    mac.desktop.select("Continue", SetupAssistant.name)
    someone.enter_credentials(unlock=False)
    assert mac.setup_assistant.pane == REMOTE_MANAGEMENT and not mac.mdm.enrolled
    assert mac.desktop.shows_text("The configuration for your Mac couldn't be retrieved: HTTP 503: ",
                                  SetupAssistant.name)
    mac.desktop.select("Continue", SetupAssistant.name)
    someone.enter_credentials(unlock=False)
    assert mac.setup_assistant.pane == CREATE_ACCOUNT and mac.mdm.enrolled
