"""Terminal: the user types the guide's commands; Then-steps read what the tools printed and
what they wrote.

Source: MacOS Platform single sign-on known issues and troubleshooting > Report an issue, Contact us
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from pytest_bdd import then, when

from psso_sim.macos.diagnostics.app_sso import parse_platform_state
from psso_sim.macos.diagnostics.command import CommandResult
from psso_sim.macos.diagnostics.sysdiagnose import archive_path_in, read_archive
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


def _last(mac: Mac) -> CommandResult:
    result = mac.terminal.last_result
    assert result is not None, "no command has run in Terminal"
    return result


def _type(mac: Mac, command: str) -> None:
    if not mac.terminal.open:
        mac.open_app("Terminal")
    mac.desktop.enter("Command", command, "Terminal")


def _platform_state(mac: Mac) -> dict[str, Any]:
    return parse_platform_state(_last(mac).stdout)


def _archive(mac: Mac) -> dict[str, str]:
    path = archive_path_in(_last(mac).stdout)
    assert path is not None, f"the last command wrote no sysdiagnose archive:\n{_last(mac).output}"
    assert path in mac.files, f"{path} is not on the Mac; files: {sorted(mac.files)}"
    return read_archive(mac.files[path])


def _member(archive: dict[str, str], suffix: str) -> str:
    found = [text for name, text in archive.items() if name.endswith(suffix)]
    assert found, f"no {suffix} in the archive: {sorted(archive)}"
    return found[0]


@when(step_parser("the user runs `{command:Code}` in Terminal"))
def run_in_terminal(mac: Mac, command: str) -> None:
    """Type a command line at the zsh prompt and press Return.

    Example: When the user runs `app-sso platform -s` in Terminal
    """
    _type(mac, command)
    if mac.desktop.is_on_screen("Password", "Terminal"):
        pytest.fail("sudo asks for a password: use '... in Terminal and enters their local password'")


@when(step_parser("the user runs `{command:Code}` in Terminal and enters their local password"))
def run_in_terminal_with_password(mac: Mac, command: str) -> None:
    """Type a command line; when sudo asks for the password, type the local account's password.

    Example: When the user runs `sudo sysdiagnose` in Terminal and enters their local password
    """
    _type(mac, command)
    if mac.desktop.is_on_screen("Password", "Terminal"):
        mac.desktop.enter("Password", mac.account.password, "Terminal")


@then(step_parser("the command exits with status {status:Number}"))
def command_exit_status(mac: Mac, status: int) -> None:
    """The exit status of the last command.

    Example: Then the command exits with status 0
    """
    result = _last(mac)
    assert result.exit_code == status, f"exit status {result.exit_code}:\n{result.output}"


@then(step_parser("the command prints `{text:Code}`"))
def command_prints(mac: Mac, text: str) -> None:
    """The last command's output (standard output or error) contains this text.

    Example: Then the command prints `zsh: command not found: appsso`
    """
    result = _last(mac)
    assert text in result.output, f"{text!r} not in the output:\n{result.output}"


@then(step_parser('app-sso shows "{key:Label}" as `{value:Code}` in "{section:Label}"'))
def app_sso_value(mac: Mac, key: str, value: str, section: str) -> None:
    """A value of a section of ``app-sso platform -s``, written as JSON (true, "ES256").

    Example: Then app-sso shows "registrationCompleted" as `true` in "Device Configuration"
    """
    body = _platform_state(mac).get(section)
    assert isinstance(body, dict), f'"{section}" is {body!r}:\n{_last(mac).stdout}'
    assert key in body, f'"{section}" has no "{key}": {sorted(body)}'
    assert body[key] == json.loads(value), f'"{key}" is {json.dumps(body[key])}, not {value}'


@then(step_parser('app-sso shows the "{section:Label}" section empty'))
def app_sso_section_empty(mac: Mac, section: str) -> None:
    """A section of ``app-sso platform -s`` prints ``(null)``.

    Example: Then app-sso shows the "SSO Tokens" section empty
    """
    state = _platform_state(mac)
    assert section in state, f'no "{section}" section:\n{_last(mac).stdout}'
    assert state[section] is None, f'"{section}" is {state[section]!r}'


@then(step_parser("app-sso shows the device signing certificate Entra issued to the Mac"))
def app_sso_certificate(world: World, mac: Mac) -> None:
    """The certificate thumbprint app-sso prints is the one of the Mac's device object in Entra.

    Example: Then app-sso shows the device signing certificate Entra issued to the Mac
    """
    body = _platform_state(mac)["Device Configuration"]
    devices = [d for d in world.entra.directory.devices.values() if d.display_name == mac.name]
    assert devices, f"Entra has no device object for {mac.name}"
    assert body.get("deviceSigningCertificate") == devices[0].certificate_thumbprint, body


@then(step_parser("app-sso shows the user's Entra object ID as the uniqueIdentifier"))
def app_sso_unique_identifier(mac: Mac, person: Any) -> None:
    """User Configuration's uniqueIdentifier is the Entra user's object ID.

    Example: Then app-sso shows the user's Entra object ID as the uniqueIdentifier
    """
    body = _platform_state(mac)["User Configuration"]
    assert body and body.get("uniqueIdentifier") == person.user.object_id, body


@then(step_parser("app-sso shows when Entra issued the Mac's Primary Refresh Token and when it expires"))
def app_sso_token_times(world: World, mac: Mac) -> None:
    """SSO Tokens' Received and Expiration are the PRT's issue and expiry times in Entra.

    Example: Then app-sso shows when Entra issued the Mac's Primary Refresh Token and when it expires
    """
    tokens = _platform_state(mac)["SSO Tokens"]
    assert tokens, f"no SSO tokens:\n{_last(mac).stdout}"
    held = mac.platform_sso.tokens
    assert held is not None
    grant = world.entra.tokens.grants[held.prt]
    assert tokens["Received"] == f"{grant.issued_at:%Y-%m-%dT%H:%M:%SZ}", tokens
    expired = "Expired" if world.clock.now() >= grant.expires_at else "Not Expired"
    assert tokens["Expiration"] == f"{grant.expires_at:%Y-%m-%dT%H:%M:%SZ} ({expired})", tokens
    assert grant.expires_at - grant.issued_at == timedelta(days=14)


@then(step_parser("sysdiagnose wrote its archive under `{directory:Code}`, named with the simulated time"))
def sysdiagnose_archive_written(world: World, mac: Mac, directory: str) -> None:
    """The archive sysdiagnose printed exists on the Mac, in that directory, named with the time.

    Example: Then sysdiagnose wrote its archive under `/private/var/tmp/`, named with the simulated time
    """
    path = archive_path_in(_last(mac).stdout)
    assert path is not None and path in mac.files, f"no archive: {_last(mac).output}"
    assert path.startswith(directory), f"{path} is not under {directory}"
    assert f"sysdiagnose_{world.clock.now():%Y.%m.%d_%H-%M-%S}" in path, path


@then(step_parser("the sysdiagnose archive records the AppSSO log mode `{mode:Code}`"))
def sysdiagnose_log_mode(mac: Mac, mode: str) -> None:
    """The archive's AppSSO log configuration is this mode.

    Example: Then the sysdiagnose archive records the AppSSO log mode `DEBUG PERSIST_DEBUG`
    """
    text = _member(_archive(mac), "log_config.txt")
    assert text.strip().endswith(mode), text


@then(step_parser("the sysdiagnose archive holds AppSSO debug messages for the requests to Entra ID"))
def sysdiagnose_debug_messages(mac: Mac) -> None:
    """The persisted AppSSO log holds debug messages for Platform SSO's requests to Entra.

    Example: Then the sysdiagnose archive holds AppSSO debug messages for the requests to Entra ID
    """
    log = _member(_archive(mac), "AppSSO.log")
    debug = [line for line in log.splitlines() if " Debug " in line and "login.microsoftonline.com" in line]
    assert debug, f"no AppSSO debug messages for Entra requests:\n{log}"


@then(step_parser('the archived app-sso state shows "{key:Label}" as `{value:Code}` in "{section:Label}"'))
def sysdiagnose_app_sso_state(mac: Mac, key: str, value: str, section: str) -> None:
    """The archive's copy of ``app-sso platform -s`` has this value.

    Example: Then the archived app-sso state shows "registrationCompleted" as `true` in "Device Configuration"
    """
    state = parse_platform_state(_member(_archive(mac), "platform_state.txt"))
    body = state.get(section)
    assert isinstance(body, dict) and body.get(key) == json.loads(value), f'"{section}": {body!r}'


@then(step_parser("app-sso shows the Mac's SSO tokens at the bottom of its output"))
def app_sso_tokens_at_bottom(mac: Mac) -> None:
    """The last section of ``app-sso platform -s`` is SSO Tokens, and it holds the Mac's PRT times.

    Source: Join a Mac device > Check your device registration status ("the bottom of the output")
    Example: Then app-sso shows the Mac's SSO tokens at the bottom of its output
    """
    state = _platform_state(mac)
    assert list(state)[-1] == "SSO Tokens", f"the last section is {list(state)[-1]!r}"
    assert state["SSO Tokens"], f"no SSO tokens:\n{_last(mac).stdout}"


@then(step_parser("the sysdiagnose archive's AppSSO log holds `{text:Code}`"))
def sysdiagnose_log_holds(mac: Mac, text: str) -> None:
    """The persisted AppSSO log the archive collected contains this text.

    Source: Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia ("Sysdiagnose logs ...")
    Example: Then the sysdiagnose archive's AppSSO log holds `Error deserializing device config.`
    """
    log = _member(_archive(mac), "AppSSO.log")
    assert text in log, f"{text!r} not in the AppSSO log:\n{log}"
