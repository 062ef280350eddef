"""Passkeys from the Platform Credential: Company Portal as the Mac's passkey provider.

"Setting up your device using secure enclave method enables you to use the resulting credential saved to
the Mac as a passkey in the browser": once the user turns Company Portal on in System Settings (the pane
and section are the macOS release's ``passkey_provider_path`` and ``passkey_provider_setting``), browsers
offer the user's Secure Enclave key as a passkey. Only a method whose row says ``passkey`` (Secure Enclave)
gives one, and only once its key is registered. Asked for a passkey for Entra's sign-in
(:mod:`psso_sim.macos.passkey_sign_in`), the provider signs the page's challenge with that key, as Company
Portal's authenticator (its AAGUID).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.entra.passkey_authentication import PLATFORM_CREDENTIAL_AAGUID
from psso_sim.errors import SimError

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["COMPANY_PORTAL", "Passkeys"]

COMPANY_PORTAL = "Company Portal"


class Passkeys:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.providers: set[str] = set()

    def toggle(self, provider: str) -> None:
        """The provider's switch under the passkey setting."""
        if provider in self.providers:
            self.providers.discard(provider)
        else:
            self.providers.add(provider)
        state = "on" if provider in self.providers else "off"
        self._mac.runtime.trace.record(self._mac.name, f"passkey provider {provider}: {state}")

    def why_no_platform_credential(self) -> str | None:
        """None when a browser would offer the Platform Credential as a passkey; else why not."""
        release, psso = self._mac.release, self._mac.platform_sso
        method = psso.method
        if method is None or not method.passkey:
            return f"the {method.title if method else 'configured'} method gives no passkey (Secure Enclave only)"
        if psso.secure_enclave_key is None or not self._mac.secure_enclave.has(psso.secure_enclave_key):
            return "no Platform Credential is registered on this Mac"
        if COMPANY_PORTAL not in self.providers:
            path = " > ".join(release.passkey_provider_path)
            return f"{COMPANY_PORTAL} is off under Settings > {path} > {release.passkey_provider_setting}"
        return None

    def sign_assertion(self, challenge: str, rp_id: str) -> str:
        """The WebAuthn assertion Company Portal's provider gives for the Platform Credential: the challenge,
        signed inside the Secure Enclave (ask :meth:`why_no_platform_credential` first)."""
        psso = self._mac.platform_sso
        why = self.why_no_platform_credential()
        if why is not None or psso.secure_enclave_key is None or psso.registration is None:
            raise SimError(f"{COMPANY_PORTAL} offers no passkey on {self._mac.name}: {why}", subsystem="macos")
        claims = {"challenge": challenge, "rp_id": rp_id, "aaguid": PLATFORM_CREDENTIAL_AAGUID,
                  "username": psso.user_name, "device_id": psso.registration.device_id}
        return self._mac.secure_enclave.sign(psso.secure_enclave_key, claims)
