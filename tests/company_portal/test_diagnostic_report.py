"""Company Portal Help > Send diagnostic report > Email logs: an incident ID from the seed, and
a bundle, uploaded over HTTP, that describes the Mac as its models hold it."""

from __future__ import annotations

import re

import pytest

from psso_sim.actors import Person
from psso_sim.company_portal import diagnostics
from psso_sim.company_portal.diagnostics import collect_bundle, new_incident_id
from psso_sim.macos.diagnostics import parse_platform_state
from psso_sim.world import World


def make_person(seed: int = 21, macos: int = 14) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    return Person(world, user, world.add_mac(macos=macos, owner=user))


def email_logs(person: Person) -> str:
    desktop = person.mac.desktop
    person.mac.open_app("Company Portal")
    desktop.navigate("Help > Send diagnostic report", "Company Portal")
    desktop.select("Email logs", "Send diagnostic report")
    (screen,) = desktop.screens("Send diagnostic report")
    match = re.search(r"Incident ID: (\w+)", "\n".join(screen.text))
    assert match, screen.describe()
    return match.group(1)


def test_the_incident_id_comes_from_the_seed() -> None:
    first = [new_incident_id(World(seed=4).runtime.seeds) for _ in range(2)]
    assert first[0] == first[1]
    assert re.fullmatch(r"[A-Z0-9]{8}", first[0])
    assert new_incident_id(World(seed=5).runtime.seeds) != first[0]
    assert email_logs(make_person(seed=9)) == email_logs(make_person(seed=9))


def test_the_help_menu_opens_the_report_window() -> None:
    person = make_person()
    desktop = person.mac.desktop
    person.mac.open_app("Company Portal")
    assert desktop.is_on_screen("Help", "Company Portal")
    assert not desktop.is_on_screen("Send diagnostic report", "Company Portal")
    desktop.select("Help", "Company Portal")
    assert desktop.is_on_screen("Send diagnostic report", "Company Portal")
    desktop.select("Send diagnostic report", "Company Portal")
    assert desktop.is_on_screen("Email logs", "Send diagnostic report")
    assert not desktop.is_on_screen("Send diagnostic report", "Company Portal")  # the menu closed
    desktop.select("Cancel", "Send diagnostic report")
    assert desktop.screens("Company Portal") and not person.world.diagnostics.incidents


def test_email_logs_uploads_the_state_of_a_registered_mac() -> None:
    person = make_person(macos=13)
    world, mac = person.world, person.mac
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        incident_id = email_logs(person)
    assert "POST https://diagnostics.manage.microsoft.com/incidents" in world.network.requests
    bundle = world.diagnostics.incident(incident_id).bundle
    registration = mac.platform_sso.registration
    assert registration is not None
    assert bundle["platformSSO"]["deviceId"] == registration.device_id
    assert bundle["platformSSO"]["registrationCompleted"] is True
    assert bundle["device"] == {"name": mac.name, "osVersion": "13.6.1", "serialNumber": mac.serial_number,
                                "udid": mac.udid}
    assert bundle["management"]["managedBy"] == "Contoso Labs"
    assert {"Management Profile", "Platform SSO"} <= set(bundle["management"]["profiles"])
    assert bundle["companyPortal"]["signedInUser"] == person.user.user_principal_name
    archived = parse_platform_state(bundle["appSsoPlatformState"])
    assert archived["Device Configuration"]["registrationCompleted"] is True
    assert any("registered with Entra" in line for line in bundle["recentLogs"])


def test_the_bundle_of_a_mac_without_platform_sso() -> None:
    person = make_person()
    bundle = collect_bundle(person.mac, "ABCD1234")
    assert bundle["platformSSO"]["registrationCompleted"] is False
    assert bundle["platformSSO"]["deviceId"] is None and bundle["platformSSO"]["tokenReceived"] is None
    assert bundle["management"] == {"enrolled": False, "supervised": False, "managedBy": None, "profiles": []}


def test_a_refused_upload_shows_no_incident_id(monkeypatch: pytest.MonkeyPatch) -> None:
    person = make_person()
    person.world.diagnostics.upload_logs("SAMEID00", "Company Portal", {})
    monkeypatch.setattr(diagnostics, "new_incident_id", lambda seeds: "SAMEID00")
    desktop = person.mac.desktop
    person.mac.open_app("Company Portal")
    desktop.navigate("Help > Send diagnostic report", "Company Portal")
    desktop.select("Email logs", "Send diagnostic report")
    assert desktop.shows_text("We couldn't send your logs (409)", "Send diagnostic report")
    assert not desktop.shows_text("Incident ID", "Send diagnostic report")
