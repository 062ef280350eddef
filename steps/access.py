"""Resource access under Conditional Access: the user opens a resource in the browser.

Source: Register a Mac device > Enabling PSSO from an existing Microsoft Enterprise SSO plug-in >
User blocked by management policy
"""

from __future__ import annotations

from pytest_bdd import given, then, when

from psso_sim.entra.models import TokenKind, User
from psso_sim.intune.admin_center import GraphClient
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser('the admin requires a compliant device for "{resource:Label}" '
                   "with a Conditional Access policy"))
def admin_requires_compliant_device(graph: GraphClient, resource: str) -> None:
    """A Conditional Access policy granting the resource only to compliant devices, through Microsoft Graph.

    Example: Given the admin requires a compliant device for "Office 365" with a Conditional Access policy
    """
    graph.create_conditional_access_policy(
        f"Require compliant device for {resource}", control="compliantDevice", applications=[resource]
    )


@when(step_parser('the user opens "{resource:Label}" in the browser'))
def open_resource(mac: Mac, resource: str) -> None:
    """Safari goes to the resource: single sign-on with Platform SSO's PRT, else the Entra sign-in page.

    Example: When the user opens "Office 365" in the browser
    """
    mac.browser.open_resource(resource)


@then(step_parser('the user\'s access to "{resource:Label}" is blocked by Conditional Access'))
def access_blocked(world: World, mac: Mac, user: User, resource: str) -> None:
    """Safari shows the block page, and Entra issued the user no token for the resource.

    Example: Then the user's access to "Office 365" is blocked by Conditional Access
    """
    browser = mac.browser
    assert browser.page == "blocked" and browser.resource == resource, (
        f"Safari is on {browser.page} for {browser.resource}:\n{mac.desktop.describe()}"
    )
    now = world.now()
    issued = [g for g in world.entra.tokens.grants.values()
              if g.kind is TokenKind.ACCESS and g.user_id == user.object_id and g.resource == resource
              and not g.revoked and g.expires_at > now]
    assert not issued, f"Entra issued {len(issued)} token(s) for {resource}"


@then(step_parser('the user has access to "{resource:Label}" from the Mac'))
def access_granted(world: World, mac: Mac, user: User, resource: str) -> None:
    """Safari shows the resource with a token Entra issued for it, to the user, on the Mac's device.

    Example: Then the user has access to "Office 365" from the Mac
    """
    browser = mac.browser
    assert browser.page == "granted" and browser.access_token, f"Safari: {browser.page}: {browser.message}"
    grant = world.entra.tokens.grants.get(browser.access_token)
    registration = mac.platform_sso.registration
    assert grant is not None and grant.resource == resource and grant.user_id == user.object_id, grant
    assert registration is not None and grant.device_id == registration.device_id, (
        f"the token is for device {grant.device_id}, not the Mac's"
    )


@then(step_parser("Entra ID marks the Mac's device object compliant"))
def entra_device_compliant(world: World, mac: Mac) -> None:
    """Intune wrote the Mac's compliance onto its Entra device object, which Conditional Access reads."""
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    device = world.entra.directory.devices.get(registration.device_id)
    assert device is not None and device.is_compliant is True, f"Entra device object: {device}"


@then(step_parser("Entra ID has no compliance state for the Mac's device object"))
def entra_device_compliance_unknown(world: World, mac: Mac) -> None:
    """The Mac is registered, but Intune has not yet written its compliance onto the device object (isCompliant
    is null): Conditional Access treats it as not compliant.

    Example: Then Entra ID has no compliance state for the Mac's device object
    """
    registration = mac.platform_sso.registration
    assert registration is not None, f"{mac.name} is not registered"
    device = world.entra.directory.devices.get(registration.device_id)
    assert device is not None and device.is_compliant is None, f"Entra device object: {device}"


@then(step_parser('the browser asks the user to sign in to "{resource:Label}"'))
def browser_asks_to_sign_in(mac: Mac, resource: str) -> None:
    """No single sign-on: Safari shows the Entra sign-in page for the resource, and holds no token.

    Source: Scenarios to validate > Enterprise Single sign-on (SSO) plug-in doesn't activate after system update
    Example: Then the browser asks the user to sign in to "Office 365"
    """
    browser = mac.browser
    assert browser.page == "signing in" and browser.resource == resource, (
        f"Safari is on {browser.page} for {browser.resource}:\n{mac.desktop.describe()}")
    assert mac.desktop.is_on_screen("Email address", "Sign in"), mac.desktop.describe()
    assert browser.access_token is None
