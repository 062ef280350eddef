"""``sudo sysdiagnose``: an archive of the Mac's diagnostic state under /private/var/tmp/.

The archive is a real gzip-compressed tar, written into the Mac's simulated file system and
stamped with simulated time, so the same seed gives the same bytes. It holds the Platform SSO
state (as ``app-sso platform -s`` prints it), the AppSSO log mode and its persisted messages,
the installed profiles and the macOS version.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from psso_sim.macos.diagnostics.app_sso import platform_state
from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult
from psso_sim.macos.diagnostics.unified_log import APPSSO_SUBSYSTEM

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["ARCHIVE_DIRECTORY", "archive_name", "archive_path_in", "read_archive", "sysdiagnose_command"]

ARCHIVE_DIRECTORY = "/private/var/tmp"
HARDWARE_MODEL = "MacBookPro18,3"
NOTICE = (
    "This diagnostic tool generates files that allow Apple to investigate issues with your\n"
    "computer and help improve Apple products. The files might contain personal information\n"
    "found on your device or associated with your iCloud accounts.\n"
)


def sysdiagnose_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    if not root:
        return CommandResult(1, "", "sysdiagnose: must be run as root. Try again with sudo.\n")
    if args:
        usage = "usage: sudo sysdiagnose\n"
        return CommandResult(EX_USAGE, "", f"sysdiagnose: unsupported option '{args[0]}'\n{usage}")
    name = archive_name(mac)
    path = f"{ARCHIVE_DIRECTORY}/{name}.tar.gz"
    mac.files[path] = _archive(mac, name)
    mac.runtime.trace.record(mac.name, f"sysdiagnose wrote {path}")
    return CommandResult(0, f"{NOTICE}\nOutput available at '{path}'.\n")


def archive_name(mac: Mac) -> str:
    now = mac.runtime.clock.now()
    build = _build(mac) or mac.os_version
    return f"sysdiagnose_{now:%Y.%m.%d_%H-%M-%S%z}_macOS_{HARDWARE_MODEL}_{build}"


def _build(mac: Mac) -> str | None:
    """Apple's build number of the Mac's point release (the macOS row's ``builds``)."""
    return dict(mac.release.builds).get(mac.os_version)


def archive_path_in(output: str) -> str | None:
    """The archive path sysdiagnose printed ("Output available at '<path>'."), or None."""
    match = re.search(r"Output available at '([^']+)'", output)
    return match.group(1) if match else None


def read_archive(data: bytes) -> dict[str, str]:
    """The archive's files (path inside the archive -> text)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        return {m.name: archive.extractfile(m).read().decode() for m in members}  # type: ignore[union-attr]


def _archive(mac: Mac, name: str) -> bytes:
    logging = mac.logging
    files = {
        "SystemVersion.txt": f"ProductName: macOS\nProductVersion: {mac.os_version}\n"
        f"BuildVersion: {_build(mac) or ''}\n",
        "app-sso/platform_state.txt": platform_state(mac),
        "logs/AppSSO/log_config.txt": f"Mode for '{APPSSO_SUBSYSTEM}'  "
        f"{logging.mode(APPSSO_SUBSYSTEM).describe()}\n",
        "logs/AppSSO/AppSSO.log": "".join(f"{line}\n" for line in logging.appsso_messages()),
        "profiles.txt": "".join(
            f"{p.payload_identifier}: {p.payload_display_name}\n" for p in mac.profiles.values()
        ),
    }
    stamp = int(mac.runtime.clock.now().timestamp())
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=stamp) as compressed, tarfile.open(
        fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT
    ) as archive:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}/{path}")
            info.size, info.mtime, info.mode = len(data), stamp, 0o644
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
