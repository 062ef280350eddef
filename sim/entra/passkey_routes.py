"""The HTTP surface of Entra's passkey sign-in and of its passkey (FIDO2) policy.

- ``POST login.microsoftonline.com/common/GetCredentialType``: what the sign-in page may offer the user;
- ``POST login.microsoftonline.com/common/fido/assertion``: the browser's WebAuthn assertion (the real page
  posts it with its sign-in form; the path here is the simulation's);
- ``GET``/``PATCH graph.microsoft.com`` :data:`FIDO2_POLICY_PATH`: the passkey (FIDO2) policy.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.entra.passkey_authentication import Fido2Configuration, KeyRestrictions, PasskeyAuthentication
from psso_sim.network.service import Endpoint, ServiceRoutes, json_response, parse_body

__all__ = ["FIDO2_POLICY_PATH", "passkey_routes"]

LOGIN_HOST = "login.microsoftonline.com"
GRAPH_HOST = "graph.microsoft.com"
FIDO2_POLICY_PATH = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2"


class CredentialTypeBody(BaseModel):
    model_config = ConfigDict(extra="ignore")  # the real page sends more than the user name
    username: str = Field(min_length=1)


class AssertionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assertion: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    resource: str = Field(min_length=1)


class KeyRestrictionsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    isEnforced: bool = False
    enforcementType: Literal["allow", "block"] = "block"
    aaGuids: list[str] = Field(default_factory=list)


class Fido2Body(BaseModel):
    """Graph's ``fido2AuthenticationMethodConfiguration``: the part the simulation models."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    state: Literal["enabled", "disabled"]
    keyRestrictions: KeyRestrictionsBody = Field(default_factory=KeyRestrictionsBody)


def passkey_routes(passkeys: PasskeyAuthentication) -> ServiceRoutes:
    def credential_type(request: httpx.Request) -> httpx.Response:
        return json_response(passkeys.credential_type(parse_body(CredentialTypeBody, request).username))

    def assertion(request: httpx.Request) -> httpx.Response:
        body = parse_body(AssertionBody, request)
        return json_response(passkeys.sign_in(body.assertion, client_id=body.client_id, resource=body.resource)
                             .as_json())

    def get_policy(request: httpx.Request) -> httpx.Response:
        return json_response(_policy_json(passkeys.configuration))

    def update_policy(request: httpx.Request) -> httpx.Response:
        body = parse_body(Fido2Body, request)
        restrictions = body.keyRestrictions
        passkeys.configure(Fido2Configuration(body.state, KeyRestrictions(
            restrictions.isEnforced, restrictions.enforcementType, tuple(restrictions.aaGuids))))
        return httpx.Response(204)

    return ServiceRoutes("passkeys in Entra ID", [
        Endpoint("POST", LOGIN_HOST, r"^/common/GetCredentialType$", credential_type,
                 "the sign-in page: what the user can sign in with"),
        Endpoint("POST", LOGIN_HOST, r"^/common/fido/assertion$", assertion, "passkey (WebAuthn) sign-in"),
        Endpoint("GET", GRAPH_HOST, f"^{re.escape(FIDO2_POLICY_PATH)}$", get_policy, "the passkey (FIDO2) policy"),
        Endpoint("PATCH", GRAPH_HOST, f"^{re.escape(FIDO2_POLICY_PATH)}$", update_policy,
                 "update the passkey (FIDO2) policy"),
    ])


def _policy_json(configuration: Fido2Configuration) -> dict[str, Any]:
    restrictions = configuration.key_restrictions
    return {"@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration", "id": "Fido2",
            "state": configuration.state,
            "keyRestrictions": {"isEnforced": restrictions.is_enforced,
                                "enforcementType": restrictions.enforcement_type,
                                "aaGuids": list(restrictions.aa_guids)}}
