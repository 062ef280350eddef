"""Intune's own checks behind Graph: a settings catalog policy without a name or for another platform, a policy
or device configuration that does not exist, and the template a device configuration is listed as
(psso_sim.intune.configuration_policies, psso_sim.intune.device_configurations)."""

from __future__ import annotations

import pytest

from psso_sim.intune.errors import InvalidConfigurationPolicy, UnknownConfigurationPolicy
from psso_sim.intune.profiles import ConfigurationProfile, PasscodePayload
from psso_sim.intune.settings_catalog import recommended_settings
from psso_sim.world import World


def _settings() -> dict[str, object]:
    return {s.definition_id: v for s, v in recommended_settings("Password").items()}


def test_a_policy_needs_a_name_and_the_macos_platform() -> None:
    policies = World(seed=111).intune.configuration_policies
    with pytest.raises(InvalidConfigurationPolicy, match="needs a name") as blank:
        policies.create("  ", "", _settings())
    assert blank.value.hint == "Basics > Name"
    with pytest.raises(InvalidConfigurationPolicy, match="platform 'windows10' has no Extensible SSO settings"):
        policies.create("P", "", _settings(), platforms="windows10")
    policy = policies.create("P", "", _settings())
    with pytest.raises(InvalidConfigurationPolicy, match="needs a name"):
        policies.update(policy.id, _settings(), name="")
    assert policies.get(policy.id).name == "P"


def test_a_policy_looked_up_by_a_name_it_does_not_have_lists_the_names() -> None:
    policies = World(seed=112).intune.configuration_policies
    with pytest.raises(UnknownConfigurationPolicy, match="no configuration policy named 'Q'") as none:
        policies.named("Q")
    assert none.value.hint == "policies: none"
    policies.create("A", "", _settings())
    policies.create("B", "", _settings())
    assert policies.named("B").name == "B"
    with pytest.raises(UnknownConfigurationPolicy) as listed:
        policies.named("Q")
    assert listed.value.hint == "policies: 'A', 'B'"


def _profile(uuid: str, content: list[object]) -> ConfigurationProfile:
    return ConfigurationProfile(PayloadIdentifier=f"com.contoso.{uuid}", PayloadUUID=uuid,
                                PayloadDisplayName=uuid, PayloadContent=content)


def test_device_configurations_are_listed_by_template_and_assigned_by_id() -> None:
    world = World(seed=113)
    passcode = PasscodePayload(PayloadIdentifier="com.contoso.passcode.p", PayloadUUID="PP", minLength=12)
    world.intune.assign_profile(_profile("PASSCODE", [passcode]))
    world.intune.assign_profile(_profile("CUSTOM", []))
    configurations = world.intune.device_configurations
    assert {c.id: c.odata_type for c in configurations.list()} == {
        "PASSCODE": "#microsoft.graph.macOSGeneralDeviceConfiguration",
        "CUSTOM": "#microsoft.graph.macOSCustomConfiguration"}
    assigned = configurations.assign("CUSTOM", ["adele@contoso.com"])
    assert assigned.assignments == ("adele@contoso.com",)
    with pytest.raises(UnknownConfigurationPolicy, match="no device configuration 'NOPE'") as unknown:
        configurations.get("NOPE")
    assert unknown.value.hint == "configurations: PASSCODE, CUSTOM"
