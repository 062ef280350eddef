"""Passkey (FIDO2) sign-in to Entra ID, and the tenant's passkey (FIDO2) authentication methods policy.

The Secure Enclave method's Platform Credential "can be used as passkey" (Intune, Step 1), but only where the
organisation "enabled passkeys (FIDO2)" (troubleshooting article, Troubleshoot Passkey issues); with key
restrictions enforced, Company Portal's AAGUID must be allowed (the overview:
``7FD635B3-2EF9-4542-8D9D-164F2C771EFC``). The policy is Graph's ``fido2AuthenticationMethodConfiguration``:
a state (enabled, disabled) and key restrictions (enforced or not, allow or block, AAGUIDs).

The sign-in page asks ``GetCredentialType`` what the user can sign in with: it offers a passkey only when the
policy is enabled and the user has a passkey the policy accepts, and then carries a one-time challenge. The
browser's WebAuthn answer (an assertion over the challenge, signed by the passkey's key) signs the user in:
Entra checks the challenge, the policy, and the signature against the Platform Credential's public key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from psso_sim.clock import SimClock
from psso_sim.entra import es256, jwt
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import UserNotFound
from psso_sim.entra.models import TokenKind, User
from psso_sim.entra.platform_credentials import PlatformCredential
from psso_sim.entra.tokens import TokenService, TokenSet
from psso_sim.network.service import ServiceError
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["CHALLENGE_LIFETIME", "PLATFORM_CREDENTIAL_AAGUID", "RP_ID", "Fido2Configuration", "InvalidPasskey",
           "KeyRestrictions", "PasskeyAuthentication", "PasskeyNotAllowed"]

PLATFORM_CREDENTIAL_AAGUID = "7FD635B3-2EF9-4542-8D9D-164F2C771EFC"  # Company Portal's passkey provider
RP_ID = "login.microsoft.com"
CHALLENGE_LIFETIME = timedelta(minutes=5)


class PasskeyNotAllowed(ServiceError):
    """The policy refuses the passkey: FIDO2 disabled, or its AAGUID not allowed. The real sign-in page never
    posts a passkey it did not offer, so no AADSTS code is documented for this: the answer names none."""

    subsystem = "entra"

    def body(self) -> dict[str, Any]:
        return {"error": "invalid_request", "error_description": self.message}


class InvalidPasskey(PasskeyNotAllowed):
    """The assertion is not one Entra can accept: unknown challenge, wrong relying party, wrong key."""

    def body(self) -> dict[str, Any]:
        return {"error": "invalid_grant", "error_description": self.message}


@dataclass(frozen=True)
class KeyRestrictions:
    is_enforced: bool = False
    enforcement_type: Literal["allow", "block"] = "block"
    aa_guids: tuple[str, ...] = ()

    def allows(self, aaguid: str) -> bool:
        if not self.is_enforced:
            return True
        listed = aaguid.upper() in (g.upper() for g in self.aa_guids)
        return listed if self.enforcement_type == "allow" else not listed


@dataclass(frozen=True)
class Fido2Configuration:
    """Authentication methods > Policies > Passkey (FIDO2), for all users."""

    state: Literal["enabled", "disabled"] = "disabled"
    key_restrictions: KeyRestrictions = KeyRestrictions()

    @property
    def enabled(self) -> bool:
        return self.state == "enabled"

    def accepts(self, aaguid: str) -> bool:
        return self.enabled and self.key_restrictions.allows(aaguid)


class PasskeyAuthentication:
    def __init__(self, directory: Directory, tokens: TokenService, clock: SimClock, seeds: Seeds,
                 trace: Trace) -> None:
        self._directory = directory
        self._tokens = tokens
        self._clock = clock
        self._seeds = seeds
        self._trace = trace
        self.configuration = Fido2Configuration()
        self.challenges: dict[str, datetime] = {}

    # the admin
    def configure(self, configuration: Fido2Configuration) -> None:
        self.configuration = configuration
        restrictions = configuration.key_restrictions
        detail = (f"; key restrictions: {restrictions.enforcement_type} {', '.join(restrictions.aa_guids) or 'none'}"
                  if restrictions.is_enforced else "")
        self._trace.record("entra", f"passkey (FIDO2) authentication method {configuration.state}{detail}")

    # the sign-in page
    def credential_type(self, username: str) -> dict[str, Any]:
        """``GetCredentialType``: whether the user exists, and whether a passkey can sign them in (its challenge)."""
        try:
            user = self._directory.user_by_upn(username)
        except UserNotFound:
            return {"Username": username, "IfExistsResult": 1, "Credentials": {"HasPassword": False, "HasFido": False}}
        credentials: dict[str, Any] = {"HasPassword": True, "HasFido": bool(self._passkeys(user))}
        if credentials["HasFido"]:
            challenge = self._seeds.token("", length=43, purpose="fido-challenges")
            self.challenges[challenge] = self._clock.now()
            credentials["FidoParams"] = {"Challenge": challenge, "RpId": RP_ID}
        return {"Username": user.user_principal_name, "IfExistsResult": 0, "Credentials": credentials}

    def sign_in(self, assertion: str, *, client_id: str, resource: str) -> TokenSet:
        """The browser's WebAuthn assertion: tokens for ``resource``, multifactor, bound to the passkey."""
        try:
            claims = jwt.decode_unverified(assertion)[1]
        except ValueError as error:
            raise InvalidPasskey(f"the assertion is malformed: {error}") from None
        issued = self.challenges.pop(str(claims.get("challenge", "")), None)
        if issued is None or self._clock.now() - issued > CHALLENGE_LIFETIME:
            raise InvalidPasskey("the challenge is unknown, used or expired; start the sign-in again")
        if claims.get("rp_id") != RP_ID:
            raise InvalidPasskey(f"the passkey is for '{claims.get('rp_id')}', not {RP_ID}")
        user = self._directory.user_by_upn(str(claims.get("username", "")))
        aaguid = str(claims.get("aaguid", ""))
        if not self.configuration.accepts(aaguid):
            raise PasskeyNotAllowed(f"passkey (FIDO2) sign-in with authenticator {aaguid} is not allowed in this "
                                    "organization", hint="Authentication methods > Passkey (FIDO2): enable it")
        credential = next((c for c in self._passkeys(user) if c.device_id == claims.get("device_id")), None)
        if credential is None or not es256.verify(assertion, credential.public_key):
            raise InvalidPasskey(f"the assertion is not signed by a passkey of {user.user_principal_name}")
        amr = ("fido", "mfa")
        self._tokens.rules.enforce_conditional_access(user, resource, amr, None)  # as every sign-in is
        tokens = self._tokens._issue(user, client_id, resource, amr, refresh=TokenKind.REFRESH)
        for token in (tokens.access_token, tokens.refresh_token):
            if token is not None:
                self._tokens.grants[token] = replace(self._tokens.grants[token], key_id=credential.key_id)
        self._trace.record("entra", f"{user.user_principal_name} signed in to {resource} with a passkey "
                                    f"(platform credential {credential.key_id})")
        return tokens

    def _passkeys(self, user: User) -> list[PlatformCredential]:
        """The user's passkeys the policy accepts: their Platform Credentials (Company Portal's AAGUID)."""
        if not self.configuration.accepts(PLATFORM_CREDENTIAL_AAGUID):
            return []
        return self._tokens.platform_credentials.of(user)
