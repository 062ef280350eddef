"""Then-steps that check the modelled systems themselves: Entra, Intune and the Mac.

None of them reads a flag an earlier step set: each asks the service or device model.
"""

from __future__ import annotations

from pytest_bdd import given, then

from psso_sim.actors import Person
from psso_sim.entra.models import DeviceObject, User
from psso_sim.intune.models import ALL_USERS, ComplianceState, ManagedDevice
from psso_sim.intune.profiles import ConfigurationProfile, SsoExtensionPayload, recommended_psso_payload
from psso_sim.macos.authentication_methods import method_named
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


@given(step_parser('the admin has deployed Platform SSO: "{old:Label}" for macOS 13, "{new:Label}" for 14 and later'))
def admin_deploys_psso_per_version(world: World, old: str, new: str) -> None:
    """Microsoft's Platform SSO payload with a different method in each macOS version's key, for all users.

    The top-level AuthenticationMethod (deprecated; macOS 13 reads it) has one method, PlatformSSO >
    AuthenticationMethod (14 and later) the other: each Mac must follow its own key, so a mix-up shows.

    Source: Configure Platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: Given the admin has deployed Platform SSO: "Password" for macOS 13, "Secure Enclave" for 14 and later
    Area: Setup
    """
    seeds = world.runtime.seeds
    payload = recommended_psso_payload(payload_uuid=seeds.uuid(), authentication_method=method_named(new).value)
    payload = SsoExtensionPayload.model_validate(
        payload.model_dump(by_alias=True, exclude_none=True) | {"AuthenticationMethod": method_named(old).value})
    uuid = seeds.uuid()
    world.intune.assign_profile(ConfigurationProfile(
        PayloadIdentifier=f"com.contoso.psso.{uuid}", PayloadUUID=uuid, PayloadDisplayName="Platform SSO",
        PayloadOrganization=world.entra.tenant.name, PayloadContent=[payload]), frozenset({ALL_USERS}))


@then(step_parser('the Mac registered with the "{method:Label}" method, on the Mac and in Entra ID'))
def registered_with_method(world: World, mac: Mac, person: Person, user: User, method: str) -> None:
    """The method the Mac registered with, as the Mac and Entra ID each hold it.

    The Mac's method and login type; in Entra the user's credential the method registers (the Secure
    Enclave key's public half bound to the PRT, the smart card's certificate sign-in, or none); the local
    password synced with Entra's for Password, else unchanged.

    Source: Configure Platform SSO for macOS devices > Step 1 - Decide the authentication method
    Example: Then the Mac registered with the "Secure Enclave" method, on the Mac and in Entra ID
    """
    row, psso = method_named(method), mac.platform_sso
    assert psso.registration is not None and psso.tokens is not None, f"Mac: not registered ({psso.last_error})"
    assert psso.registered_method == row and psso.login_type == row.login_type, (
        f"Mac (macOS {mac.macos_major}): registered with {psso.registered_method and psso.registered_method.title}, "
        f"login type {psso.login_type}; expected {row.title}")
    prt = world.entra.tokens.grants[psso.tokens.prt]
    credentials = [c for c in world.entra.tokens.platform_credentials.of(user)
                   if c.device_id == psso.registration.device_id]
    if row.user_key == "secure-enclave":
        assert psso.secure_enclave_key is not None and len(credentials) == 1, f"Entra ID: credentials {credentials}"
        assert credentials[0].public_key == mac.secure_enclave.public_key(psso.secure_enclave_key), (
            "Entra ID: the platform credential is not the Mac's Secure Enclave key")
        assert prt.key_id == credentials[0].key_id, f"Entra ID: the PRT is bound to {prt.key_id}"
    else:
        assert not credentials and prt.key_id is None, f"Entra ID: a platform credential for {row.title}"
    assert ("x509" in prt.amr) == (row.user_key == "certificate"), f"Entra ID: the PRT's sign-in is {prt.amr}"
    if row.syncs_password:
        assert mac.account.verify(person.entra_password), "Mac: the local password is not the Entra password"
    else:
        assert mac.account.password == mac.account.original_password, "Mac: the local password was changed"
