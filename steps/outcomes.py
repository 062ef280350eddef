"""Then-steps that check the modelled systems themselves: Entra, Intune and the Mac.

None of them reads a flag an earlier step set: each asks the service or device model.
"""

from __future__ import annotations

from pytest_bdd import then

from psso_sim.entra.models import DeviceObject
from psso_sim.intune.models import ComplianceState, ManagedDevice
from psso_sim.intune.profiles import SsoExtensionPayload
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import UserState
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


def _entra_devices(world: World, mac: Mac) -> list[DeviceObject]:
    return [d for d in world.entra.directory.devices.values() if d.display_name == mac.name]


def _managed(world: World, mac: Mac) -> list[ManagedDevice]:
    return [d for d in world.intune.devices.values() if d.udid == mac.udid]


@then(step_parser("Entra ID has a device object for the Mac, Microsoft Entra joined"))
def entra_device_joined(world: World, mac: Mac) -> None:
    """The directory holds exactly one joined device object for this Mac.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    """
    # A Mac migrated from the Enterprise SSO plug-in also keeps its old workplace registration.
    devices = [d for d in _entra_devices(world, mac) if d.trust_type != "Workplace"]
    assert len(devices) == 1, f"expected one Entra device object for {mac.name}, found {len(devices)}"
    device = devices[0]
    assert device.trust_type == "AzureAd", f"trust type is {device.trust_type!r}, not AzureAd (joined)"
    assert device.certificate_issuer == "MS-Organization-Access"
    assert device.account_enabled


@then(step_parser("Entra ID has no device object for the Mac"))
def entra_no_device(world: World, mac: Mac) -> None:
    """Registration left nothing in the directory."""
    devices = _entra_devices(world, mac)
    assert not devices, f"unexpected Entra device objects: {[d.device_id for d in devices]}"


@then(step_parser('Intune has the Mac as a managed device, supervised and managed by "{organisation:Label}"'))
def intune_managed(world: World, mac: Mac, organisation: str) -> None:
    """Intune enrolled this Mac (by UDID), supervised, for the organisation.

    Example: Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    """
    devices = _managed(world, mac)
    assert len(devices) == 1, f"expected one managed device for {mac.udid}, found {len(devices)}"
    assert devices[0].is_supervised and devices[0].managed_by == organisation, devices[0]
    assert mac.mdm.enrolled and mac.mdm.managed_by == organisation


@then(step_parser("Intune has no managed device for the Mac"))
def intune_not_managed(world: World, mac: Mac) -> None:
    """The Mac never enrolled."""
    assert not _managed(world, mac) and not mac.mdm.enrolled


@then(step_parser('the Mac is "{state:Label}" in Intune'))
def intune_compliance(world: World, mac: Mac, state: str) -> None:
    """The Mac's compliance state in Intune: compliant or noncompliant.

    Example: Then the Mac is "compliant" in Intune
    """
    devices = _managed(world, mac)
    assert devices, f"{mac.name} is not a managed device"
    assert devices[0].compliance_state is ComplianceState(state), (
        f"compliance is {devices[0].compliance_state.value}: {devices[0].noncompliance_reasons}"
    )


@then(step_parser('the "{profile:Label}" profile is installed on the Mac'))
def profile_installed(mac: Mac, profile: str) -> None:
    """A configuration profile with this display name is installed.

    Example: Then the "Management Profile" profile is installed on the Mac
    """
    names = [p.payload_display_name for p in mac.profiles.values()]
    assert profile in names, f"installed profiles: {names}"


@then(step_parser("the SSO extension payload with Platform SSO settings is installed on the Mac"))
def sso_payload_installed(mac: Mac) -> None:
    """A Microsoft SSO extension payload that this macOS reads as Platform SSO is installed."""
    payloads = [p for prof in mac.profiles.values() for p in prof.payloads(SsoExtensionPayload)]
    assert payloads, "no SSO extension payload is installed"
    assert payloads[0].is_microsoft_psso() and payloads[0].is_platform_sso_for(mac.macos_major)
    assert mac.platform_sso.payload == payloads[0]


@then(step_parser("Platform SSO registration is complete"))
def psso_registered(world: World, mac: Mac) -> None:
    """The Mac holds a device registration Entra knows, and the user holds a PRT.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    """
    psso = mac.platform_sso
    assert psso.registration is not None, f"not registered: {psso.status.value} ({psso.last_error})"
    device = world.entra.directory.devices.get(psso.registration.device_id)
    assert device is not None, "the Mac's device ID is not in Entra"
    assert device.certificate_thumbprint == psso.registration.certificate_thumbprint
    assert psso.user_state is UserState.NORMAL, f"user state {psso.user_state}: {psso.last_error}"
    assert psso.tokens is not None
    grant = world.entra.tokens.grants.get(psso.tokens.prt)
    assert grant is not None and not grant.revoked and grant.device_id == device.device_id


@then(step_parser("Platform SSO registration is not complete"))
def psso_not_registered(mac: Mac) -> None:
    """The Mac holds no device registration."""
    assert mac.platform_sso.registration is None, f"registered as {mac.platform_sso.registration}"
