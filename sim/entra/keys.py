"""The tenant's token signing key (RS256) and what it publishes: the JWKS and OpenID Connect discovery.

Entra signs every token it issues (ID tokens, access tokens, and here the refresh tokens and PRTs too,
which clients treat as opaque) with the tenant's RSA key, and publishes the public half at the JWKS URL
that ``/{tenant}/v2.0/.well-known/openid-configuration`` names. A client verifies a token against that
JWKS (PyJWT's ``PyJWKClient``, MSAL, Platform SSO's ID token check); Entra verifies what it is handed back
the same way, so a token of another tenant (another key, another issuer) is refused.

The key is derived from the World's seed and the tenant (two primes of :mod:`.rsa_prime_pool`, picked by
SHA-256 of both), so one seed gives one key, and two tenants of one seed get different keys. RS256
(RSASSA-PKCS1-v1_5) is deterministic: one seed, one token, byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
from functools import cached_property
from typing import TYPE_CHECKING, Any

from psso_sim.entra.errors import EntraError
from psso_sim.entra.rsa_prime_pool import PRIMES

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc.jwk import RSAKey

# cryptography and joserfc are imported where used: the tenant's key is made when its first token is signed.

__all__ = ["ALGORITHM", "GrantOfAnotherTenant", "TenantKeys", "TokenNotFromThisTenant", "tenant_signing_key"]

ALGORITHM = "RS256"
_E = 65537


class TokenNotFromThisTenant(ValueError):
    """A token this tenant did not sign (another key, a forgery) or did not issue (another issuer)."""


@functools.lru_cache(maxsize=256)
def _key_from_primes(p: int, q: int) -> rsa.RSAPrivateKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    d = pow(_E, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
        rsa.RSAPublicNumbers(_E, p * q),
    )
    # The primes were checked when the pool was made (40 Miller-Rabin rounds); checking again costs ms.
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def tenant_signing_key(seed: int, tenant_id: str, domain: str) -> rsa.RSAPrivateKey:
    """The tenant's RSA-2048 signing key: two distinct primes of the pool, picked by the seed and tenant."""
    digest = hashlib.sha256(f"{seed}:{tenant_id}:{domain}:token-signing".encode()).digest()
    first = digest[0] % len(PRIMES)
    second = (first + 1 + digest[1] % (len(PRIMES) - 1)) % len(PRIMES)
    return _key_from_primes(*sorted((PRIMES[first], PRIMES[second])))


class TenantKeys:
    """Signs and verifies the tenant's tokens; publishes the public key."""

    def __init__(self, seed: int, tenant_id: str, domain: str, issuer: str) -> None:
        self.issuer = issuer
        self.tenant_id = tenant_id
        self._seed, self._domain = seed, domain

    @cached_property
    def _key(self) -> RSAKey:
        """Made when the first token is signed or checked: a World that signs none never loads joserfc."""
        from joserfc.jwk import RSAKey

        return RSAKey.import_key(tenant_signing_key(self._seed, self.tenant_id, self._domain))

    @cached_property
    def kid(self) -> str:
        """RFC 7638 thumbprint: stable for the key, as Entra's kid is for its certificate."""
        return self._key.thumbprint()

    def sign(self, claims: dict[str, Any], *, typ: str = "JWT") -> str:
        from joserfc import jwt

        return jwt.encode({"alg": ALGORITHM, "typ": typ, "kid": self.kid}, claims, self._key, algorithms=[ALGORITHM])

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a token this tenant signed and issued; :class:`TokenNotFromThisTenant` otherwise."""
        from joserfc import jwt
        from joserfc.errors import JoseError

        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
        except (JoseError, ValueError) as error:
            raise TokenNotFromThisTenant(f"not signed by this tenant's key {self.kid[:12]}...: {error}") from None
        if decoded.header.get("kid") != self.kid:
            raise TokenNotFromThisTenant(f"signed under another key id {decoded.header.get('kid')!r}")
        claims = dict(decoded.claims)
        if claims.get("iss") != self.issuer or claims.get("tid") != self.tenant_id:
            raise TokenNotFromThisTenant(
                f"issued by {claims.get('iss')!r} for tenant {claims.get('tid')!r}, not by {self.issuer}"
            )
        return claims

    def jwks(self) -> dict[str, Any]:
        """The JWKS document (``jwks_uri``): the public key only, as Entra lists its keys."""
        public = self._key.as_dict(private=False)
        return {"keys": [{**public, "use": "sig", "kid": self.kid, "alg": ALGORITHM, "issuer": self.issuer}]}


class GrantOfAnotherTenant(EntraError):
    """A refresh token or PRT another tenant issued (another key, another issuer), redeemed here."""

    code = 700005  # InvalidGrantRedeemAgainstWrongTenant
