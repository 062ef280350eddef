"""Terminal: a zsh prompt where the user types the guide's diagnostic commands.

``run`` is the shell: it splits the line as zsh would (``shlex`` in POSIX mode; an unbalanced
quote fails with ``zsh: unmatched "``, exit 1), handles ``sudo`` (the local password, remembered
for ``SUDO_TIMEOUT`` of simulated time), and runs the Mac's simulated tools: ``app-sso``,
``log`` (config and show), ``sysdiagnose``, ``ls``, ``killall``, ``swcutil``, ``softwareupdate`` and
``sc_auth``. Anything else is ``zsh: command not found``, exit 127. The Terminal window (a surface)
types a line and, when sudo asks, the password.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.macos.associated_domains import swcd, swcutil_command
from psso_sim.macos.diagnostics.app_sso import app_sso_command
from psso_sim.macos.diagnostics.command import Command, CommandResult, NotSimulated
from psso_sim.macos.diagnostics.log_show import log_show
from psso_sim.macos.diagnostics.sysdiagnose import ARCHIVE_DIRECTORY, sysdiagnose_command
from psso_sim.macos.diagnostics.unified_log import log_command
from psso_sim.macos.smart_card import sc_auth_command
from psso_sim.macos.software_update import softwareupdate_command
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["COMMANDS", "SUDO_TIMEOUT", "CommandResult", "Terminal", "unmatched_quote"]

SUDO_TIMEOUT = timedelta(minutes=5)  # sudo's default timestamp_timeout
_OPERATORS = frozenset({"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"})
_SHOWN_LINES = 40


def ls_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    directories = [a for a in args if not a.startswith("-")] or ["~"]
    out, err, code = "", "", 0
    for directory in directories:
        folder = directory.rstrip("/")
        names = sorted(path[len(folder) + 1:] for path in mac.files if path.rpartition("/")[0] == folder)
        if names or folder in (ARCHIVE_DIRECTORY, "~"):
            out += "".join(f"{name}\n" for name in names)
        else:
            err += f"ls: {directory}: No such file or directory\n"
            code = 1
    return CommandResult(code, out, err)


# Processes of the Mac whose end is not modelled: killing one is a scenario the simulation cannot run.
_UNMODELLED_PROCESSES = frozenset({"AppSSOAgent", "AppSSODaemon", "Company Portal", "Finder", "Dock", "Safari",
                                   "Terminal", "cfprefsd", "softwareupdated", "loginwindow"})
_KILLALL_USAGE = "usage: killall [-delmsvqz] [-help] [-I] [-u user] [-t tty] [-c cmd] [-SIGNAL] [cmd]...\n"


def killall_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``killall NAME...``: only swcd's end is modelled (launchd starts it again)."""
    if any(arg.startswith("-") for arg in args):
        raise NotSimulated(f"killall options are not simulated: {' '.join(args)}", hint="killall <name>")
    if not args:
        return CommandResult(1, "", _KILLALL_USAGE)
    unmodelled = [name for name in args if name in _UNMODELLED_PROCESSES]
    if unmodelled:
        raise NotSimulated(f"ending {unmodelled[0]!r} is not simulated", hint="simulated: killall swcd")
    if "swcd" not in args:
        mine = "" if root else " belonging to you"
        return CommandResult(1, "", f"No matching processes{mine} were found\n")
    swcd(mac).restart()
    return CommandResult(0)


def log_dispatch(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``log show`` reads the log; ``log config`` configures it."""
    if args and args[0] == "show":
        return log_show(mac, args[1:])
    return log_command(mac, args, root)


COMMANDS: dict[str, Command] = {
    "app-sso": app_sso_command,
    "log": log_dispatch,
    "sysdiagnose": sysdiagnose_command,
    "ls": ls_command,
    "killall": killall_command,
    "swcutil": swcutil_command,
    "softwareupdate": softwareupdate_command,
    "sc_auth": sc_auth_command,  # the smart card pairing (psso_sim.macos.smart_card)
}


def unmatched_quote(line: str) -> str | None:
    """The quote character left open at the end of ``line``, as zsh reads it, or None."""
    quote: str | None = None
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif quote == "'":
            quote = None if char == "'" else quote
        elif char == "\\":
            escaped = True
        elif quote == '"':
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
    return quote


class Terminal:
    name = "Terminal"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.open = False
        self.transcript: list[str] = []
        self.results: list[tuple[str, CommandResult]] = []
        self._pending: str | None = None  # a sudo line waiting for its password
        self._sudo_until: datetime | None = None

    @property
    def prompt(self) -> str:
        host = self._mac.name.replace("'", "").replace(" ", "-")
        return f"{self._mac.account.short_name}@{host} ~ % "

    @property
    def last_result(self) -> CommandResult | None:
        return self.results[-1][1] if self.results else None

    def launch(self) -> None:
        self.open = True
        self._mac.desktop.show(self)

    def quit(self) -> None:
        self.open = False
        self._pending = None
        self._sudo_until = None  # a new login session asks for the sudo password again
        self._mac.desktop.close(self)

    def view(self) -> View | None:
        if not self.open:
            return None
        lines = self.transcript[-_SHOWN_LINES:]
        if self._pending is not None:
            return view(self.name, "Terminal — zsh", text=lines, fields={"Password": self.type_password})
        return view(self.name, "Terminal — zsh", text=[*lines, self.prompt],
                    fields={"Command": self.type_command})

    def type_command(self, line: str) -> None:
        """The user types a line and presses Return."""
        self.transcript.append(self.prompt + line)
        if self._asks_password(line):
            self._pending = line
            self.transcript.append("Password:")
            return
        self._show(line, self.run(line))

    def type_password(self, password: str) -> None:
        """The user types the password sudo asked for (it is not echoed)."""
        line, self._pending = self._pending, None
        if line is None:
            raise NotSimulated("no command is waiting for a password", hint="type a sudo command first")
        self._show(line, self.run(line, password=password))

    def run(self, line: str, *, password: str | None = None) -> CommandResult:
        """Run one command line; ``password`` is what the user types if sudo asks for one."""
        quote = unmatched_quote(line)
        if quote is not None:
            return CommandResult(1, "", f"zsh: unmatched {quote}\n")
        try:
            words = shlex.split(line, posix=True)
        except ValueError as error:  # shlex's last word: a trailing backslash
            return CommandResult(1, "", f"zsh: parse error: {error}\n")
        if not words:
            return CommandResult(0)
        operators = [word for word in words if word in _OPERATORS]
        if operators:
            raise NotSimulated(f"shell operator {operators[0]!r} in {line!r}", hint="one command per line")
        root = False
        if words[0] == "sudo":
            refused = self._sudo(words, password)
            if refused is not None:
                return refused
            words, root = words[1:], True
            if words[0] not in COMMANDS:
                return CommandResult(1, "", f"sudo: {words[0]}: command not found\n")
        program = COMMANDS.get(words[0])
        if program is None:
            return CommandResult(127, "", f"zsh: command not found: {words[0]}\n")
        return program(self._mac, words[1:], root)

    def _sudo(self, words: Sequence[str], password: str | None) -> CommandResult | None:
        if len(words) == 1:
            return CommandResult(1, "", "usage: sudo [-AbEHknPS] [-u user] command\n")
        if words[1].startswith("-"):
            raise NotSimulated(f"sudo option {words[1]!r} is not simulated", hint="use: sudo <command>")
        now = self._mac.runtime.clock.now()
        if self._sudo_until is not None and now < self._sudo_until:
            self._sudo_until = now + SUDO_TIMEOUT
            return None
        if password is None:
            return CommandResult(1, "", "sudo: a password is required\n")
        if not self._mac.account.verify(password):
            return CommandResult(1, "", "Sorry, try again.\nsudo: 1 incorrect password attempt\n")
        self._sudo_until = now + SUDO_TIMEOUT
        return None

    def _asks_password(self, line: str) -> bool:
        if unmatched_quote(line) is not None:
            return False
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            return False
        now = self._mac.runtime.clock.now()
        cached = self._sudo_until is not None and now < self._sudo_until
        return len(words) > 1 and words[0] == "sudo" and not words[1].startswith("-") and not cached

    def _show(self, line: str, result: CommandResult) -> None:
        self.results.append((line, result))
        self.transcript += result.output.splitlines()
