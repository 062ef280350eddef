"""The Microsoft Enterprise SSO plug-in's registration, and its retirement by Platform SSO.

Before Platform SSO, a Mac with the Enterprise SSO plug-in was registered as a workplace device
(Entra JoinType 4) and kept that registration's key in the login keychain, the "Workplace Join
Key". Platform SSO registration migrates the Mac: once the Mac is Microsoft Entra joined, the
key goes (the troubleshooting guide's "Device migration" validation). Only a successful
registration retires it; a failed one leaves the Mac as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psso_sim.company_portal.sso_extension import DeviceRegistration
from psso_sim.entra.registration import WORKPLACE
from psso_sim.errors import SimError
from psso_sim.macos.keychain import WORKPLACE_JOIN_KEY, KeychainItem
from psso_sim.macos.secure_enclave_device_keys import EnclaveDeviceKeys

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["WorkplaceJoinFailed", "register_with_enterprise_sso_plugin", "retire_workplace_join"]

_MFA_REQUIRED = 50076


class WorkplaceJoinFailed(SimError):
    subsystem = "macos"


def register_with_enterprise_sso_plugin(
    mac: Mac, username: str, password: str, approve_mfa: Callable[[], object]
) -> DeviceRegistration:
    """Register ``mac`` the plug-in's way, over HTTP: sign in, approve MFA if asked, then the
    workplace registration; the key lands in the keychain."""
    extension = mac.platform_sso.extension
    answer = extension.acquire_registration_token(username, password, None)
    if answer.code == _MFA_REQUIRED:
        approve_mfa()
        answer = extension.acquire_registration_token(username, password, str(answer.body["mfa_context"]))
    if not answer.ok:
        raise WorkplaceJoinFailed(
            f"sign-in for the workplace registration of {mac.name} failed: {answer.description}"
        )
    answer, registration = extension.register_device(
        str(answer.body["access_token"]), display_name=mac.name, os_version=mac.os_version,
        registration_token=None, keys=EnclaveDeviceKeys(mac.secure_enclave, "workplace-join"),
        domain=username.partition("@")[2], join_type=WORKPLACE,
    )
    if registration is None:
        raise WorkplaceJoinFailed(f"workplace registration of {mac.name} failed: {answer.description}")
    mac.keychain.add(KeychainItem(WORKPLACE_JOIN_KEY, "key", registration.device_id))
    mac.runtime.trace.record(mac.name, f"workplace-joined as {registration.device_id} (SSO plug-in)")
    return registration


def retire_workplace_join(mac: Mac) -> bool:
    """After a successful Platform SSO registration: remove the plug-in's Workplace Join key."""
    removed = mac.keychain.remove(WORKPLACE_JOIN_KEY)
    if removed:
        mac.runtime.trace.record(mac.name, "Workplace Join key removed (migrated to Platform SSO)")
    return removed
