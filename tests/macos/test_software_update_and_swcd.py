"""Software Update and the point releases of the macOS rows (psso_sim.macos.software_update); swcd and
Apple's associated-domains CDN (psso_sim.macos.associated_domains, psso_sim.apple_cdn); log show."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.apple_cdn import CDN_HOST, cdn_on
from psso_sim.macos.associated_domains import sso_extension_activated, swcd
from psso_sim.macos.diagnostics.log_show import HEADER
from psso_sim.macos.software_update import (
    SoftwareUpdateError,
    available_update,
    build_of,
    in_range,
    install,
    version_key,
)
from psso_sim.product import MACOS
from psso_sim.world import World

PLUG_IN = "UBF8T346G9.com.microsoft.CompanyPortalMac.ssoextension"


def registered(version: str = "14.1.1", seed: int = 21) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=int(version.split(".")[0]), owner=user, os_version=version))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    return person


def test_versions_compare_as_numbers_and_bad_ones_are_named() -> None:
    assert version_key("15.3") == (15, 3, 0) < version_key("15.10") == (15, 10, 0)
    assert in_range("15.1.1", ("15.0", "15.2")) and not in_range("15.3", ("15.0", "15.2"))
    assert not in_range("15.1", None)
    with pytest.raises(SoftwareUpdateError, match="'fifteen' is not a macOS version") as raised:
        version_key("fifteen")
    assert raised.value.hint == "write it as Apple does, e.g. 15.3"


def test_every_row_lists_its_default_build_and_the_known_issue_range_is_15_0_to_15_2() -> None:
    for release in MACOS.values():
        assert release.os_version in dict(release.builds), release.title
        versions = [version_key(version) for version, _ in release.builds]
        assert versions == sorted(versions), release.title
    assert MACOS[15].device_configuration_race == ("15.0", "15.2")
    assert MACOS[13].device_configuration_race is None and MACOS[14].device_configuration_race is None


def test_install_moves_the_mac_to_the_new_build_and_restarts_it() -> None:
    person = registered("14.1.1")
    mac = person.mac
    assert available_update(mac) == "14.2.1" and build_of(mac) == "23B81"
    install(mac, "14.2")
    assert mac.os_version == "14.2" and build_of(mac) == "23C64"
    assert not mac.account.signed_in and mac.desktop.is_on_screen("Log In")
    with pytest.raises(SoftwareUpdateError, match=re.escape("already runs macOS 14.2, not older than 14.1")):
        install(mac, "14.1")
    with pytest.raises(SoftwareUpdateError, match=re.escape("no macOS 15.3 update for macOS 14 Sonoma")) as raised:
        install(mac, "15.3")
    assert raised.value.hint is not None and "14.2.1" in raised.value.hint


def test_softwareupdate_lists_and_installs_the_latest_point_release() -> None:
    person = registered("15.1")
    mac, terminal = person.mac, person.mac.terminal
    listed = terminal.run("softwareupdate --list")
    assert listed.ok and "* Label: macOS Sequoia 15.3-24D60\n" in listed.stdout
    assert "Title: macOS Sequoia 15.3, Version: 15.3," in listed.stdout
    wrong = terminal.run('sudo softwareupdate --install "macOS Sequoia 15.4-24E248" --restart',
                         password=mac.account.password)
    assert wrong.exit_code == 1 and "No such update" in wrong.stdout and mac.os_version == "15.1"
    done = terminal.run("sudo softwareupdate --install --all --restart", password=mac.account.password)
    assert done.ok and done.stdout.endswith("Restarting...\n") and mac.os_version == "15.3"
    assert "No new software available." in terminal.run("softwareupdate -l").stdout


def test_the_plug_in_is_approved_from_the_cdn_over_http_once_a_build() -> None:
    person = registered("14.1.1")
    mac, world = person.mac, person.world
    assert sso_extension_activated(mac)
    fetched = [line for line in world.network.requests if CDN_HOST in line]
    assert fetched == [f"GET https://{CDN_HOST}/a/v1/login.microsoftonline.com"]
    row = swcd(mac).database[(PLUG_IN, "login.microsoftonline.com")]
    assert row.approved and row.checked_on == "14.1.1"
    assert sso_extension_activated(mac)
    assert len([line for line in world.network.requests if CDN_HOST in line]) == 1  # answered from the database


def test_after_an_update_swcd_answers_no_row_until_its_database_is_reset() -> None:
    person = registered("14.1.1")
    mac = person.mac
    assert sso_extension_activated(mac)
    install(mac, "14.2.1")
    mac.sign_in(mac.account.password)
    assert not sso_extension_activated(mac)
    pid = swcd(mac).pid
    killed = mac.terminal.run("sudo killall swcd", password=mac.account.password)
    assert killed.ok and killed.output == "" and swcd(mac).pid == pid + 1
    assert not sso_extension_activated(mac)  # a new process, the same database
    reset = mac.terminal.run("sudo swcutil reset")  # sudo remembers the password
    assert reset.ok and swcd(mac).database == {}
    assert sso_extension_activated(mac)
    assert swcd(mac).database[(PLUG_IN, "login.microsoftonline.com")].checked_on == "14.2.1"


def test_a_domain_the_cdn_has_no_file_for_approves_nothing() -> None:
    person = registered("14.1.1")
    mac = person.mac
    cdn_on(mac.runtime.network, mac.runtime.trace).files.pop("login.microsoftonline.com")
    assert not sso_extension_activated(mac)
    assert not swcd(mac).database[(PLUG_IN, "login.microsoftonline.com")].approved
    assert not person.world.network.unexpected  # the CDN answered, with a 404


def test_killall_and_swcutil_answer_as_the_tools_do() -> None:
    mac = registered("14.1.1").mac
    terminal = mac.terminal
    assert terminal.run("killall swdc").output == "No matching processes belonging to you were found\n"
    assert terminal.run("killall").output.startswith("usage: killall")
    assert terminal.run("swcutil reset").output == "swcutil: reset must be run as root\n"
    assert terminal.run("swcutil").exit_code == 64
    assert terminal.run("sudo swcutil reset now", password=mac.account.password).exit_code == 64


def test_log_show_filters_by_predicate_time_and_level() -> None:
    person = registered("15.1")
    mac, world = person.mac, person.world
    mac.logging.error("AppSSODaemon", "something failed")
    every = mac.terminal.run("log show")
    assert every.ok and HEADER in every.stdout and "Skipping info and debug messages" in every.stdout
    assert "Error       0x0" in every.stdout and "AppSSODaemon: (com.apple.AppSSO) something failed" in every.stdout
    only = mac.terminal.run("log show --predicate 'process == \"AppSSODaemon\"'")
    assert only.stdout.count("\n2023-") == 1 and "Error:          1" in only.stdout
    contains = mac.terminal.run("log show --predicate 'eventMessage CONTAINS[c] \"SOMETHING\" AND subsystem == "
                                "\"com.apple.AppSSO\"'")
    assert "something failed" in contains.stdout
    other = mac.terminal.run("log show --predicate 'subsystem == \"com.apple.ManagedClient\"'")
    assert "something failed" not in other.stdout
    world.advance(timedelta(hours=2))
    assert "something failed" not in mac.terminal.run("log show --last 1h").stdout
    assert "something failed" in mac.terminal.run("log show --last 3h").stdout
    assert mac.terminal.run("log show --last soon").exit_code == 64
    assert mac.terminal.run("log show --predicate 'messageType == 16'").exit_code == 64
