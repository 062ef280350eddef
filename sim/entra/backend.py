"""Simulated Microsoft Entra ID: one backend per World, callable directly in tests."""

from __future__ import annotations

from psso_sim.clock import SimClock
from psso_sim.entra.directory import Directory
from psso_sim.entra.models import Tenant, User
from psso_sim.entra.passkey_authentication import PasskeyAuthentication
from psso_sim.entra.registration import DeviceRegistrationService
from psso_sim.entra.tokens import TokenService
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["EntraBackend"]


class EntraBackend:
    def __init__(
        self,
        clock: SimClock,
        seeds: Seeds,
        trace: Trace,
        *,
        organisation: str = "Contoso Labs",
        domain: str = "contosolabs.onmicrosoft.com",
    ) -> None:
        self._clock = clock
        self._trace = trace
        # the tenant ID of its own stream, named by the domain: two tenants of one seed differ
        self.tenant = Tenant(seeds.uuid(f"tenant {domain}"), organisation, domain)
        self.directory = Directory(self.tenant, seeds, trace)
        self.tokens = TokenService(self.directory, clock, seeds, trace)
        self.registration = DeviceRegistrationService(self.directory, self.tokens, clock, seeds, trace)
        self.passkeys = PasskeyAuthentication(self.directory, self.tokens, clock, seeds, trace)  # FIDO2 method

    def reset_password(self, user_principal_name: str, new_password: str, *, method: str = "SSPR") -> User:
        """A password change (self-service password reset): every session of the user is revoked."""
        user = self.directory.user_by_upn(user_principal_name)
        user = self.directory.update_user(user, password=new_password, password_changed_at=self._clock.now())
        revoked = self.tokens.revoke_sessions(user)
        self._trace.record("entra", f"{user.user_principal_name} changed password via {method}; {revoked} revoked")
        return user

    def set_device_compliance(self, device_id: str, compliant: bool) -> None:
        """Intune reports compliance onto the device object; Conditional Access reads it."""
        if device_id in self.directory.devices:
            self.directory.update_device(device_id, is_compliant=compliant)
