"""Settings catalog policies: what the admin creates in the Intune admin center, as Intune keeps it.

A policy holds its settings as Graph does (``settingDefinitionId`` -> value) and the configuration
profile they make: one ``com.apple.extensiblesso`` payload with the real Apple keys (see
:mod:`psso_sim.intune.settings_catalog`). Assigning it hands the profile to the backend's delivery,
which checks the SSO payloads of each targeted device at its next check-in (errors 10001 and 10002).
Operation names mirror Graph's ``deviceManagement/configurationPolicies``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from psso_sim.intune.errors import InvalidConfigurationPolicy, UnknownConfigurationPolicy
from psso_sim.intune.models import ManagedDevice, ProfileStatus
from psso_sim.intune.profiles import ConfigurationProfile
from psso_sim.intune.settings_catalog import CatalogError, build_sso_payload, setting_by_id
from psso_sim.intune.sso_payload import SSO_PAYLOAD_TYPE

if TYPE_CHECKING:
    from psso_sim.intune.backend import IntuneBackend

__all__ = ["ConfigurationPolicies", "ConfigurationPolicy", "PolicyDeviceStatus"]


@dataclass(frozen=True)
class ConfigurationPolicy:
    id: str
    name: str
    description: str
    platforms: str
    technologies: str
    settings: tuple[tuple[str, Any], ...]
    """(settingDefinitionId, value), in the order the admin configured them."""
    profile: ConfigurationProfile
    created: datetime
    role_scope_tag_ids: tuple[str, ...] = ("0",)  # "Default"
    assignments: tuple[str, ...] = ()  # All users, All devices, or user principal names

    @property
    def is_assigned(self) -> bool:
        return bool(self.assignments)


@dataclass(frozen=True)
class PolicyDeviceStatus:
    device: ManagedDevice
    status: ProfileStatus
    detail: str  # "10001: misconfiguration in the SSOe payload." for Intune's SSO payload errors


class ConfigurationPolicies:
    def __init__(self, backend: IntuneBackend) -> None:
        self._backend = backend
        self.policies: dict[str, ConfigurationPolicy] = {}

    def create(
        self, name: str, description: str, settings: Mapping[str, Any], *, platforms: str = "macOS",
        technologies: str = "mdm,appleRemoteManagement", role_scope_tag_ids: Iterable[str] = ("0",),
    ) -> ConfigurationPolicy:
        """POST configurationPolicies: a new, unassigned policy and the profile its settings make."""
        if not name.strip():
            raise InvalidConfigurationPolicy("a settings catalog policy needs a name", hint="Basics > Name")
        if platforms != "macOS":
            raise InvalidConfigurationPolicy(f"platform '{platforms}' has no Extensible SSO settings",
                                             hint="Platform: macOS")
        seeds = self._backend.seeds
        policy_id = seeds.uuid()
        profile = self._profile(policy_id, settings, payload_uuid=seeds.uuid())
        policy = ConfigurationPolicy(policy_id, name, description, platforms, technologies,
                                     tuple(settings.items()), profile, self._backend.now(),
                                     tuple(role_scope_tag_ids))
        self.policies[policy_id] = policy
        self._backend.trace.record("intune", f"settings catalog policy '{name}' created")
        for note in profile.notes():
            self._backend.trace.record("intune", f"'{name}': {note}")
        return policy

    def get(self, policy_id: str) -> ConfigurationPolicy:
        try:
            return self.policies[policy_id]
        except KeyError:
            raise UnknownConfigurationPolicy(f"no configuration policy '{policy_id}'",
                                             hint=f"policies: {', '.join(self.policies) or 'none'}") from None

    def named(self, name: str) -> ConfigurationPolicy:
        for policy in self.policies.values():
            if policy.name == name:
                return policy
        names = ", ".join(repr(p.name) for p in self.policies.values()) or "none"
        raise UnknownConfigurationPolicy(f"no configuration policy named '{name}'", hint=f"policies: {names}")

    def update(
        self, policy_id: str, settings: Mapping[str, Any], *, name: str | None = None, description: str | None = None
    ) -> ConfigurationPolicy:
        """PUT configurationPolicies/{id}: new settings (and basics); an assigned policy is delivered again."""
        policy = self.get(policy_id)
        if name is not None and not name.strip():
            raise InvalidConfigurationPolicy("a settings catalog policy needs a name", hint="Basics > Name")
        profile = self._profile(policy_id, settings, payload_uuid=self._backend.seeds.uuid())
        policy = self._store(replace(policy, settings=tuple(settings.items()), profile=profile,
                                     name=policy.name if name is None else name,
                                     description=policy.description if description is None else description))
        self._backend.trace.record("intune", f"settings catalog policy '{policy.name}' updated")
        if policy.is_assigned:
            self._backend.update_profile(profile)
        return policy

    def assign(self, policy_id: str, targets: Iterable[str]) -> ConfigurationPolicy:
        """POST configurationPolicies/{id}/assign: the targets replace the policy's assignments."""
        policy = self.get(policy_id)
        wanted = tuple(dict.fromkeys(targets))
        self._backend.unassign_profile(policy.profile.payload_identifier)
        if wanted:
            self._backend.assign_profile(policy.profile, frozenset(wanted))
        return self._store(replace(policy, assignments=wanted))

    def device_statuses(self, policy_id: str) -> list[PolicyDeviceStatus]:
        """Each device the policy targets, with its profile's status (Pending until it checks in)."""
        return self._backend.profile_device_statuses(self.get(policy_id).profile.payload_identifier)

    def _profile(self, policy_id: str, settings: Mapping[str, Any], *, payload_uuid: str) -> ConfigurationProfile:
        try:
            values = {setting_by_id(definition): value for definition, value in settings.items()}
            payload = build_sso_payload(values, payload_identifier=f"{SSO_PAYLOAD_TYPE}.{payload_uuid}",
                                        payload_uuid=payload_uuid, display_name="Extensible Single Sign-On")
        except CatalogError as error:
            raise InvalidConfigurationPolicy(error.message, hint=error.hint) from None
        # Settings > Privacy & Security > Profiles shows it as "com.apple.extensiblesso Profile" (Step 6).
        return ConfigurationProfile(
            PayloadIdentifier=f"com.microsoft.intune.configurationpolicy.{policy_id}",
            PayloadUUID=policy_id, PayloadDisplayName=f"{SSO_PAYLOAD_TYPE} Profile",
            PayloadOrganization=self._backend.organisation, PayloadScope="System", PayloadContent=[payload],
        )

    def _store(self, policy: ConfigurationPolicy) -> ConfigurationPolicy:
        self.policies[policy.id] = policy
        return policy

