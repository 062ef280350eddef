"""Given-steps that build the world: users, Macs and what the admin configured."""

from __future__ import annotations

from pytest_bdd import given, when

from psso_sim.entra.models import User
from psso_sim.intune.models import CompliancePolicy
from psso_sim.macos.authentication_methods import method_named
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser("a user with Microsoft Authenticator registered for MFA"), target_fixture="user")
def user_with_authenticator(world: World) -> User:
    """An Entra user who can complete MFA (the documents' prerequisite).

    Source: Register a Mac device > Prerequisites
    """
    return world.add_user()


@given(step_parser("a user with no MFA method registered"), target_fixture="user")
def user_without_mfa(world: World) -> User:
    """An Entra user who never registered an MFA method.

    Source: Register a Mac device > Prerequisites
    """
    return world.add_user(mfa_methods=())


@given(step_parser("the user has a Mac with macOS {version:MacOS}"), target_fixture="mac")
def mac_for_user(world: World, user: User, version: int) -> Mac:
    """A new Mac with a local account for the user, not yet managed.

    Source: Register a Mac device > Prerequisites
    """
    return world.add_mac(macos=version, owner=user)


@given(step_parser("the admin has deployed the Platform SSO settings in Intune"))
def admin_deploys_psso(world: World) -> None:
    """The SSO extension payload with Platform SSO settings, assigned to all users.

    Source: Register a Mac device > Prerequisites
    """
    world.target_platform_sso()


@given(step_parser('the admin has deployed the Platform SSO settings in Intune with the "{method:Label}" method'))
def admin_deploys_psso_method(world: World, method: str) -> None:
    """The SSO extension payload with Platform SSO settings and this authentication method (both keys, for
    macOS 13 and 14 and later), assigned to all users: Secure Enclave, Smart card or Password.

    Source: Configure Platform SSO for macOS devices > Step 1 - Decide the authentication method
    Example: Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    """
    world.target_platform_sso(method=method_named(method).value)


@given(step_parser("the admin requires compliant Macs in Intune"))
def admin_requires_compliance(world: World) -> None:
    """An Intune compliance policy for macOS that requires Platform SSO registration."""
    world.require_compliance()


@given(step_parser("the admin requires macOS {version:Number} or later in an Intune compliance policy"))
@when(step_parser("the admin requires macOS {version:Number} or later in an Intune compliance policy"))
def admin_requires_minimum_macos(world: World, version: int) -> None:
    """An Intune compliance policy for macOS with a minimum OS version (Device Properties > Minimum OS version).

    Intune evaluates its Macs at once and writes their compliance onto their Entra device objects, which
    Conditional Access reads.
    Example: When the admin requires macOS 15 or later in an Intune compliance policy
    """
    world.require_compliance(CompliancePolicy(f"macOS {version} or later", minimum_os_version=version,
                                              require_platform_sso_registration=False))
