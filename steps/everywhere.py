"""Composite outcomes: one Then that checks every system a registration step changes.

A step that registers (or removes) the Mac changes the Mac, Entra ID's directory, Intune's managed
device and what Company Portal's Devices tab shows; checking only one of them lets a bug in another
pass. Each step here asks every system itself and lists, per system, what disagrees.

Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import then

from psso_sim.entra.models import DeviceObject, TokenKind, User
from psso_sim.intune.device_status import REGISTER_PLATFORM_SSO
from psso_sim.intune.models import ComplianceState
from psso_sim.macos.keychain import WORKPLACE_JOIN_KEY
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import DEVICE_KEYS, RegistrationStatus, UserState
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)

_SYSTEMS = "on the Mac, in Company Portal, in Entra ID and in Intune"


@then(step_parser(f"the Mac is registered everywhere: {_SYSTEMS}"))
def registered_everywhere(world: World, mac: Mac) -> None:
    """The Mac's Platform SSO registration, as each system holds it, and all of them name the same device.

    Mac: registered, the user's state normal with a PRT, the device keys in the keychain for the device.
    Company Portal (when it holds the user's account): the Devices tab Intune serves says registered, with
    no action item to register. Entra ID: exactly one joined, enabled device object for the Mac, the Mac's
    device ID and certificate, owned by the user, and the Mac's PRT is live for it. Intune: the managed
    device's facts say PlatformSSORegistered with that AzureADDeviceID, and its compliance reached Entra.

    Source: Register a Mac device > Intune MDM enrollment with Microsoft Entra Join
    Example: Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    Area: Outcomes
    """
    psso = mac.platform_sso
    registration = psso.registration
    if registration is None:
        raise AssertionError(f"Mac: not registered: {psso.status.value} ({psso.last_error})")
    device_id = registration.device_id
    problems = [f"Mac: {p}" for p in _mac_registered(mac, device_id)]
    problems += [f"Company Portal: {p}" for p in _portal(mac, registered=True)]
    joined = _joined(world, mac)
    if [d.device_id for d in joined] != [device_id]:
        problems.append(f"Entra ID: joined device objects for {mac.name} are {[d.device_id for d in joined]}, "
                        f"expected exactly the Mac's {device_id}")
    device = world.entra.directory.devices.get(device_id)
    if device is None:
        problems.append(f"Entra ID: no device object {device_id}")
    else:
        problems += [f"Entra ID: {p}" for p in _entra_registered(world, mac, device)]
    problems += [f"Intune: {p}" for p in _intune(world, mac, device_id, device)]
    assert not problems, f"{mac.name} is not registered everywhere:\n  " + "\n  ".join(problems)


@then(step_parser(f"the Mac is unregistered everywhere: {_SYSTEMS}"))
def unregistered_everywhere(world: World, mac: Mac) -> None:
    """No system holds a Platform SSO registration for the Mac any more.

    Mac: no registration, no PRT, no device keys in the keychain. Company Portal (when it holds the user's
    account): the Devices tab says not registered and, while the Platform SSO settings are on the Mac, asks
    to register it. Entra ID: no device object for the Mac (but the Enterprise SSO plug-in's workplace
    registration its Workplace Join key names). Intune: the managed device's facts say not registered, with
    no AzureADDeviceID.

    Source: Scenarios to validate > Repair or remove PSSO registration from a device
    Example: Then the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    Area: Outcomes
    """
    psso = mac.platform_sso
    problems = []
    if psso.registration is not None or psso.status is RegistrationStatus.REGISTERED:
        problems.append(f"Mac: registered as {psso.registration.device_id if psso.registration else '?'}")
    if psso.tokens is not None:
        problems.append("Mac: Platform SSO still holds a PRT")
    problems += [f"Mac: {key} is still in the keychain" for key in DEVICE_KEYS if mac.keychain.has(key)]
    problems += [f"Company Portal: {p}" for p in _portal(mac, registered=False)]
    plugin = mac.keychain.items.get(WORKPLACE_JOIN_KEY)
    left = [d.device_id for d in _devices(world, mac)
            if not (plugin and d.trust_type == "Workplace" and d.device_id == plugin.account)]
    if left:
        problems.append(f"Entra ID: still has device objects {left} for {mac.name}")
    problems += [f"Intune: {p}" for p in _intune(world, mac, None, None)]
    assert not problems, f"{mac.name} is not unregistered everywhere:\n  " + "\n  ".join(problems)


@then(step_parser('the user has single sign-on to "{resource:Label}" from the Mac'))
def single_sign_on(world: World, mac: Mac, user: User, resource: str) -> None:
    """Safari reached the resource with no sign-in: Entra issued its token by redeeming the Mac's PRT.

    Safari shows the resource and no sign-in sheet; the token is the user's, for the resource, bound to
    the Mac's registered device, and carries the sign-in of the Mac's live PRT (same user, device and
    authentication methods); the device object is in Entra ID and enabled.

    Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in
    Example: Then the user has single sign-on to "Office 365" from the Mac
    Area: Outcomes
    """
    browser, psso = mac.browser, mac.platform_sso
    assert browser.page == "granted" and browser.resource == resource and browser.access_token, (
        f"Safari is on {browser.page} for {browser.resource}, not {resource} by single sign-on:\n"
        f"{mac.desktop.describe()}")
    assert browser.sheet is None, f"Safari asks the user to sign in:\n{mac.desktop.describe()}"
    assert psso.registration is not None and psso.tokens is not None, f"Mac: no PRT ({psso.last_error})"
    tokens, now = world.entra.tokens, world.now()
    access, prt = tokens.grants.get(browser.access_token), tokens.grants.get(psso.tokens.prt)
    assert access is not None and access.kind is TokenKind.ACCESS, "Entra ID: Safari's token is not Entra's"
    assert access.resource == resource and access.user_id == user.object_id, (
        f"Entra ID: the token is {access.user_id}'s for {access.resource}")
    assert not access.revoked and access.expires_at > now, "Entra ID: Safari's token is revoked or expired"
    assert access.device_id == psso.registration.device_id, (
        f"Entra ID: the token is for device {access.device_id}, not the Mac's {psso.registration.device_id}")
    assert prt is not None and prt.kind is TokenKind.PRT and not prt.revoked and prt.expires_at > now, (
        f"Entra ID: the Mac's PRT is not live: {prt}")
    assert (prt.user_id, prt.device_id) == (access.user_id, access.device_id), "Entra ID: the PRT is another's"
    assert access.amr == prt.amr, f"Entra ID: the token's sign-in {access.amr} is not the PRT's {prt.amr}"
    device = world.entra.directory.devices.get(access.device_id or "")
    assert device is not None and device.account_enabled, f"Entra ID: device object {access.device_id}: {device}"


def _devices(world: World, mac: Mac) -> list[DeviceObject]:
    return [d for d in world.entra.directory.devices.values() if d.display_name == mac.name]


def _joined(world: World, mac: Mac) -> list[DeviceObject]:
    # A Mac migrated from the Enterprise SSO plug-in keeps its workplace registration besides.
    return [d for d in _devices(world, mac) if d.trust_type != "Workplace"]


def _mac_registered(mac: Mac, device_id: str) -> list[str]:
    psso = mac.platform_sso
    problems = []
    if psso.status is not RegistrationStatus.REGISTERED:
        problems.append(f"status is {psso.status.value}")
    if psso.user_state is not UserState.NORMAL or psso.tokens is None:
        problems.append(f"user state {psso.user_state}, PRT {'held' if psso.tokens else 'none'} ({psso.last_error})")
    for key in DEVICE_KEYS:
        item = mac.keychain.items.get(key)
        if item is None or item.account != device_id:
            problems.append(f"keychain holds {item} for {key}, not device {device_id}'s")
    return problems


def _entra_registered(world: World, mac: Mac, device: DeviceObject) -> list[str]:
    psso = mac.platform_sso
    assert psso.registration is not None
    problems = []
    if (device.trust_type, device.certificate_issuer, device.account_enabled) != ("AzureAd", "MS-Organization-Access",
                                                                                  True):
        problems.append(f"device object {device.device_id} is {device.trust_type} ({device.certificate_issuer}), "
                        f"enabled={device.account_enabled}; expected joined (AzureAd, MS-Organization-Access)")
    if device.certificate_thumbprint != psso.registration.certificate_thumbprint:
        problems.append("the device object's certificate is not the Mac's")
    owner = world.entra.directory.users.get(device.registered_owner)
    if owner is None or owner.user_principal_name.lower() != (psso.user_name or "").lower():
        problems.append(f"the device object's owner is {owner and owner.user_principal_name}, not {psso.user_name}")
    prt = world.entra.tokens.grants.get(psso.tokens.prt) if psso.tokens else None
    if prt is None or prt.revoked or prt.device_id != device.device_id or prt.expires_at <= world.now():
        problems.append(f"the Mac's PRT is not live for device {device.device_id}: {prt}")
    return problems


def _intune(world: World, mac: Mac, device_id: str | None, device: DeviceObject | None) -> list[str]:
    """Intune's managed device names ``device_id`` as the Mac's registration (None: no registration)."""
    managed = [d for d in world.intune.devices.values() if d.udid == mac.udid]
    if len(managed) != 1:
        return [f"{len(managed)} managed devices for {mac.udid}, expected one"]
    facts = managed[0]
    problems = []
    if (facts.psso_registered, facts.azure_ad_device_id) != (device_id is not None, device_id):
        problems.append(f"the managed device says PlatformSSORegistered={facts.psso_registered}, "
                        f"AzureADDeviceID={facts.azure_ad_device_id}; the Mac's registration is "
                        f"{device_id or 'none'}")
    if device is not None and device.is_compliant != (facts.compliance_state is ComplianceState.COMPLIANT):
        problems.append(f"its compliance ({facts.compliance_state.value}) is not on the Entra device object "
                        f"(isCompliant={device.is_compliant})")
    return problems


def _portal(mac: Mac, *, registered: bool) -> list[str]:
    """What the Devices tab would show now, as Company Portal reads it from Intune with the user's account."""
    portal = mac.company_portal
    if not portal.signed_in:
        return []  # no work account in the app: it has no Devices tab to show
    response = portal.intune_get(f"/companyportal/devices/{mac.udid}/status")
    if response.status_code != 200:
        return [f"the Devices tab cannot read the Mac's status ({response.status_code}): {response.text}"]
    status: dict[str, Any] = response.json()
    items = [str(item["id"]) for item in status.get("actionItems", [])]
    problems = []
    if bool(status.get("platformSSORegistered")) is not registered:
        problems.append(f"the Devices tab says platformSSORegistered={status.get('platformSSORegistered')}")
    asks = REGISTER_PLATFORM_SSO.id in items
    if registered and asks:
        problems.append(f"the Devices tab still shows the action item '{REGISTER_PLATFORM_SSO.title}'")
    if not registered and mac.platform_sso.payload is not None and not asks:
        problems.append(f"the Devices tab shows no action item '{REGISTER_PLATFORM_SSO.title}' (items: {items})")
    return problems
