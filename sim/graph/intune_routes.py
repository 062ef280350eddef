"""Intune's Microsoft Graph endpoints (``deviceManagement``): managed devices, settings catalog policies,
template profiles; each with the permission the real API needs, in Intune's error dialect."""

from __future__ import annotations

import httpx

from psso_sim.graph.api import INTUNE, GraphApi
from psso_sim.graph.authz import Caller, Permission
from psso_sim.graph.intune_resources import (
    CONFIGURATION_POLICIES,
    DEVICE_CONFIGURATIONS,
    DEVICE_STATUSES,
    MANAGED_DEVICES,
    AssignBody,
    ConfigurationPolicyBody,
    configuration_json,
    managed_device_json,
    policy_json,
    status_json,
)
from psso_sim.graph.odata import collection_response, entity_response
from psso_sim.intune.backend import IntuneBackend
from psso_sim.intune.models import ManagedDevice
from psso_sim.network.service import Endpoint, json_response, parse_body

__all__ = ["intune_graph_endpoints"]

_P = Permission
_MANAGED = r"^/v1\.0/deviceManagement/managedDevices"
_POLICIES = r"^/beta/deviceManagement/configurationPolicies"
_POLICY = _POLICIES + r"/(?P<policy_id>[^/]+)"
_CONFIGURATIONS = r"^/v1\.0/deviceManagement/deviceConfigurations"
_CONFIGURATION = _CONFIGURATIONS + r"/(?P<configuration_id>[^/]+)"


def intune_graph_endpoints(backend: IntuneBackend) -> list[Endpoint]:
    graph = GraphApi(backend.entra.tokens, backend.entra.directory, INTUNE)
    policies = backend.configuration_policies

    def device_json(device: ManagedDevice) -> dict[str, object]:
        return managed_device_json(device, backend.automated_enrollment.enrollment_type(device.id))

    def managed_device(device_id: str) -> ManagedDevice:
        if device_id not in backend.devices:
            raise graph.not_found(device_id)
        return backend.device(device_id)

    def get_file_vault_key(request: httpx.Request, caller: Caller, device_id: str) -> httpx.Response:
        return json_response({"value": backend.recovery_keys.get_file_vault_key(managed_device(device_id).id)})

    def list_managed_devices(request: httpx.Request, caller: Caller) -> httpx.Response:
        return collection_response(request, MANAGED_DEVICES, [device_json(d) for d in backend.devices.values()])

    def get_managed_device(request: httpx.Request, caller: Caller, device_id: str) -> httpx.Response:
        return entity_response(request, MANAGED_DEVICES, device_json(managed_device(device_id)))

    def create_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        body = parse_body(ConfigurationPolicyBody, request)
        policy = policies.create(
            body.name, body.description, {s.settingDefinitionId: s.value for s in body.settings},
            platforms=body.platforms, technologies=body.technologies, role_scope_tag_ids=body.roleScopeTagIds)
        return entity_response(request, CONFIGURATION_POLICIES, policy_json(policy), status=201)

    def list_policies(request: httpx.Request, caller: Caller) -> httpx.Response:
        return collection_response(request, CONFIGURATION_POLICIES,
                                   [policy_json(p) for p in policies.policies.values()])

    def get_policy(request: httpx.Request, caller: Caller, policy_id: str) -> httpx.Response:
        return entity_response(request, CONFIGURATION_POLICIES, policy_json(policies.get(policy_id)))

    def update_policy(request: httpx.Request, caller: Caller, policy_id: str) -> httpx.Response:
        body = parse_body(ConfigurationPolicyBody, request)
        policy = policies.update(policy_id, {s.settingDefinitionId: s.value for s in body.settings},
                                 name=body.name, description=body.description)
        return entity_response(request, CONFIGURATION_POLICIES, policy_json(policy))

    def assign_policy(request: httpx.Request, caller: Caller, policy_id: str) -> httpx.Response:
        policies.assign(policy_id, parse_body(AssignBody, request).targets())
        return httpx.Response(204)

    def policy_statuses(request: httpx.Request, caller: Caller, policy_id: str) -> httpx.Response:
        statuses = [status_json(s) for s in policies.device_statuses(policy_id)]
        return collection_response(request, DEVICE_STATUSES, statuses)

    def list_configurations(request: httpx.Request, caller: Caller) -> httpx.Response:
        configurations = [configuration_json(c) for c in backend.device_configurations.list()]
        return collection_response(request, DEVICE_CONFIGURATIONS, configurations)

    def assign_configuration(request: httpx.Request, caller: Caller, configuration_id: str) -> httpx.Response:
        backend.device_configurations.assign(configuration_id, parse_body(AssignBody, request).targets())
        return httpx.Response(204)

    def configuration_statuses(request: httpx.Request, caller: Caller, configuration_id: str) -> httpx.Response:
        configuration = backend.device_configurations.get(configuration_id)
        statuses = backend.profile_device_statuses(configuration.profile.payload_identifier)
        return collection_response(request, DEVICE_STATUSES, [status_json(s) for s in statuses])

    e = graph.endpoint
    read, write = _P.CONFIGURATION_READ_ALL, _P.CONFIGURATION_READWRITE_ALL
    return [
        e("GET", r"^/beta/deviceManagement/managedDevices/(?P<device_id>[^/]+)/getFileVaultKey$",
          get_file_vault_key, "a managed Mac's escrowed FileVault recovery key",
          _P.MANAGED_DEVICES_PRIVILEGED_OPERATIONS),
        e("GET", _MANAGED + "$", list_managed_devices, "list managed devices", _P.MANAGED_DEVICES_READ_ALL),
        e("GET", _MANAGED + r"/(?P<device_id>[^/]+)$", get_managed_device, "get a managed device",
          _P.MANAGED_DEVICES_READ_ALL),
        e("POST", _POLICIES + "$", create_policy, "create a settings catalog policy", write),
        e("GET", _POLICIES + "$", list_policies, "list settings catalog policies", read),
        e("GET", _POLICY + "$", get_policy, "get a settings catalog policy", read),
        e("PUT", _POLICY + "$", update_policy, "update a settings catalog policy's settings", write),
        e("POST", _POLICY + "/assign$", assign_policy, "assign a settings catalog policy", write),
        e("GET", _POLICY + "/deviceStatuses$", policy_statuses, "a settings catalog policy's device statuses", read),
        e("GET", _CONFIGURATIONS + "$", list_configurations, "list template and custom profiles", read),
        e("POST", _CONFIGURATION + "/assign$", assign_configuration, "assign a template or custom profile", write),
        e("GET", _CONFIGURATION + "/deviceStatuses$", configuration_statuses,
          "a template or custom profile's device statuses", read),
    ]
