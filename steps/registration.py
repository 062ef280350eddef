"""Platform SSO registration beyond the first one: waiting for it, the Enterprise SSO plug-in's
Workplace Join key, a broken registration, and what Intune and the keychain hold.

Source: MacOS Platform single sign-on known issues and troubleshooting > Scenarios to validate
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import given, then, when

from psso_sim.actors import Person
from psso_sim.macos.authentication_methods import method_named
from psso_sim.macos.keychain import WORKPLACE_JOIN_KEY
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import DEVICE_KEYS, RegistrationStatus
from psso_sim.macos.workplace_join import register_with_enterprise_sso_plugin
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@when(step_parser("the user waits up to {limit:Duration} for the Mac to register"))
def wait_for_registration(world: World, mac: Mac, limit: timedelta) -> None:
    """Let simulated time run until Platform SSO has registered the Mac; fail if it has not by the limit.

    Source: Register a Mac device > Just In Time Rendering (JITR) workflow
    Example: When the user waits up to 5 minutes for the Mac to register
    """
    psso = mac.platform_sso
    if not world.wait_until(lambda: psso.status is RegistrationStatus.REGISTERED, limit):
        pytest.fail(f"not registered within {limit}: {psso.status.value} ({psso.last_error})")


@given(step_parser("the Mac was registered with the Microsoft Enterprise SSO plug-in"))
def registered_with_plugin(world: World, person: Person) -> None:
    """A workplace registration, as the plug-in made them: a Workplace Join key in the keychain.

    Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in
    """
    register_with_enterprise_sso_plugin(
        person.mac, person.user.user_principal_name, person.entra_password,
        lambda: world.entra.tokens.approve_mfa(person.user),
    )


@given(step_parser("the Mac's device object has been deleted from Entra ID"))
def device_object_deleted(world: World, mac: Mac) -> None:
    """The admin (or a stale-device clean-up) deleted the Mac's device object: the registration is broken.

    Source: Scenarios to validate > Repair or remove PSSO registration from a device
    """
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    world.entra.directory.delete_device(registration.device_id)


@given(step_parser("the admin has disabled the Mac's device object in Entra ID"))
@when(step_parser("the admin disables the Mac's device object in Entra ID"))
def device_object_disabled(world: World, mac: Mac) -> None:
    """The admin set the Mac's device object to disabled (Devices > the Mac > Disable): it signs nobody in.

    Example: When the admin disables the Mac's device object in Entra ID
    """
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    world.entra.directory.update_device(registration.device_id, account_enabled=False)


@then(step_parser("the Mac's Keychain holds a Workplace Join key"))
def workplace_join_key(world: World, mac: Mac) -> None:
    """The login keychain holds the plug-in's key, for a workplace device Entra knows.

    Source: Scenarios to validate > Device migration
    """
    item = mac.keychain.items.get(WORKPLACE_JOIN_KEY)
    assert item is not None, f"keychain items: {sorted(mac.keychain.items)}"
    device = world.entra.directory.devices.get(item.account)
    assert device is not None and device.trust_type == "Workplace", f"Entra has {device} for the key"


@then(step_parser("the Mac's Keychain holds no Workplace Join key"))
def no_workplace_join_key(mac: Mac) -> None:
    """The plug-in's key is gone from the login keychain.

    Source: Scenarios to validate > Device migration
    """
    assert not mac.keychain.has(WORKPLACE_JOIN_KEY), f"keychain items: {sorted(mac.keychain.items)}"


@then(step_parser("the Mac's Keychain holds no Platform SSO device keys"))
def no_device_keys(mac: Mac) -> None:
    """The device signing and encryption keys of Platform SSO are gone."""
    left = [key for key in DEVICE_KEYS if mac.keychain.has(key)]
    assert not left, f"still in the keychain: {left}"


@then(step_parser("Entra ID does not know the Mac's Platform SSO registration"))
def registration_unknown(world: World, mac: Mac) -> None:
    """The Mac holds a registration whose device object Entra no longer has."""
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} holds no registration"
    assert registration.device_id not in world.entra.directory.devices, "Entra still has the device object"


@then(step_parser("Intune reports the Mac registered with Platform SSO"))
def intune_reports_registered(world: World, mac: Mac) -> None:
    """Intune's managed device says registered, with the Mac's Entra device ID."""
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    device = world.intune.device_by_udid(mac.udid)
    assert device.psso_registered and device.azure_ad_device_id == registration.device_id, device


_ENABLE_PSSO = 'the admin updates the SSO extension profile to enable Platform SSO with the "{method:Label}" method'


@when(step_parser(_ENABLE_PSSO))
def admin_enables_psso(world: World, person: Person, method: str) -> None:
    """The SSO extension profile now carries Platform SSO settings with this method; Intune pushes it.

    (Intune refuses an SSO payload without Platform SSO settings, error 10001, so the plug-in's old
    profile is not simulated: the update assigns the Platform SSO profile to the user.)

    Source: Join a Mac device > Update your Mac device to enable PSSO
    Example: When the admin updates the SSO extension profile to enable Platform SSO with the "Password" method
    """
    world.target_platform_sso(frozenset({person.user.user_principal_name}), method=method_named(method).value)


@when(step_parser("the admin targets the user for Platform SSO in Intune"))
def admin_targets_user(world: World, person: Person) -> None:
    """The SSO extension payload with Platform SSO settings, assigned to this user; Intune pushes it.

    Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in
    """
    world.target_platform_sso(frozenset({person.user.user_principal_name}))
