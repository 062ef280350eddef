"""Command lines the Mac's tools refuse, as zsh, sudo, ls, killall, log, sysdiagnose and softwareupdate do, and
those the simulation does not run (NotSimulated, with a hint) (psso_sim.macos.terminal, .diagnostics,
.software_update)."""

from __future__ import annotations

import pytest

from psso_sim.macos.diagnostics import NotSimulated
from psso_sim.macos.mac import Mac
from psso_sim.world import World

EX_USAGE = 64


@pytest.fixture
def mac() -> Mac:
    return World(seed=101).add_mac()


@pytest.mark.parametrize(("line", "code", "stderr"), [
    ("ls /nowhere", 1, "ls: /nowhere: No such file or directory\n"),
    ("ls \\", 1, "zsh: parse error: No escaped character\n"),
    ("log show --predicate", EX_USAGE, "log: option '--predicate' requires an argument\n"),
    ("log show --json", EX_USAGE, "log: unrecognized option '--json'\n"),
    ("log config --subsystem com.apple.AppSSO", EX_USAGE, "log: config needs --status, --reset or --mode\n"),
    ("softwareupdate", EX_USAGE, "softwareupdate: unrecognized option '(no option)'\n"),
    ("softwareupdate --download", EX_USAGE, "softwareupdate: unrecognized option '--download'\n"),
])
def test_a_refused_command_line_says_why_as_the_tool_does(mac: Mac, line: str, code: int, stderr: str) -> None:
    result = mac.terminal.run(line)
    assert (result.exit_code, result.stderr.partition("usage:")[0]) == (code, stderr)


@pytest.mark.parametrize(("line", "code", "stderr"), [
    ("sudo", 1, "usage: sudo [-AbEHknPS] [-u user] command\n"),
    ("sudo sysdiagnose -f /tmp", EX_USAGE, "sysdiagnose: unsupported option '-f'\nusage: sudo sysdiagnose\n"),
])
def test_sudo_and_sysdiagnose_usage(mac: Mac, line: str, code: int, stderr: str) -> None:
    result = mac.terminal.run(line, password=mac.account.password)
    assert (result.exit_code, result.stderr) == (code, stderr)


@pytest.mark.parametrize(("line", "what"), [
    ("killall -9 swcd", "killall options are not simulated: -9 swcd"),
    ("sudo -u root ls", "sudo option '-u' is not simulated"),
    ("log show system_logs.logarchive", "log show reads only the Mac's own log, not an archive"),
    ("softwareupdate --install --all --restart", "softwareupdate --install without sudo asks for an administrator"),
    ("sudo softwareupdate --install --all", "an update that needs a restart is installed only with --restart"),
])
def test_what_the_simulation_does_not_run_is_said_with_a_hint(mac: Mac, line: str, what: str) -> None:
    with pytest.raises(NotSimulated, match=what) as raised:
        mac.terminal.run(line, password=mac.account.password)
    assert raised.value.hint


def test_log_show_with_info_debug_and_a_case_sensitive_contains(mac: Mac) -> None:
    mac.logging.error("AppSSODaemon", "Platform SSO Token refresh failed")
    found = mac.terminal.run("log show --info --predicate 'eventMessage CONTAINS \"refresh\"'")
    assert found.exit_code == 0 and "Token refresh failed" in found.stdout
    assert "Skipping info and debug messages" in found.stdout
    assert "Token refresh failed" not in mac.terminal.run(
        "log show --debug --predicate 'eventMessage CONTAINS \"REFRESH\"'").stdout
    assert "Skipping info" not in mac.terminal.run("log show --debug").stdout


def test_the_log_mode_status_names_a_stream_mode(mac: Mac) -> None:
    mac.terminal.run('sudo log config --mode "level:debug,persist:debug,stream:live" --subsystem com.apple.AppSSO',
                     password=mac.account.password)
    status = mac.terminal.run("log config --status --subsystem com.apple.AppSSO").stdout
    assert status.rstrip().endswith("DEBUG PERSIST_DEBUG STREAM_LIVE")


def test_a_password_with_no_sudo_waiting_and_a_closed_terminal(mac: Mac) -> None:
    assert mac.terminal.view() is None
    mac.open_app("Terminal")
    with pytest.raises(NotSimulated, match="no command is waiting for a password"):
        mac.terminal.type_password("secret")
    mac.terminal.type_command("ls \\")  # shlex cannot split it: no password is asked, zsh says why
    assert mac.terminal.transcript[-1] == "zsh: parse error: No escaped character"
