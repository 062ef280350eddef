"""What a sign-in must meet before Entra ID issues a token, and a refresh as much as a sign-in: the password
(with smart lockout), MFA when the user, the device registration policy or a Conditional Access policy asks for it
(answered by approving a sign-in request in Microsoft Authenticator), and Conditional Access's compliant device.

The token service (:mod:`.tokens`) asks these rules at each grant; the rules hold the pending MFA requests and
the lockout counts, and nothing else.
"""

from __future__ import annotations

from dataclasses import replace

from psso_sim.clock import SimClock
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import (
    DeviceNotCompliant,
    InvalidCredentials,
    MfaRegistrationRequired,
    MfaRequired,
    PasswordExpired,
)
from psso_sim.entra.lockout import SmartLockout, check_enabled
from psso_sim.entra.models import ConditionalAccessGrant, MfaChallenge, User
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["DRS_RESOURCE", "SignInRules"]

DRS_RESOURCE = "urn:ms-drs:enterpriseregistration.windows.net"  # the device registration service


class SignInRules:
    def __init__(self, directory: Directory, clock: SimClock, seeds: Seeds, trace: Trace) -> None:
        self._directory = directory
        self._clock = clock
        self._seeds = seeds
        self._trace = trace
        self.challenges: dict[str, MfaChallenge] = {}  # the MFA sign-in requests, by their mfa_context
        self.lockout = SmartLockout()  # AADSTS50053 after repeated wrong passwords (psso_sim.entra.lockout)

    def check_password(self, user: User, password: str) -> None:
        """The user is enabled, not locked out (smart lockout, :mod:`.lockout`), and the password is theirs:
        AADSTS50057, AADSTS50053, AADSTS50126; a temporary password only sets a new one (AADSTS50055)."""
        check_enabled(user, None)
        self.lockout.check(user, self._clock.now())
        temporary = self._directory.temporary_passwords.get(user.object_id)
        if temporary is not None and temporary.pending and password == temporary.password:
            # Right, but only to set a new one: a non-interactive flow (password sync) cannot do that.
            raise PasswordExpired("The password is expired.",
                                  hint="set a new password with the temporary one first (changePassword)")
        if password != user.password:
            self.lockout.failed(user, password, self._clock.now())
            raise InvalidCredentials("Error validating credentials due to invalid username or password.")
        self.lockout.succeeded(user)

    def mfa_needed(self, user: User, resource: str) -> bool:
        """Per-user MFA, the device registration policy (for the registration service) or a Conditional Access
        policy of the resource asks for MFA."""
        if user.per_user_mfa:
            return True
        if resource == DRS_RESOURCE and self._directory.device_registration_policy.require_mfa:
            return True
        return any(p.grant is ConditionalAccessGrant.MFA for p in self._directory.policies_for(resource))

    def require_mfa(self, user: User, resource: str, mfa_context: str | None) -> None:
        """MFA answered: the ``mfa_context`` of a sign-in request the user approved (spent here); else AADSTS50076
        with a new request to approve, or AADSTS50072 for a user with no MFA method."""
        if not user.mfa_methods:
            raise MfaRegistrationRequired(
                f"The user '{user.user_principal_name}' must enroll for multi-factor authentication "
                f"before accessing '{resource}'.",
                hint="register Microsoft Authenticator for the user",
            )
        challenge = self.challenges.get(mfa_context or "")
        if challenge is not None and challenge.user_id == user.object_id and challenge.approved:
            del self.challenges[challenge.context]
            return
        raise MfaRequired(
            "you must use multi-factor authentication to access this resource",
            mfa_context=self.new_challenge(user),
        )

    def new_challenge(self, user: User) -> str:
        context = self._seeds.uuid("mfa")
        self.challenges[context] = MfaChallenge(context, user.object_id, self._clock.now())
        return context

    def enforce_conditional_access(
        self, user: User, resource: str, amr: tuple[str, ...], device_id: str | None
    ) -> None:
        """Conditional Access "require compliant device": the token's device is one Intune reported compliant (not
        merely not reported non-compliant); AADSTS53000 otherwise."""
        for policy in self._directory.policies_for(resource):
            if policy.grant is ConditionalAccessGrant.COMPLIANT_DEVICE:
                device = self._directory.devices.get(device_id or "")
                if device is None or device.is_compliant is not True:
                    self._trace.record("entra", f"'{policy.name}' blocked {user.user_principal_name} from {resource}")
                    raise DeviceNotCompliant(
                        "Device is not in required device state: compliant. Conditional Access policy "
                        f"'{policy.name}' requires a compliant device, and the device is not compliant."
                    )

    def approve_mfa(self, user: User) -> int:
        """The user approves the pending sign-in requests in Microsoft Authenticator."""
        pending = [c for c in self.challenges.values() if c.user_id == user.object_id and not c.approved]
        for challenge in pending:
            self.challenges[challenge.context] = replace(challenge, approved=True)
        self._trace.record("entra", f"{user.user_principal_name} approved {len(pending)} sign-in request(s)")
        return len(pending)
