"""The passkey (FIDO2) authentication method policy on Graph:
``/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2``."""

from __future__ import annotations

import re
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.entra.passkey_authentication import Fido2Configuration, KeyRestrictions, PasskeyAuthentication
from psso_sim.entra.passkey_routes import FIDO2_POLICY_PATH
from psso_sim.graph.api import GraphApi
from psso_sim.graph.authz import Caller, Permission
from psso_sim.graph.odata import EntitySet, entity_response
from psso_sim.network.service import Endpoint, parse_body

__all__ = ["FIDO2_POLICY_PATH", "Fido2Body", "passkey_policy_endpoints"]

FIDO2 = EntitySet(
    "policies/authenticationMethodsPolicy/authenticationMethodConfigurations",
    "microsoft.graph.fido2AuthenticationMethodConfiguration", ("id", "state", "keyRestrictions"), frozenset())


class KeyRestrictionsBody(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    isEnforced: bool = False
    enforcementType: Literal["allow", "block"] = "block"
    aaGuids: list[str] = Field(default_factory=list)


class Fido2Body(BaseModel):
    """Graph's ``fido2AuthenticationMethodConfiguration``: the part the simulation models."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)
    state: Literal["enabled", "disabled"]
    keyRestrictions: KeyRestrictionsBody = Field(default_factory=KeyRestrictionsBody)


def passkey_policy_endpoints(graph: GraphApi, passkeys: PasskeyAuthentication) -> list[Endpoint]:
    def get_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        return entity_response(request, FIDO2, _policy_json(passkeys.configuration))

    def update_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        body = parse_body(Fido2Body, request)
        restrictions = body.keyRestrictions
        passkeys.configure(Fido2Configuration(body.state, KeyRestrictions(
            restrictions.isEnforced, restrictions.enforcementType, tuple(restrictions.aaGuids))))
        return httpx.Response(204)

    path = f"^{re.escape(FIDO2_POLICY_PATH)}$"
    return [
        graph.endpoint("GET", path, get_policy, "the passkey (FIDO2) policy", Permission.POLICY_READ_ALL),
        graph.endpoint("PATCH", path, update_policy, "update the passkey (FIDO2) policy",
                       Permission.POLICY_READWRITE_AUTHENTICATION_METHOD),
    ]


def _policy_json(configuration: Fido2Configuration) -> dict[str, Any]:
    restrictions = configuration.key_restrictions
    return {"@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration", "id": "Fido2",
            "state": configuration.state,
            "keyRestrictions": {"isEnforced": restrictions.is_enforced,
                                "enforcementType": restrictions.enforcement_type,
                                "aaGuids": list(restrictions.aa_guids)}}
