"""swcd, the shared web credentials daemon: which app extensions may act for which domains.

An SSO extension of the Redirect type handles a sign-in URL only if swcd approved the extension's app for
the URL's domain (the ``authsrv`` service): swcd downloads the domain's apple-app-site-association file from
Apple's CDN, over HTTP (:mod:`psso_sim.apple_cdn`), and records whether it lists the app, and on which
build of macOS it checked.

Known issue "Microsoft Enterprise SSO plug-in doesn't activate after system update" (troubleshooting
article): after a system update swcd keeps the approvals it recorded on the previous build and does not
check them again; it answers for none of them, so the plug-in is not activated and apps and browsers get no
single sign-on. ``sudo killall swcd`` stops the daemon (launchd starts a new one; the database survives on
disk), and ``sudo swcutil reset`` empties the database, so that swcd downloads the files again and approves
the plug-in on the new build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import httpx

from psso_sim.apple_cdn import CDN_HOST, cdn_on
from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult, NotSimulated

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["SIGN_IN_URL", "Association", "Swcd", "sso_extension_activated", "swcd", "swcutil_command"]

SIGN_IN_URL = "https://login.microsoftonline.com"  # where the plug-in takes over a sign-in
_FIRST_PID = 412  # any stable number: each restart takes the next one
_SWCUTIL_COMMANDS = ("dl", "reset", "show", "verify", "watch", "developer-mode")


@dataclass(frozen=True)
class Association:
    """One row of swcd's database: an app, a domain, and what the domain's file said."""

    app_id: str  # team identifier + bundle identifier
    domain: str
    approved: bool
    checked_on: str  # the macOS version swcd checked it on
    checked_at: datetime


class Swcd:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.pid = _FIRST_PID
        self.database: dict[tuple[str, str], Association] = {}

    def approves(self, app_id: str, domain: str) -> bool:
        """Whether ``app_id`` may act for ``domain``: a row checked on this build, saying so."""
        row = self.database.get((app_id, domain))
        if row is None:
            row = self._check(app_id, domain)
        elif row.checked_on != self._mac.os_version:
            # The defect: a row from before a system update is neither answered nor checked again.
            self._mac.runtime.trace.record(self._mac.name, f"swcd: {app_id} for {domain} was checked on macOS "
                                                           f"{row.checked_on}, not answered")
            return False
        return row.approved

    def restart(self) -> None:
        """The process ends (killall) and launchd starts a new one, which reads the same database."""
        self.pid += 1
        self._mac.runtime.trace.record(self._mac.name, f"swcd restarted as process {self.pid}")

    def reset(self) -> None:
        """``swcutil reset``: the database is emptied; every association is checked again when needed."""
        self.database.clear()
        self._mac.runtime.trace.record(self._mac.name, "swcd database reset")

    def _check(self, app_id: str, domain: str) -> Association:
        mac = self._mac
        cdn_on(mac.runtime.network, mac.runtime.trace)
        response = mac.http.get(f"https://{CDN_HOST}/a/v1/{domain}")
        apps = response.json().get("authsrv", {}).get("apps", []) if response.status_code == 200 else []
        row = Association(app_id, domain, app_id in apps, mac.os_version, mac.runtime.clock.now())
        self.database[(app_id, domain)] = row
        mac.runtime.trace.record(mac.name, f"swcd: {app_id} {'approved' if row.approved else 'denied'} "
                                           f"for {domain}")
        return row


_DAEMONS: WeakKeyDictionary[Mac, Swcd] = WeakKeyDictionary()


def swcd(mac: Mac) -> Swcd:
    """The Mac's swcd (one a Mac, kept as long as the Mac is)."""
    if mac not in _DAEMONS:
        _DAEMONS[mac] = Swcd(mac)
    return _DAEMONS[mac]


def sso_extension_activated(mac: Mac, url: str = SIGN_IN_URL) -> bool:
    """Whether the SSO extension the installed payload names takes over sign-ins at ``url``."""
    payload = mac.platform_sso.payload
    if payload is None or payload.team_identifier is None:
        return False
    app_id = f"{payload.team_identifier}.{payload.extension_identifier}"
    return swcd(mac).approves(app_id, httpx.URL(url).host)


def swcutil_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``swcutil reset`` (as root); swcutil's other commands are not simulated."""
    usage = "usage: swcutil <command> [options]\ncommands: " + ", ".join(_SWCUTIL_COMMANDS) + "\n"
    if not args or args[0] not in _SWCUTIL_COMMANDS:
        shown = args[0] if args else "(no command)"
        return CommandResult(EX_USAGE, "", f"swcutil: unknown command '{shown}'\n{usage}")
    if args[0] != "reset":
        raise NotSimulated(f"'swcutil {args[0]}' is not simulated", hint="simulated: sudo swcutil reset")
    if len(args) > 1:
        return CommandResult(EX_USAGE, "", f"swcutil: reset takes no arguments ('{args[1]}')\n{usage}")
    if not root:
        return CommandResult(1, "", "swcutil: reset must be run as root\n")
    swcd(mac).reset()
    return CommandResult(0)
