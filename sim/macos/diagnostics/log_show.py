"""``log show``: the persisted unified log, filtered by a predicate and a time window.

The entries are those a sysdiagnose collects (:meth:`UnifiedLogging.appsso_entries`): AppSSO's messages,
the errors processes logged (always persisted) and the debug messages a debug log mode kept. The output
has Apple's default style: the filter line, the note on skipped levels, the column header, one line an
entry, and the counts. Predicates: ``subsystem``, ``process`` and ``eventMessage`` compared with ``==``
or ``CONTAINS``, joined by ``AND``; anything else is not simulated.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult, NotSimulated
from psso_sim.macos.diagnostics.unified_log import APPSSO_SUBSYSTEM, LogEntry

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["HEADER", "log_show", "parse_predicate"]

HEADER = "Timestamp                       Thread     Type        Activity             PID    TTL  "
_RULE = "-" * 116
_CLAUSE = re.compile(r'\s*(subsystem|process|eventMessage)\s*(==|CONTAINS(?:\[c\])?)\s*["\']([^"\']*)["\']\s*')
_LAST = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_TYPES = {"default": "Default", "info": "Info", "debug": "Debug", "error": "Error"}

Match = Callable[[LogEntry], bool]


def parse_predicate(text: str) -> Match | None:
    """The entries a predicate selects, or None if it is not one the simulation reads."""
    tests: list[Match] = []
    for clause in re.split(r"\s+(?:AND|and|&&)\s+", text.strip()):
        found = _CLAUSE.fullmatch(clause)
        if found is None:
            return None
        field, operator, value = found.groups()
        tests.append(_test(field, operator, value))
    return lambda entry: all(test(entry) for test in tests)


def _test(field: str, operator: str, value: str) -> Match:
    def read(entry: LogEntry) -> str:
        return {"subsystem": APPSSO_SUBSYSTEM, "process": entry.process, "eventMessage": entry.message}[field]

    if operator == "==":
        return lambda entry: read(entry) == value
    if operator == "CONTAINS[c]":
        return lambda entry: value.casefold() in read(entry).casefold()
    return lambda entry: value in read(entry)


def log_show(mac: Mac, args: Sequence[str]) -> CommandResult:
    """``log show [--predicate P] [--last N(s|m|h|d)] [--info] [--debug] [--style default]``."""
    words, options = list(args), {}
    levels = {"default", "error"}
    while words:
        word = words.pop(0)
        if word in ("--info", "--debug"):
            levels |= {"info"} if word == "--info" else {"info", "debug"}
        elif word in ("--predicate", "--last", "--style"):
            if not words:
                return CommandResult(EX_USAGE, "", f"log: option '{word}' requires an argument\n")
            options[word] = words.pop(0)
        elif word.startswith("-"):
            return CommandResult(EX_USAGE, "", f"log: unrecognized option '{word}'\n")
        else:
            raise NotSimulated(f"log show reads only the Mac's own log, not an archive ('{word}')",
                               hint="log show --predicate 'subsystem == \"com.apple.AppSSO\"' --last 1d")
    if options.get("--style", "default") != "default":
        raise NotSimulated(f"log show --style {options['--style']} is not simulated", hint="the default style")
    entries = mac.logging.appsso_entries()
    text = ""
    if "--predicate" in options:
        match = parse_predicate(options["--predicate"])
        if match is None:
            return CommandResult(EX_USAGE, "", f"log: invalid predicate: {options['--predicate']}\n")
        entries = [entry for entry in entries if match(entry)]
        text += f'Filtering the log data using "{options["--predicate"]}"\n'
    if "--last" in options:
        window = _LAST.fullmatch(options["--last"])
        if window is None:
            return CommandResult(EX_USAGE, "", f"log: invalid value for --last: '{options['--last']}' "
                                               "(expected a number and m, h or d, such as 1h)\n")
        since = mac.runtime.clock.now() - timedelta(**{_UNITS[window.group(2)]: int(window.group(1))})
        entries = [entry for entry in entries if entry.at >= since]
    if "debug" not in levels:
        text += "Skipping info and debug messages, pass --info and/or --debug to include.\n"
    shown = [entry for entry in entries if entry.level in levels]
    text += HEADER + "\n" + "".join(_line(entry) + "\n" for entry in shown)
    counts = {name: sum(entry.level == level for entry in shown) for level, name in _TYPES.items()}
    text += (f"{_RULE}\nLog      - Default: {counts['Default']:>10}, Info: {counts['Info']:>16}, "
             f"Debug: {counts['Debug']:>13}, Error: {counts['Error']:>10}, Fault: {0:>10}\n"
             f"Activity - Create: {0:>11}, Transition: {0:>10}, Actions: {0:>11}\n")
    return CommandResult(0, text)


def _line(entry: LogEntry) -> str:
    process = entry.process or "AppSSO"
    pid = 100 + zlib.crc32(process.encode()) % 900  # one stable PID a process name
    source = f"{entry.process}: " if entry.process else ""
    return (f"{entry.at:%Y-%m-%d %H:%M:%S.%f%z} {'0x0':<10} {_TYPES[entry.level]:<11} {'0x0':<20} "
            f"{pid:<6} {0:<4} {source}({APPSSO_SUBSYSTEM}) {entry.message}")
