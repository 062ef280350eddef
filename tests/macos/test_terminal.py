"""Terminal and the diagnostic tools: app-sso follows the Mac's state; command lines fail as zsh,
sudo, log or sysdiagnose would; sysdiagnose archives the state and the AppSSO log mode."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.entra.tokens import PRT_LIFETIME
from psso_sim.macos.diagnostics import APPSSO_SUBSYSTEM, NotSimulated, parse_platform_state, read_archive
from psso_sim.macos.diagnostics.sysdiagnose import archive_path_in
from psso_sim.macos.diagnostics.unified_log import LogMode, LogModeError, parse_mode
from psso_sim.macos.mac import Mac
from psso_sim.macos.terminal import SUDO_TIMEOUT, unmatched_quote
from psso_sim.world import World

DEBUG_MODE = 'sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSSO'


def make_person(seed: int = 5, macos: int = 14, *, psso: bool = True) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    if psso:
        world.target_platform_sso()
    return Person(world, user, world.add_mac(macos=macos, owner=user))


def state(mac: Mac) -> dict[str, object]:
    result = mac.terminal.run("app-sso platform -s")
    assert result.exit_code == 0, result.output
    return parse_platform_state(result.stdout)


@pytest.fixture
def person() -> Person:
    return make_person()


@pytest.fixture
def mac(person: Person) -> Mac:
    return person.mac


@pytest.mark.parametrize("macos", [13, 14])
def test_app_sso_output_changes_with_the_state_of_platform_sso(macos: int) -> None:
    person = make_person(macos=macos)
    mac, world = person.mac, person.world
    with world.frozen_time():
        nothing = state(mac)
        assert nothing == dict.fromkeys(("Device Configuration", "Login Configuration", "User Configuration",
                                         "SSO Tokens"))

        person.enroll_with_company_portal()
        configured = state(mac)
        device = configured["Device Configuration"]
        assert isinstance(device, dict)
        assert device["registrationCompleted"] is False and device["loginType"] == "POLoginTypePassword (1)"
        assert device["sharedDeviceKeys"] is (macos == 14)
        assert configured["Login Configuration"] is None and configured["SSO Tokens"] is None

        person.register_with_company_portal()
        registered = state(mac)
        device = registered["Device Configuration"]
        assert isinstance(device, dict) and device["registrationCompleted"] is True
        assert mac.platform_sso.registration is not None
        assert device["deviceSigningCertificate"] == mac.platform_sso.registration.certificate_thumbprint
        login = registered["Login Configuration"]
        assert isinstance(login, dict)
        assert login["issuer"] == world.entra.tokens.issuer
        assert login["tokenEndpointURL"].endswith("/oauth2/v2.0/token")
        user = registered["User Configuration"]
        assert isinstance(user, dict)
        assert user["state"] == "POUserStateNormal (0)" and user["uniqueIdentifier"] == person.user.object_id
        now = world.clock.now()
        assert registered["SSO Tokens"] == {
            "Received": f"{now:%Y-%m-%dT%H:%M:%SZ}",
            "Expiration": f"{now + PRT_LIFETIME:%Y-%m-%dT%H:%M:%SZ} (Not Expired)",
        }
        assert user["lastLoginDate"] == f"{now:%Y-%m-%dT%H:%M:%SZ}"


def test_app_sso_shows_a_login_that_failed_and_tokens_that_expired(person: Person) -> None:
    mac, world = person.mac, person.world
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        received = mac.platform_sso.tokens
        assert received is not None
        mac.platform_sso.login(person.user.user_principal_name, "not the password")
        user = state(mac)["User Configuration"]
        assert isinstance(user, dict) and user["state"] == "POUserStateLoginNeeded (1)"
        mac.platform_sso.tokens = type(received)(received.prt, received.received, world.clock.now())
        tokens = state(mac)["SSO Tokens"]
        assert isinstance(tokens, dict) and tokens["Expiration"].endswith("(Expired)")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (DEBUG_MODE + '"', 'zsh: unmatched "\n'),
        ("echo 'it''s", "zsh: unmatched '\n"),
        ('app-sso platform -s "', 'zsh: unmatched "\n'),
    ],
)
def test_an_unbalanced_quote_fails_as_zsh_does(mac: Mac, line: str, message: str) -> None:
    result = mac.terminal.run(line, password=mac.account.password)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_quotes_that_balance_are_not_unmatched() -> None:
    assert unmatched_quote(DEBUG_MODE) is None
    assert unmatched_quote(r'echo "a \" b"') is None
    assert unmatched_quote("echo 'a \" b'") is None
    assert unmatched_quote(DEBUG_MODE + '"') == '"'


def test_unknown_commands_fail_as_zsh_and_sudo_do(mac: Mac) -> None:
    result = mac.terminal.run("appsso platform -s")
    assert (result.exit_code, result.stderr) == (127, "zsh: command not found: appsso\n")
    result = mac.terminal.run("sudo appsso", password=mac.account.password)
    assert (result.exit_code, result.stderr) == (1, "sudo: appsso: command not found\n")
    assert mac.terminal.run("").exit_code == 0


def test_what_the_simulation_does_not_model_is_an_error_not_an_answer(mac: Mac) -> None:
    with pytest.raises(NotSimulated, match="shell operator '\\|'"):
        mac.terminal.run("app-sso platform -s | grep Device")
    with pytest.raises(NotSimulated, match="log stream"):
        mac.terminal.run("log stream --level debug")
    with pytest.raises(NotSimulated, match="--style json"):
        mac.terminal.run("log show --style json")
    with pytest.raises(NotSimulated, match="swcutil show"):
        mac.terminal.run("swcutil show")
    with pytest.raises(NotSimulated, match="ending 'AppSSOAgent'"):
        mac.terminal.run("killall AppSSOAgent")


def test_app_sso_usage_errors(mac: Mac) -> None:
    result = mac.terminal.run("app-sso platfrom -s")
    assert result.exit_code == 64 and result.stderr.startswith("app-sso: unknown command: platfrom")
    result = mac.terminal.run("app-sso platform -x")
    assert result.exit_code == 64 and "unrecognized option for platform: -x" in result.stderr


def test_sudo_asks_for_the_local_password_and_remembers_it_for_five_minutes(person: Person) -> None:
    mac, world = person.mac, person.world
    terminal = mac.terminal
    assert terminal.run("sudo sysdiagnose").stderr == "sudo: a password is required\n"
    wrong = terminal.run("sudo sysdiagnose", password="wrong")
    assert wrong.exit_code == 1 and wrong.stderr.startswith("Sorry, try again.")
    assert terminal.run("sudo sysdiagnose", password=mac.account.password).ok
    world.advance(SUDO_TIMEOUT - timedelta(seconds=1))
    assert terminal.run("sudo sysdiagnose").ok  # still remembered (and the timer starts again)
    world.advance(SUDO_TIMEOUT)
    assert terminal.run("sudo sysdiagnose").stderr == "sudo: a password is required\n"


def test_the_terminal_window_asks_for_the_sudo_password(mac: Mac) -> None:
    mac.open_app("Terminal")
    mac.desktop.enter("Command", DEBUG_MODE, "Terminal")
    assert mac.desktop.is_on_screen("Password", "Terminal")
    assert mac.desktop.shows_text("Password:", "Terminal")
    mac.desktop.enter("Password", mac.account.password, "Terminal")
    assert mac.terminal.last_result is not None and mac.terminal.last_result.ok
    assert mac.desktop.is_on_screen("Command", "Terminal")
    assert mac.account.password not in "\n".join(mac.terminal.transcript)
    mac.desktop.enter("Command", "log config --status --subsystem com.apple.AppSSO", "Terminal")
    assert mac.desktop.shows_text("Mode for 'com.apple.AppSSO'  DEBUG PERSIST_DEBUG", "Terminal")


def test_log_config_sets_shows_and_resets_a_subsystem_mode(mac: Mac) -> None:
    run = mac.terminal.run
    assert run("log config --status --subsystem com.apple.AppSSO").stdout == (
        "Mode for 'com.apple.AppSSO'  DEFAULT PERSIST_DEFAULT\n"
    )
    assert run(DEBUG_MODE, password=mac.account.password).ok
    assert mac.logging.mode(APPSSO_SUBSYSTEM) == LogMode("debug", "debug")
    assert mac.logging.mode("com.apple.securityd") == LogMode()
    assert run("sudo log config --reset --subsystem com.apple.AppSSO").ok
    assert mac.logging.mode(APPSSO_SUBSYSTEM) == LogMode()


@pytest.mark.parametrize(
    ("line", "code", "message"),
    [
        ('sudo log config --mode "level:debug" --subsystem com.apple.AppSS0', 1,
         "log: unknown subsystem 'com.apple.AppSS0'\n"),
        ('sudo log config --mode "level:verbose" --subsystem com.apple.AppSSO', 1,
         "log: invalid mode 'level:verbose': level must be one of off, default, info, debug\n"),
        ('sudo log config --mode "colour:debug" --subsystem com.apple.AppSSO', 1,
         "log: invalid mode 'colour:debug': unknown key 'colour' (known: level, persist, stream)\n"),
        ("sudo log config --mode level --subsystem com.apple.AppSSO", 1,
         "log: invalid mode 'level': expected <key>:<value>, such as level:debug\n"),
        ("sudo log config --subsystem", 64, "log: option '--subsystem' requires an argument\n"),
        ("sudo log config --verbose", 64, "log: unrecognized option '--verbose'\n"),
        ('sudo log config --reset --mode "level:debug"', 64, "log: --reset cannot be combined with --mode\n"),
        ('log config --mode "level:debug" --subsystem com.apple.AppSSO', 1,
         "log: Must be root to run 'config' command\n"),
    ],
)
def test_log_config_refuses_what_the_tool_refuses(mac: Mac, line: str, code: int, message: str) -> None:
    result = mac.terminal.run(line, password=mac.account.password)
    assert (result.exit_code, result.stderr) == (code, message)
    assert mac.logging.mode(APPSSO_SUBSYSTEM) == LogMode()


def test_parse_mode() -> None:
    assert parse_mode("level:debug,persist:debug") == {"level": "debug", "persist": "debug"}
    assert parse_mode("stream:live") == {"stream": "live"}
    with pytest.raises(LogModeError, match="persist must be one of"):
        parse_mode("persist:everything")


def test_sysdiagnose_writes_a_named_archive_of_the_state(person: Person) -> None:
    mac, world = person.mac, person.world
    with world.frozen_time():
        person.enroll_with_company_portal()
        assert mac.terminal.run("sysdiagnose").stderr.startswith("sysdiagnose: must be run as root")
        result = mac.terminal.run("sudo sysdiagnose", password=mac.account.password)
        assert result.ok
        path = archive_path_in(result.stdout)
        assert path == (f"/private/var/tmp/sysdiagnose_{world.clock.now():%Y.%m.%d_%H-%M-%S}+0000"
                        "_macOS_MacBookPro18,3_23B81.tar.gz")
        archive = read_archive(mac.files[path])
        names = {name.split("/", 1)[1] for name in archive}
        assert names == {"SystemVersion.txt", "app-sso/platform_state.txt", "logs/AppSSO/log_config.txt",
                         "logs/AppSSO/AppSSO.log", "profiles.txt"}
        text = {name.split("/", 1)[1]: body for name, body in archive.items()}
        assert parse_platform_state(text["app-sso/platform_state.txt"]) == state(mac)
        assert "Platform SSO" in text["profiles.txt"]
        assert text["logs/AppSSO/log_config.txt"].endswith("DEFAULT PERSIST_DEFAULT\n")
        assert mac.terminal.run("ls /private/var/tmp").stdout == path.rpartition("/")[2] + "\n"


def test_appsso_debug_messages_are_kept_only_while_debug_logging_is_on(person: Person) -> None:
    mac, world = person.mac, person.world
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()  # debug logging off: nothing kept
        assert mac.logging.debug_entries == []
        password = mac.account.password  # the Entra password, since password sync
        assert mac.terminal.run(DEBUG_MODE, password=password).ok
        assert mac.platform_sso.login(person.user.user_principal_name, person.entra_password)
        kept = len(mac.logging.debug_entries)
        assert kept == 2  # the nonce request and the login, both to the token endpoint
        assert mac.terminal.run("sudo log config --reset --subsystem com.apple.AppSSO", password=password).ok
        mac.platform_sso.login(person.user.user_principal_name, person.entra_password)
        assert len(mac.logging.debug_entries) == kept
        path = archive_path_in(mac.terminal.run("sudo sysdiagnose", password=password).stdout)
        assert path is not None
        archive = read_archive(mac.files[path])
        log = next(body for name, body in archive.items() if name.endswith("AppSSO.log"))
        assert sum(" Debug " in line for line in log.splitlines()) == kept


def test_the_same_seed_gives_the_same_archive() -> None:
    archives = []
    for _ in range(2):
        person = make_person(seed=8)
        with person.world.frozen_time():
            person.enroll_with_company_portal()
            result = person.mac.terminal.run("sudo sysdiagnose", password=person.mac.account.password)
            path = archive_path_in(result.stdout)
            assert path is not None
            archives.append(person.mac.files[path])
    assert archives[0] == archives[1]
