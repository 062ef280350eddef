"""Sign-in and token issuance: the token endpoint of simulated Entra ID.

Rules modelled (each one a scenario can break):
- a password grant checks the user and the password (AADSTS50034, AADSTS50126);
- MFA is required by per-user MFA (every sign-in, even Platform SSO's non-interactive
  password login, which cannot satisfy it), by the device registration policy for the
  registration service, and by Conditional Access for the resources a policy names;
- a user with no MFA method must register one first (AADSTS50072);
- passwordless phone sign-in (Microsoft Authenticator) needs only the approval, no password;
- Platform SSO asks for a one-time server nonce (``grant_type=srv_challenge``) and then
  logs in with an assertion signed by the device's registered key, carrying the nonce,
  the user name and the password; the answer is a Primary Refresh Token;
- a password change revokes the user's refresh tokens and PRTs (AADSTS50173);
- Conditional Access "require compliant device" needs a PRT of a compliant device;
- a PRT whose device object was deleted no longer refreshes (AADSTS700003);
- ``amr_values=mfa`` asks for MFA whatever the policies say (the Secure Enclave and smart card methods:
  "MFA mandatory for setup");
- a smart card signs in by certificate-based authentication (:mod:`.certificate_auth`), single-factor
  unless the tenant binds it as multifactor;
- the Secure Enclave and smart card methods send the same device-signed login request, carrying an
  assertion signed by the user's key (the registered platform credential, or the card's certificate);
  the PRT is bound to that key, and no password travels;
- a disabled device (AADSTS135011) or user (AADSTS50057) does not log in, nor refresh;
- a PRT refreshed for ``urn:aad:prt`` is renewed (a new PRT, valid 14 days again, bound as the old one); one
  left unused 14 days is refused with AADSTS700082 (expired due to inactivity), not as revoked;
- a refresh meets the resource's MFA requirements as a sign-in does (per-user MFA, the device registration
  policy, Conditional Access): a token without MFA cannot reach a resource that requires it (AADSTS50076).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from psso_sim.clock import SimClock
from psso_sim.entra import device_proofs, jwt, psso_key_login, psso_login, psso_wire
from psso_sim.entra.certificate_auth import CertificateAuthority, CertificateBasedAuthentication
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import (
    DeviceAuthenticationFailed,
    DeviceNotFound,
    GrantExpired,
    GrantRevoked,
    InvalidAccessToken,
    InvalidNonce,
    MfaRegistrationRequired,
    MfaRequired,
)
from psso_sim.entra.keys import GrantOfAnotherTenant, TenantKeys, TokenNotFromThisTenant
from psso_sim.entra.lockout import SmartLockout, UserDisabled, check_enabled
from psso_sim.entra.models import Grant, MfaChallenge, TokenKind, User
from psso_sim.entra.platform_credentials import PlatformCredentials
from psso_sim.entra.psso_login import LoginRequest
from psso_sim.entra.sign_in_rules import DRS_RESOURCE, SignInRules
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "DRS_RESOURCE",
    "NONCE_LIFETIME",
    "PRT_LIFETIME",
    "TokenService",
    "TokenSet",
]

ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
PRT_RENEWAL = "urn:aad:prt"  # the resource a PRT is refreshed for to get a new PRT (Platform SSO's refresh)
PRT_LIFETIME = timedelta(days=14)
NONCE_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str | None
    id_token: str
    expires_in: int
    resource: str
    kind: TokenKind
    login_response: str | None = None  # Platform SSO's login answers with this JWE of as_json (psso_wire)

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": self.access_token,
            "id_token": self.id_token,
            "expires_in": self.expires_in,
            "resource": self.resource,
        }
        if self.refresh_token is not None:
            body["refresh_token"] = self.refresh_token
            if self.kind is TokenKind.PRT:
                body["refresh_token_expires_in"] = int(PRT_LIFETIME.total_seconds())
        return body


class TokenService:
    def __init__(self, directory: Directory, clock: SimClock, seeds: Seeds, trace: Trace) -> None:
        self._directory = directory
        self._clock = clock
        self._seeds = seeds
        self._trace = trace
        tenant = directory.tenant
        self.keys = TenantKeys(seeds.seed, tenant.tenant_id, tenant.domain, self.issuer)  # RS256, JWKS
        self.grants: dict[str, Grant] = {}
        # Issued tokens in the order they expire (one lifetime per kind, a clock that never goes back): what
        # has expired leaves ``grants`` as new tokens are issued; a revoked one stays, to be refused as revoked.
        # An expired token is refused all the same: its own signed ``exp`` says so (:meth:`_expired_claim`).
        self._expiring: dict[TokenKind, deque[tuple[datetime, str]]] = {kind: deque() for kind in TokenKind}
        self.nonces: dict[str, Any] = {}  # in the order issued: the expired ones leave as new ones are asked for
        self.rules = SignInRules(directory, clock, seeds, trace)  # password, MFA, Conditional Access
        # Tenant settings and stores of the newer methods, here until EntraBackend names them.
        self.certificate_auth = CertificateBasedAuthentication(directory, clock, trace)
        self.organisation_ca = CertificateAuthority(directory.tenant.name, seeds, clock)
        self.platform_credentials = PlatformCredentials(seeds, clock, trace)

    @property
    def challenges(self) -> dict[str, MfaChallenge]:
        """The MFA sign-in requests waiting for, or given, the user's approval."""
        return self.rules.challenges

    @property
    def lockout(self) -> SmartLockout:
        return self.rules.lockout

    @property
    def issuer(self) -> str:
        return f"https://login.microsoftonline.com/{self._directory.tenant.tenant_id}/v2.0"

    # interactive sign-in (the web sheet Company Portal and the SSO extension show)
    def password_grant(
        self, username: str, password: str, *, client_id: str, resource: str, mfa_context: str | None = None,
        amr_values: str | None = None,
    ) -> TokenSet:
        user = self._directory.user_by_upn(username)
        self.rules.check_password(user, password)
        amr: tuple[str, ...] = ("pwd",)
        if self.rules.mfa_needed(user, resource) or "mfa" in (amr_values or "").split():
            self.rules.require_mfa(user, resource, mfa_context)
            amr += ("mfa",)
        self.rules.enforce_conditional_access(user, resource, amr, device_id=None)
        self._trace.record("entra", f"{user.user_principal_name} signed in to {resource} ({'+'.join(amr)})")
        return self._issue(user, client_id, resource, amr, refresh=TokenKind.REFRESH)

    def phone_sign_in(
        self, username: str, *, client_id: str, resource: str, mfa_context: str | None = None
    ) -> TokenSet:
        """Passwordless sign-in with Microsoft Authenticator: the email address, then an approval.

        The sign-in page's phone sign-in, answered here at the token endpoint. It is multifactor by
        itself (the phone and its unlock), and no password travels, so Platform SSO asks for the
        password afterwards to synchronize it.
        """
        user = self._directory.user_by_upn(username)
        if not user.account_enabled:
            raise UserDisabled(f"The user account '{user.user_principal_name}' is disabled.")
        if "Microsoft Authenticator" not in user.mfa_methods:
            raise MfaRegistrationRequired(
                f"The user '{user.user_principal_name}' has no Microsoft Authenticator for phone sign-in.",
                hint="register Microsoft Authenticator for the user",
            )
        challenge = self.rules.challenges.get(mfa_context or "")
        if challenge is None or challenge.user_id != user.object_id or not challenge.approved:
            raise MfaRequired("approve the sign-in request in Microsoft Authenticator",
                              mfa_context=self.rules.new_challenge(user))
        del self.rules.challenges[challenge.context]
        amr = ("rsa", "mfa")
        self.rules.enforce_conditional_access(user, resource, amr, device_id=None)
        self._trace.record("entra", f"{user.user_principal_name} signed in to {resource} with phone sign-in")
        return self._issue(user, client_id, resource, amr, refresh=TokenKind.REFRESH)

    def certificate_sign_in(
        self, certificate: str, assertion: str, *, client_id: str, resource: str, mfa_context: str | None = None,
        amr_values: str | None = None,
    ) -> TokenSet:
        """Certificate-based authentication: the card signed the server's nonce (``request_nonce``)."""
        self._take_nonce(assertion)
        user = self.certificate_auth.authenticate(certificate, assertion)
        amr: tuple[str, ...] = ("x509", "mfa") if self.certificate_auth.multifactor else ("x509",)
        wants_mfa = self.rules.mfa_needed(user, resource) or "mfa" in (amr_values or "").split()
        if wants_mfa and "mfa" not in amr:
            self.rules.require_mfa(user, resource, mfa_context)
            amr += ("mfa",)
        self.rules.enforce_conditional_access(user, resource, amr, device_id=None)
        self._trace.record("entra", f"{user.user_principal_name} signed in to {resource} with a certificate "
                                    f"({'+'.join(amr)})")
        return self._issue(user, client_id, resource, amr, refresh=TokenKind.REFRESH)

    def approve_mfa(self, user: User) -> int:
        """The user approves the pending sign-in requests in Microsoft Authenticator."""
        return self.rules.approve_mfa(user)

    # Platform SSO
    def srv_challenge(self) -> str:
        nonce = self._seeds.token("", length=43, purpose="nonces")
        now = self._clock.now()
        while self.nonces:  # spent ones are gone already; the oldest unspent may have expired
            oldest = next(iter(self.nonces))
            if now - self.nonces[oldest] <= NONCE_LIFETIME:
                break
            del self.nonces[oldest]
        self.nonces[nonce] = now
        return nonce

    def psso_login(self, assertion: str, *, client_id: str) -> TokenSet:
        """Apple's login request, by the method its ``grant_type`` names: the password, or the user's key."""
        try:
            grant_type = jwt.decode_unverified(assertion)[1].get("grant_type")
        except ValueError as error:
            raise DeviceAuthenticationFailed(f"the assertion is malformed: {error}") from None
        if grant_type == psso_wire.JWT_BEARER:
            return self.psso_key_login(assertion, client_id=client_id)
        return self.psso_password_login(assertion, client_id=client_id)

    def _login_request(self, assertion: str) -> LoginRequest:
        tenant = self._directory.tenant
        return psso_login.read_request(
            assertion, self._directory, frozenset({tenant.tenant_id, tenant.domain, "organizations", "common"}),
            self._clock.now())

    def psso_password_login(self, assertion: str, *, client_id: str) -> TokenSet:
        """Apple's login request (:mod:`.psso_login`), answered with a PRT in the login response JWE."""
        request = self._login_request(assertion)
        device, claims = request.device, request.claims
        if claims.get("grant_type") != "password":
            raise DeviceAuthenticationFailed(f"the login request's grant_type is {claims.get('grant_type')!r}, "
                                             "not 'password'")
        self.redeem_nonce(str(claims.get("request_nonce", "")))
        user = self._directory.user_by_upn(str(claims.get("username", "")))
        self.rules.check_password(user, str(claims.get("password", "")))
        if user.per_user_mfa:
            # Non-interactive: nothing can answer the MFA prompt, so password sync fails.
            raise MfaRequired(
                "Due to a configuration change made by your administrator, or because you moved to a new "
                "location, you must use multi-factor authentication to access this resource.",
                mfa_context=self.rules.new_challenge(user),
            )
        self._trace.record("entra", f"PRT issued to {user.user_principal_name} on device {device.device_id}")
        # A PRT from a registered device's key counts as a strong (multifactor) credential.
        return self._login_response(request, self._issue(
            user, client_id, "urn:aad:prt", ("pwd", "rsa", "mfa"), refresh=TokenKind.PRT, device_id=device.device_id,
            nonce=request.nonce))

    def psso_key_login(self, assertion: str, *, client_id: str) -> TokenSet:
        """Platform SSO's login with the user's key: the device-signed login request carries an assertion signed
        by a Secure Enclave key Entra holds the public half of, or by a smart card (:mod:`.psso_key_login`). No
        password; the PRT is bound to the Secure Enclave key."""
        request = self._login_request(assertion)
        login = psso_key_login.read_user_assertion(request, self._directory, self.platform_credentials,
                                                   self.certificate_auth, self._clock.now())
        self.redeem_nonce(str(request.claims.get("request_nonce", "")))
        device, user = request.device, login.user
        check_enabled(user, device)  # AADSTS50057
        self._trace.record("entra", f"PRT issued to {user.user_principal_name} on device {device.device_id} "
                                    f"({'+'.join(login.amr)})")
        tokens = self._issue(user, client_id, "urn:aad:prt", login.amr, refresh=TokenKind.PRT,
                             device_id=device.device_id, nonce=request.nonce)
        if login.key_id is not None and tokens.refresh_token is not None:
            self.grants[tokens.refresh_token] = replace(self.grants[tokens.refresh_token], key_id=login.key_id)
        return self._login_response(request, tokens)

    def _login_response(self, request: LoginRequest, tokens: TokenSet) -> TokenSet:
        rng = self._seeds.stream("psso-login-responses")
        return replace(tokens, login_response=psso_login.encrypt_response(tokens.as_json(), request, rng))

    def _take_nonce(self, assertion: str) -> None:
        self.redeem_nonce(str(jwt.decode_unverified(assertion)[1].get("request_nonce", "")))

    def redeem_nonce(self, nonce: str) -> None:
        """Spend a server nonce (``srv_challenge``): AADSTS50008 if unknown, spent or older than five minutes."""
        issued = self.nonces.pop(nonce, None)
        if issued is None or self._clock.now() - issued > NONCE_LIFETIME:
            raise InvalidNonce("the request_nonce is unknown, used or expired; request a new one")

    def refresh(self, refresh_token: str, *, client_id: str, resource: str, request: str | None = None) -> TokenSet:
        """Redeem a refresh token; a PRT only with ``request``, its device's signed proof (:mod:`.device_proofs`)."""
        claims = self._check_tenant(refresh_token)
        grant = self.grants.get(refresh_token)
        if grant is None and self._expired_claim(claims, ("rt.", "prt.")):
            raise GrantExpired("The refresh token has expired due to inactivity.")
        if grant is None or grant.kind is TokenKind.ACCESS:
            raise GrantRevoked("the refresh token is unknown")
        if grant.revoked:
            raise GrantRevoked(
                "The provided grant has expired due to it being revoked, a fresh auth token is needed. "
                "The user might have changed or reset their password."
            )
        if self._clock.now() >= grant.expires_at:
            raise GrantExpired("The refresh token has expired due to inactivity.")
        if grant.device_id is not None and grant.device_id not in self._directory.devices:
            # A PRT is bound to its device: once the device object is deleted, it is worthless.
            raise DeviceNotFound(f"device '{grant.device_id}' of this token was not found in the tenant")
        if grant.key_id is not None and grant.key_id not in self.platform_credentials.credentials:
            # A PRT is bound to the key it was issued for: once the credential is deleted, it is worthless.
            raise GrantRevoked(f"platform credential '{grant.key_id}' of this token was deleted")
        user = self._directory.users[grant.user_id]
        check_enabled(user, self._directory.devices.get(grant.device_id or ""))  # AADSTS50057, AADSTS135011
        if grant.kind is TokenKind.PRT and grant.device_id is not None:  # proof of the device key (AADSTS50155)
            device = self._directory.devices[grant.device_id]
            device_proofs.check_refresh_proof(request, refresh_token, client_id, device, self._clock.now(),
                                              self.redeem_nonce)
        # MFA as a sign-in would need it: a refresh cannot answer the prompt, so a token without MFA goes no further
        if self.rules.mfa_needed(user, resource) and "mfa" not in grant.amr:
            raise MfaRequired("you must use multi-factor authentication to access this resource",
                              mfa_context=self.rules.new_challenge(user))
        self.rules.enforce_conditional_access(user, resource, grant.amr, grant.device_id)
        if grant.kind is TokenKind.PRT and resource == PRT_RENEWAL:  # a PRT in use is renewed: 14 days again
            tokens = self._issue(user, client_id, resource, grant.amr, refresh=TokenKind.PRT, device_id=grant.device_id)
            if grant.key_id is not None and tokens.refresh_token is not None:  # still bound to the user's key
                self.grants[tokens.refresh_token] = replace(self.grants[tokens.refresh_token], key_id=grant.key_id)
            self._trace.record("entra", f"PRT renewed for {user.user_principal_name} on device {grant.device_id}")
            return tokens
        return self._issue(user, client_id, resource, grant.amr, refresh=None, device_id=grant.device_id)

    def _check_tenant(self, refresh_token: str) -> dict[str, Any]:
        """A refresh token or PRT is bound to the tenant and issuer that signed it (AADSTS700005); its claims."""
        try:
            jwt.decode_unverified(refresh_token)
        except ValueError:
            raise GrantRevoked("the refresh token is unknown (not a token Entra issued)") from None
        try:
            return self.keys.verify(refresh_token)
        except TokenNotFromThisTenant as error:
            raise GrantOfAnotherTenant(
                f"Provided grant is intended to use against other tenant, thus rejected: {error}") from None

    def validate(self, access_token: str, resource: str) -> Grant:
        try:
            claims = self.keys.verify(access_token)  # signed by this tenant's key, issued by this tenant
        except TokenNotFromThisTenant as error:
            raise InvalidAccessToken(f"the access token is not valid: {error}") from None
        grant = self.grants.get(access_token)
        if grant is None and self._expired_claim(claims, ("at.",)):
            raise InvalidAccessToken("the access token has expired")
        if grant is None or grant.kind is not TokenKind.ACCESS or grant.revoked:
            raise InvalidAccessToken("the access token is not valid")
        if self._clock.now() >= grant.expires_at:
            raise InvalidAccessToken("the access token has expired")
        if grant.resource != resource:
            raise InvalidAccessToken(f"the access token is for '{grant.resource}', not '{resource}'")
        return grant

    def revoke_sessions(self, user: User) -> int:
        revoked = 0
        for token, grant in list(self.grants.items()):
            if grant.user_id == user.object_id and grant.kind is not TokenKind.ACCESS and not grant.revoked:
                self.grants[token] = replace(grant, revoked=True)
                revoked += 1
        return revoked

    def revoke_device(self, device_id: str) -> None:
        for token, grant in list(self.grants.items()):
            if grant.device_id == device_id:
                self.grants[token] = replace(grant, revoked=True)

    def _expired_claim(self, claims: dict[str, Any], prefixes: tuple[str, ...]) -> bool:
        """Whether a token this tenant signed, of a kind ``prefixes`` names (its ``uti``), is past its ``exp``:
        how an expired token that has left :attr:`grants` is still refused as expired."""
        exp = claims.get("exp")
        return (str(claims.get("uti", "")).startswith(prefixes) and isinstance(exp, int)
                and self._clock.now().timestamp() >= exp)

    def _prune(self, now: datetime) -> None:
        """Drop the grants that have expired unrevoked (a revoked one stays: it is refused as revoked)."""
        for queue in self._expiring.values():
            while queue and queue[0][0] <= now:
                token = queue.popleft()[1]
                grant = self.grants.get(token)
                if grant is not None and not grant.revoked and grant.expires_at <= now:
                    del self.grants[token]

    # rules
    def _issue(
        self,
        user: User,
        client_id: str,
        resource: str,
        amr: tuple[str, ...],
        *,
        refresh: TokenKind | None,
        device_id: str | None = None,
        nonce: str | None = None,
    ) -> TokenSet:
        now = self._clock.now()
        self._prune(now)
        access = self._signed("at.", now, ACCESS_TOKEN_LIFETIME, aud=resource, oid=user.object_id, sub=user.object_id,
                              azp=client_id, amr=list(amr), deviceid=device_id)
        self.grants[access] = Grant(
            access,
            TokenKind.ACCESS,
            user.object_id,
            client_id,
            resource,
            amr,
            now,
            now + ACCESS_TOKEN_LIFETIME,
            device_id,
        )
        self._expiring[TokenKind.ACCESS].append((now + ACCESS_TOKEN_LIFETIME, access))
        refresh_token = None
        if refresh is not None:
            refresh_token = self._signed("prt." if refresh is TokenKind.PRT else "rt.", now, PRT_LIFETIME,
                                         token_use=refresh.value, sub=user.object_id, azp=client_id,
                                         deviceid=device_id)
            self.grants[refresh_token] = Grant(
                refresh_token,
                refresh,
                user.object_id,
                client_id,
                resource,
                amr,
                now,
                now + PRT_LIFETIME,
                device_id,
            )
            self._expiring[refresh].append((now + PRT_LIFETIME, refresh_token))
        claims = {
            "iss": self.issuer,
            "aud": client_id,
            "tid": self._directory.tenant.tenant_id,
            "oid": user.object_id,
            "sub": user.object_id,  # REQUIRED in an ID token (OpenID Connect Core 2); MSAL keys accounts by it
            "preferred_username": user.user_principal_name,
            "name": user.display_name,
            "amr": list(amr),
            "iat": int(now.timestamp()),
            "exp": int((now + ACCESS_TOKEN_LIFETIME).timestamp()),
        }
        if device_id:
            claims["deviceid"] = device_id
        if nonce is not None:
            claims["nonce"] = nonce  # the login request's nonce: Platform SSO checks its id_token carries it
        id_token = self.keys.sign(claims)
        return TokenSet(
            access,
            refresh_token,
            id_token,
            int(ACCESS_TOKEN_LIFETIME.total_seconds()),
            resource,
            refresh or TokenKind.ACCESS,
        )

    def _signed(self, prefix: str, now: datetime, lifetime: timedelta, **claims: Any) -> str:
        """A token the tenant signs (RS256): issuer, tenant, times, a unique id, and ``claims`` (None left out).
        The seeded id keeps the draw of the opaque tokens this replaces, so the rest of a run is unchanged."""
        unique = self._seeds.token(prefix)
        signed = {"iss": self.issuer, "tid": self._directory.tenant.tenant_id, "iat": int(now.timestamp()),
                  "nbf": int(now.timestamp()), "exp": int((now + lifetime).timestamp()), "uti": unique,
                  **{name: value for name, value in claims.items() if value is not None}}
        return self.keys.sign(signed)
