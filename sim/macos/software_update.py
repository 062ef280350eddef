"""Software Update: the point release of macOS a Mac runs, and installing a newer one.

A Mac runs one build of its macOS major (``mac.os_version``); its row's ``builds`` lists the point releases
there are, each with Apple's build number. Installing one restarts the Mac: the user's session ends at the
login window and the Mac comes back on the new build. What the models read from the build follows from
there: swcd's associated-domains data, validated on the previous build, is stale
(:mod:`psso_sim.macos.associated_domains`), and the device configuration race of 15.0 to 15.2 is gone from
15.3 (:mod:`psso_sim.macos.device_configuration`).

``softwareupdate`` is the Terminal tool: ``--list``, and ``--install LABEL --restart`` (or ``--all``) as
root. Its headings are Apple's; the wording of its refusals is the simulation's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from psso_sim.errors import SimError
from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult, NotSimulated

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = [
    "SoftwareUpdateError",
    "available_update",
    "build_of",
    "in_range",
    "install",
    "softwareupdate_command",
    "update_label",
    "version_key",
]

_VERSION = re.compile(r"\d+(?:\.\d+){0,2}")
_HEADER = "Software Update Tool\n\nFinding available software\n"


class SoftwareUpdateError(SimError):
    subsystem = "macos"


def version_key(version: str) -> tuple[int, ...]:
    """``"15.1.1"`` as ``(15, 1, 1)``, so that versions compare as numbers (15.10 is after 15.9)."""
    if not _VERSION.fullmatch(version):
        raise SoftwareUpdateError(f"'{version}' is not a macOS version", hint="write it as Apple does, e.g. 15.3")
    parts = tuple(int(part) for part in version.split("."))
    return parts + (0,) * (3 - len(parts))  # 15.3 is 15.3.0


def in_range(version: str, bounds: tuple[str, str] | None) -> bool:
    """Whether ``version`` lies between the two builds of ``bounds`` (inclusive); never when there are none."""
    if bounds is None:
        return False
    first, last = bounds
    return version_key(first) <= version_key(version) <= version_key(last)


def build_of(mac: Mac) -> str | None:
    """Apple's build number of the point release the Mac runs, if its row lists it."""
    return dict(mac.release.builds).get(mac.os_version)


def available_update(mac: Mac) -> str | None:
    """The latest point release of the Mac's macOS newer than the one it runs (what Software Update offers)."""
    current = version_key(mac.os_version)
    newer = [version for version, _ in mac.release.builds if version_key(version) > current]
    return newer[-1] if newer else None


def update_label(mac: Mac, version: str) -> str:
    """The label ``softwareupdate --list`` gives an update: ``macOS Sequoia 15.3-24D60``."""
    return f"macOS {mac.release.name} {version}-{dict(mac.release.builds)[version]}"


def install(mac: Mac, version: str) -> None:
    """Install the point release ``version`` and restart the Mac on it.

    The user's session ends (a restart is a log out); the user signs in again at the login window.
    """
    builds = dict(mac.release.builds)
    if version not in builds:
        raise SoftwareUpdateError(
            f"no macOS {version} update for {mac.release.title}",
            hint=f"point releases of {mac.release.title}: {', '.join(builds)}")
    if version_key(version) <= version_key(mac.os_version):
        raise SoftwareUpdateError(f"{mac.name} already runs macOS {mac.os_version}, not older than {version}",
                                  hint="pick a later point release")
    previous, mac.os_version = mac.os_version, version
    mac.runtime.trace.record(mac.name, f"software update installed macOS {version} ({builds[version]}), "
                                       f"replacing {previous}; restarting")
    if mac.account.signed_in:
        mac.sign_out()


def softwareupdate_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``softwareupdate --list`` and ``softwareupdate --install LABEL|--all --restart``."""
    words = list(args)
    if words in (["--list"], ["-l"]):
        return _list(mac)
    if not words or words[0] not in ("--install", "-i"):
        usage = "usage: softwareupdate --list | --install <label> ... | --install --all [--restart]\n"
        shown = words[0] if words else "(no option)"
        return CommandResult(EX_USAGE, "", f"softwareupdate: unrecognized option '{shown}'\n{usage}")
    options = {word for word in words[1:] if word.startswith("-")}
    labels = [word for word in words[1:] if not word.startswith("-")]
    if not root:
        raise NotSimulated("softwareupdate --install without sudo asks for an administrator in a dialog",
                           hint="run it with sudo, as the troubleshooting commands are")
    if not options & {"--restart", "-R"}:
        raise NotSimulated("an update that needs a restart is installed only with --restart here",
                           hint='e.g. sudo softwareupdate --install --all --restart')
    version = available_update(mac)
    offered = update_label(mac, version) if version else None
    wanted = [offered] if options & {"--all", "-a"} and offered else labels
    if not wanted or wanted != [offered]:
        missing = "".join(f"{label}: No such update\n" for label in labels if label != offered)
        return CommandResult(1, _HEADER + missing + "No updates are available.\n")
    assert version is not None
    title = f"macOS {mac.release.name} {version}"
    output = f"{_HEADER}\nDownloading {title}\nDownloaded: {title}\nRestarting...\n"
    install(mac, version)
    return CommandResult(0, output)


def _list(mac: Mac) -> CommandResult:
    version = available_update(mac)
    if version is None:
        return CommandResult(0, _HEADER + "No new software available.\n")
    title = f"macOS {mac.release.name} {version}"
    return CommandResult(0, f"{_HEADER}Software Update found the following new or updated software:\n"
                            f"* Label: {update_label(mac, version)}\n"
                            f"\tTitle: {title}, Version: {version}, Recommended: YES, Action: restart, \n")
