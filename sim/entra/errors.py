"""One exception class per real Microsoft Entra error code (AADSTSxxxxx / DRS errors)."""

from __future__ import annotations

from typing import Any

from psso_sim.network.service import ServiceError

__all__ = [
    "AccountLocked",
    "DeviceAuthenticationFailed",
    "DeviceDisabled",
    "DeviceNotCompliant",
    "DeviceNotFound",
    "DeviceRegistrationNotAuthorized",
    "EntraError",
    "GrantExpired",
    "GrantRevoked",
    "GraphResourceNotFound",
    "InvalidAccessToken",
    "InvalidCredentials",
    "InvalidNonce",
    "InvalidRegistrationToken",
    "MfaRegistrationRequired",
    "MfaRequired",
    "PasswordExpired",
    "UserAlreadyExists",
    "UserDisabled",
    "UserNotFound",
]


class EntraError(ServiceError):
    subsystem = "entra"
    code = 0
    oauth_error = "invalid_grant"

    def body(self) -> dict[str, Any]:
        return {
            "error": self.oauth_error,
            "error_description": f"AADSTS{self.code}: {self.message}",
            "error_codes": [self.code],
        }


class UserNotFound(EntraError):
    code = 50034


class UserAlreadyExists(EntraError):
    code = 1000  # Graph's Request_BadRequest for a duplicate userPrincipalName


class InvalidCredentials(EntraError):
    code = 50126


class PasswordExpired(EntraError):
    """The password signs in only to be changed: a temporary password from a reset, not yet replaced."""

    code = 50055


class MfaRequired(EntraError):
    code = 50076
    oauth_error = "interaction_required"

    def __init__(self, message: str, *, mfa_context: str) -> None:
        self.mfa_context = mfa_context
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        return super().body() | {"suberror": "basic_action", "mfa_context": self.mfa_context}


class MfaRegistrationRequired(EntraError):
    code = 50072
    oauth_error = "interaction_required"


class GrantRevoked(EntraError):
    code = 50173


class GrantExpired(EntraError):
    """A refresh token or PRT left unused past its inactivity window (14 days for a PRT)."""

    code = 700082


class InvalidNonce(EntraError):
    # The real service answers a stale or unknown request_nonce with invalid_grant.
    code = 50008


class AccountLocked(EntraError):
    """IdsLocked: too many sign-ins with a wrong password (smart lockout, :mod:`.lockout`)."""

    code = 50053


class UserDisabled(EntraError):
    code = 50057


class DeviceDisabled(EntraError):
    code = 135011


class DeviceAuthenticationFailed(EntraError):
    code = 50155


class DeviceNotFound(EntraError):
    code = 700003


class DeviceNotCompliant(EntraError):
    code = 53000
    oauth_error = "interaction_required"


class InvalidAccessToken(EntraError):
    status = 401
    code = 50132
    oauth_error = "invalid_token"


class _DrsError(EntraError):
    """The device registration service answers with its own error shape."""

    error_type = "DirectoryError"

    def body(self) -> dict[str, Any]:
        return {"ErrorType": self.error_type, "Message": self.message, "ErrorCode": self.code}


class DeviceRegistrationNotAuthorized(_DrsError):
    status = 403
    error_type = "AuthorizationError"
    code = 80180002  # reported on devices as "not authorized to join"


class InvalidRegistrationToken(_DrsError):
    error_type = "InvalidRegistrationToken"
    code = 80180003


class GraphResourceNotFound(EntraError):
    """Microsoft Graph's answer for an object that does not exist (Graph's own error shape)."""

    status = 404

    def body(self) -> dict[str, Any]:
        return {"error": {"code": "Request_ResourceNotFound", "message": self.message}}


# Certificate-based authentication (the smart card method) and platform credentials (the Secure Enclave
# method): the codes Entra's CBA troubleshooting guide lists, and the registration service's own shape.
class CertificatePolicyUnavailable(EntraError):
    """No authentication policy for the certificate: CBA has no trusted authority that issued it."""

    code = 1001000


class CertificateBindingFailed(EntraError):
    """The certificate's username binding (SAN PrincipalName) names no user, or another one."""

    code = 1001003


class CredentialPolicyBlocked(EntraError):
    """The user is not in scope for certificate-based authentication (not enabled in the tenant)."""

    code = 130501


class InvalidPlatformCredential(_DrsError):
    """The user key a Mac registers is not a public key, or its proof of possession does not verify."""

    error_type = "InvalidPlatformCredential"
    code = 80180031  # the service's code for it is not public; a DRS-shaped stand-in


__all__ += ["CertificateBindingFailed", "CertificatePolicyUnavailable", "CredentialPolicyBlocked",
            "InvalidPlatformCredential"]
