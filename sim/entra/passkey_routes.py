"""The HTTP surface of Entra's passkey sign-in.

- ``POST login.microsoftonline.com/common/GetCredentialType``: what the sign-in page may offer the user;
- ``POST login.microsoftonline.com/common/fido/assertion``: the browser's WebAuthn assertion (the real page
  posts it with its sign-in form; the path here is the simulation's);
- the passkey (FIDO2) policy on Graph: :mod:`psso_sim.graph.passkey_policy`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.entra.passkey_authentication import PasskeyAuthentication
from psso_sim.network.service import Endpoint, ServiceRoutes, json_response, parse_body

if TYPE_CHECKING:
    import httpx

__all__ = ["FIDO2_POLICY_PATH", "passkey_routes"]

LOGIN_HOST = "login.microsoftonline.com"
FIDO2_POLICY_PATH = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2"


class CredentialTypeBody(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)  # the real page sends more than the user name
    username: str = Field(min_length=1)


class AssertionBody(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    assertion: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    resource: str = Field(min_length=1)


def passkey_routes(passkeys: PasskeyAuthentication) -> ServiceRoutes:
    def credential_type(request: httpx.Request) -> httpx.Response:
        return json_response(passkeys.credential_type(parse_body(CredentialTypeBody, request).username))

    def assertion(request: httpx.Request) -> httpx.Response:
        body = parse_body(AssertionBody, request)
        return json_response(passkeys.sign_in(body.assertion, client_id=body.client_id, resource=body.resource)
                             .as_json())

    return ServiceRoutes("passkeys in Entra ID", [
        Endpoint("POST", LOGIN_HOST, r"^/common/GetCredentialType$", credential_type,
                 "the sign-in page: what the user can sign in with"),
        Endpoint("POST", LOGIN_HOST, r"^/common/fido/assertion$", assertion, "passkey (WebAuthn) sign-in"),
    ])

