"""FileVault personal recovery keys that managed Macs escrow with Intune.

The troubleshooting article's FAQ asks admins to "enable Keyvault recovery to ensure data can be recovered
in case of a forgotten password". A managed Mac with FileVault on escrows its personal recovery key: it
reports it at check-in (really encrypted to Intune's escrow certificate, in its answer to a SecurityInfo
query; here the Mac's report carries it), and the helpdesk looks it up (Devices > the Mac > Recovery keys;
Graph ``getFileVaultKey``) to let a user who forgot their password reset it at the login window: the
"MDM-driven recovery" of the known issue "PSSO reregistration required after password reset".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.intune.errors import IntuneError
from psso_sim.intune.models import ManagedDevice

if TYPE_CHECKING:
    from psso_sim.intune.backend import IntuneBackend

__all__ = ["ESCROW_FACT", "FileVaultKeys", "NoRecoveryKey"]

ESCROW_FACT = "FDE_PersonalRecoveryKey"


class NoRecoveryKey(IntuneError):
    status = 404


class FileVaultKeys:
    def __init__(self, backend: IntuneBackend) -> None:
        self._backend = backend
        self._keys: dict[str, str] = {}  # managed device id -> its personal recovery key

    def escrow(self, device: ManagedDevice, facts: dict[str, object]) -> None:
        key = facts.get(ESCROW_FACT)
        if isinstance(key, str) and key and self._keys.get(device.id) != key:
            self._keys[device.id] = key
            self._backend.trace.record("intune", f"FileVault recovery key of {device.device_name} escrowed")

    def get_file_vault_key(self, device_id: str) -> str:
        """Devices > the Mac > Recovery keys: the personal recovery key, as Graph's ``getFileVaultKey`` answers."""
        device = self._backend.device(device_id)
        if device_id not in self._keys:
            raise NoRecoveryKey(f"{device.device_name} has escrowed no FileVault recovery key",
                                hint="the Mac escrows it at check-in once FileVault is on")
        self._backend.trace.record("intune", f"FileVault recovery key of {device.device_name} viewed")
        return self._keys[device_id]
