"""Apple's unified logging, as far as the guide needs it: per-subsystem modes set with
``log config``, and the AppSSO messages a sysdiagnose collects.

``sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSSO`` makes the
Mac keep AppSSO's debug messages (here: each request Platform SSO makes to Entra) from then on;
``--reset`` returns the subsystem to its defaults, which keep only default-level messages. The
real ``log`` accepts any subsystem name; the simulation knows the subsystems present on the
Mac, so that a mistyped name fails with a message instead of configuring nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

import httpx

from psso_sim.errors import SimError
from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult, NotSimulated

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = [
    "APPSSO_SUBSYSTEM",
    "KNOWN_SUBSYSTEMS",
    "LEVELS",
    "LogMode",
    "LogModeError",
    "UnifiedLogging",
    "log_command",
    "parse_mode",
]

APPSSO_SUBSYSTEM = "com.apple.AppSSO"
KNOWN_SUBSYSTEMS = frozenset({
    APPSSO_SUBSYSTEM,
    "com.apple.AuthenticationServices",
    "com.apple.ManagedClient",
    "com.apple.opendirectoryd",
    "com.apple.securityd",
    "com.microsoft.CompanyPortalMac",
    "com.microsoft.CompanyPortalMac.ssoextension",
})
LEVELS = ("off", "default", "info", "debug")  # each level includes the ones before it
_MODE_VALUES = {"level": LEVELS, "persist": LEVELS, "stream": ("default", "live")}
# Platform SSO's traffic: what AppSSO logs at debug level.
_APPSSO_HOSTS = frozenset({"login.microsoftonline.com", "enterpriseregistration.windows.net"})
SYSTEM = "system"


class LogModeError(SimError):
    subsystem = "macos"


@dataclass(frozen=True)
class LogMode:
    level: str = "default"
    persist: str = "default"
    stream: str = "default"

    def keeps(self, level: str) -> bool:
        """Whether a message at ``level`` is persisted (and so reaches a sysdiagnose)."""
        return self.persist != "off" and LEVELS.index(level) <= LEVELS.index(self.persist)

    def describe(self) -> str:
        """As ``log config --status`` prints it: ``DEBUG PERSIST_DEBUG``."""
        words = [self.level.upper(), f"PERSIST_{self.persist.upper()}"]
        if self.stream != "default":
            words.append(f"STREAM_{self.stream.upper()}")
        return " ".join(words)


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    level: str  # default, info, debug, or error (errors are always persisted)
    message: str
    process: str = ""  # the process that logged it, e.g. AppSSODaemon; empty: the Mac's own trace

    def __str__(self) -> str:
        source = f"{self.process}: " if self.process else ""
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.level.capitalize():<7} {APPSSO_SUBSYSTEM}: {source}{self.message}"


def parse_mode(text: str) -> dict[str, str]:
    """``"level:debug,persist:debug"`` as a dict; LogModeError naming the bad part."""
    changes: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = (piece.strip() for piece in part.partition(":"))
        if not sep or not value:
            raise LogModeError(f"invalid mode '{part}': expected <key>:<value>, such as level:debug")
        if key not in _MODE_VALUES:
            raise LogModeError(f"invalid mode '{part}': unknown key '{key}' (known: level, persist, stream)")
        if value not in _MODE_VALUES[key]:
            raise LogModeError(f"invalid mode '{part}': {key} must be one of {', '.join(_MODE_VALUES[key])}")
        changes[key] = value
    return changes


class UnifiedLogging:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self._modes: dict[str, LogMode] = {}
        self.debug_entries: list[LogEntry] = []
        self.error_entries: list[LogEntry] = []  # errors a process logged (persisted whatever the mode)
        mac.http.event_hooks["response"].append(self._on_response)

    def mode(self, subsystem: str = SYSTEM) -> LogMode:
        return self._modes.get(subsystem, LogMode())

    def configure(self, subsystem: str, changes: dict[str, str]) -> LogMode:
        mode = replace(self.mode(subsystem), **changes)
        self._modes[subsystem] = mode
        self._mac.runtime.trace.record(self._mac.name, f"log mode for {subsystem}: {mode.describe()}")
        return mode

    def reset(self, subsystem: str) -> LogMode:
        self._modes.pop(subsystem, None)
        self._mac.runtime.trace.record(self._mac.name, f"log mode for {subsystem} reset")
        return self.mode(subsystem)

    def error(self, process: str, message: str) -> None:
        """``process`` logs an error in AppSSO's subsystem (persisted at any log mode, as errors are)."""
        self.error_entries.append(LogEntry(self._mac.runtime.clock.now(), "error", message, process))
        self._mac.runtime.trace.record(self._mac.name, f"{process} logged an error: {message}")

    def appsso_entries(self) -> list[LogEntry]:
        """AppSSO's persisted entries in time order: the Mac's own (default level), errors, kept debug ones."""
        own = [LogEntry(e.at, "default", e.message) for e in self._mac.runtime.trace.entries
               if e.source == self._mac.name]
        return sorted([*own, *self.error_entries, *self.debug_entries], key=lambda entry: entry.at)

    def appsso_messages(self) -> list[str]:
        """AppSSO's persisted messages, as lines (what a sysdiagnose collects)."""
        return [str(entry) for entry in self.appsso_entries()]

    def _on_response(self, response: httpx.Response) -> None:
        request = response.request
        if request.url.host not in _APPSSO_HOSTS or not self.mode(APPSSO_SUBSYSTEM).keeps("debug"):
            return
        line = f"{request.method} {request.url.copy_with(query=None)} -> {response.status_code}"
        self.debug_entries.append(LogEntry(self._mac.runtime.clock.now(), "debug", line))


def log_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``log config [--status] [--reset] [--mode MODE] [--subsystem NAME]`` (``log show``: log_show.py)."""
    if not args or args[0] != "config":
        raise NotSimulated(f"'log {' '.join(args)}' is not simulated", hint="simulated: log config, log show")
    options: dict[str, str | bool] = {}
    words = list(args[1:])
    while words:
        word = words.pop(0)
        if word in ("--status", "--reset"):
            options[word] = True
        elif word in ("--mode", "--subsystem"):
            if not words:
                return CommandResult(EX_USAGE, "", f"log: option '{word}' requires an argument\n")
            options[word] = words.pop(0)
        else:
            return CommandResult(EX_USAGE, "", f"log: unrecognized option '{word}'\n")
    subsystem = str(options.get("--subsystem", SYSTEM))
    if subsystem != SYSTEM and subsystem not in KNOWN_SUBSYSTEMS:
        return CommandResult(1, "", f"log: unknown subsystem '{subsystem}'\n")
    if "--reset" in options and "--mode" in options:
        return CommandResult(EX_USAGE, "", "log: --reset cannot be combined with --mode\n")
    logging = mac.logging
    if "--mode" in options or "--reset" in options:
        if not root:
            return CommandResult(1, "", "log: Must be root to run 'config' command\n")
        if "--reset" in options:
            logging.reset(subsystem)
        else:
            try:
                logging.configure(subsystem, parse_mode(str(options["--mode"])))
            except LogModeError as error:
                return CommandResult(1, "", f"log: {error.message}\n")
        return CommandResult(0)
    if "--status" in options:
        return CommandResult(0, f"Mode for '{subsystem}'  {logging.mode(subsystem).describe()}\n")
    return CommandResult(EX_USAGE, "", "log: config needs --status, --reset or --mode\n")
