"""Platform SSO's device configuration on disk, and the macOS 15.0 to 15.2 race that corrupts it.

Known issue "Unexpected/frequent re-registration prompts on macOS Sequoia" (troubleshooting article): two
processes keep Platform SSO's device configuration, AppSSODaemon (the system daemon: the device's
registration, keys and login configuration) and AppSSOAgent (the user's agent: the user's state and
tokens). After each PRT refresh both write it. On the builds of the macOS row's
``device_configuration_race`` they write at the same time without coordinating: each opens the file
(truncating it) and writes from its start, and the agent's shorter document lands over the daemon's, whose
tail is left behind it. The next read (at the next refresh) cannot deserialize the file: AppSSODaemon logs
Apple's error and macOS runs its re-registration remediation (the configuration is removed, the PRT is no
longer refreshed, and the user is asked to register the Mac again). On the other builds (15.3, where Apple
fixed it; 13 and 14) the daemon merges the agent's update into one write, and the file stays whole.

The file's layout is the simulation's: the sections ``app-sso platform -s`` prints, as JSON.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from psso_sim.macos.diagnostics.app_sso import apple_json, sections
from psso_sim.macos.software_update import in_range

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["DAEMON", "DeviceConfiguration", "ReadError", "device_configuration"]

DAEMON = "AppSSODaemon"
AGENT = "AppSSOAgent"


@dataclass(frozen=True)
class ReadError:
    """Why the file could not be deserialized: JSON's own error, at a position, line and column."""

    reason: str
    position: int
    line: int
    column: int
    address: int  # where the underlying NSError lives, as Apple prints it

    def describe(self) -> str:
        """Apple's error, as AppSSO logs it (the form the troubleshooting article quotes)."""
        detail = f"{self.reason} around line {self.line}, column {self.column}."
        return (
            'Error Domain=com.apple.PlatformSSO Code=-1001 "Error deserializing device config." '
            "UserInfo={NSLocalizedDescription=Error deserializing device config., "
            f"NSUnderlyingError=0x{self.address:09x} {{Error Domain=NSCocoaErrorDomain Code=3840 \"{detail}\" "
            f"UserInfo={{NSDebugDescription={detail}, NSJSONSerializationErrorIndex={self.position}}}}}}}"
        )


class DeviceConfiguration:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.text: str | None = None  # the file; None: no configuration written (or removed)
        self.corruptions = 0  # times the two processes' writes overlapped

    @property
    def writes_race(self) -> bool:
        """Whether AppSSOAgent and AppSSODaemon write without coordinating on the build the Mac runs."""
        return in_range(self._mac.os_version, self._mac.release.device_configuration_race)

    def logged_in(self) -> None:
        """A Platform SSO login (registration's, or a sign-in): the daemon writes the whole configuration."""
        self.text = apple_json(self._document())

    def refreshed(self) -> None:
        """A PRT refresh: the daemon and the agent both write what changed, at the same time."""
        whole = apple_json(self._document())
        if not self.writes_race:
            self.text = whole  # one write, the agent's update merged in
            return
        mine = apple_json(self._user_document())
        self.text = mine + whole[len(mine):]  # the agent's write lands last, over the daemon's longer one
        self.corruptions += 1
        self._mac.runtime.trace.record(self._mac.name, f"{AGENT} and {DAEMON} wrote the Platform SSO device "
                                                       "configuration at the same time")

    def read(self) -> dict[str, Any] | ReadError | None:
        """The configuration as AppSSO reads it; a ReadError if it cannot be deserialized; None if absent."""
        if self.text is None:
            return None
        try:
            document: dict[str, Any] = json.loads(self.text)
        except json.JSONDecodeError as error:
            reason = "Garbage at end" if error.msg == "Extra data" else error.msg
            address = 0x900000000 + zlib.crc32(self.text.encode()) % 0x10000000
            return ReadError(reason, error.pos, error.lineno, error.colno, address)
        return document

    def remediate(self, error: ReadError) -> None:
        """The OS's re-registration remediation for a configuration it cannot read."""
        mac = self._mac
        mac.logging.error(DAEMON, error.describe())
        self.text = None
        mac.prt_refresh.cancel()
        mac.runtime.trace.record(mac.name, "Platform SSO device configuration removed: registration required")
        mac.platform_sso.require_registration()

    def _document(self) -> dict[str, Any]:
        state = sections(self._mac)
        return {"deviceConfiguration": state["Device Configuration"],
                "loginConfiguration": state["Login Configuration"], **self._user_document()}

    def _user_document(self) -> dict[str, Any]:
        tokens = self._mac.platform_sso.tokens
        held = None if tokens is None else {"received": f"{tokens.received:%Y-%m-%dT%H:%M:%SZ}",
                                            "expiration": f"{tokens.expiration:%Y-%m-%dT%H:%M:%SZ}"}
        return {"userConfiguration": sections(self._mac)["User Configuration"], "ssoTokens": held}


_CONFIGURATIONS: WeakKeyDictionary[Mac, DeviceConfiguration] = WeakKeyDictionary()


def device_configuration(mac: Mac) -> DeviceConfiguration:
    """The Mac's device configuration (one a Mac, kept as long as the Mac is)."""
    if mac not in _CONFIGURATIONS:
        _CONFIGURATIONS[mac] = DeviceConfiguration(mac)
    return _CONFIGURATIONS[mac]
