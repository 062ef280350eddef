"""macOS builds and system updates, and the known issues that come with them: the device configuration
race of macOS 15.0 to 15.2, and swcd's stale associated domains after an update.

Source: macOS Platform single sign-on known issues and troubleshooting > Known issues > Unexpected/frequent
re-registration prompts on macOS Sequoia; Scenarios to validate > Enterprise Single sign-on (SSO) plug-in
doesn't activate after system update
"""

from __future__ import annotations

from pytest_bdd import given, then, when

from psso_sim.entra.models import User
from psso_sim.macos.associated_domains import sso_extension_activated, swcd
from psso_sim.macos.device_configuration import ReadError, device_configuration
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus
from psso_sim.macos.software_update import install, version_key
from psso_sim.steps.parameters import macos_build, step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser('the user has a Mac running macOS "{version:Text}"'), target_fixture="mac")
def mac_on_build(world: World, user: User, version: str) -> Mac:
    """A new Mac for the user on this point release of macOS (its major version is the first number); the
    name may come with it ("Sequoia 15.1"), or alone for the build the row's new Macs run ("Sequoia").

    Source: Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia
    Example: Given the user has a Mac running macOS "15.1"
    """
    build = macos_build(version)
    return world.add_mac(macos=version_key(build)[0], owner=user, os_version=build)


@when(step_parser('the user installs the macOS "{version:Text}" update and the Mac restarts'))
def install_update(mac: Mac, version: str) -> None:
    """Software Update installs this point release; the Mac restarts to the login window.

    Source: Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia ("fix ... in macOS 15.3")
    Example: When the user installs the macOS "15.3" update and the Mac restarts
    """
    install(mac, macos_build(version))


@then(step_parser('the Mac runs macOS "{version:Text}"'))
def runs_version(mac: Mac, version: str) -> None:
    """The Mac's point release of macOS.

    Example: Then the Mac runs macOS "15.3"
    """
    assert mac.os_version == macos_build(version), f"{mac.name} runs macOS {mac.os_version}"


@then(step_parser("Platform SSO asks the user to register the Mac again"))
def asked_to_register_again(mac: Mac) -> None:
    """The OS's re-registration remediation: the configuration is gone and Registration Required shows.

    Source: Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia
    Example: Then Platform SSO asks the user to register the Mac again
    """
    psso = mac.platform_sso
    assert psso.status is RegistrationStatus.REQUIRED, f"registration is {psso.status.value}"
    assert mac.notifications.active(REGISTRATION_REQUIRED), f"no prompt:\n{mac.desktop.describe()}"
    assert device_configuration(mac).read() is None, "the device configuration is still there"


@then(step_parser("Platform SSO has not asked the user to register the Mac again"))
def not_asked_to_register_again(mac: Mac) -> None:
    """Still registered, with a readable device configuration, and no Registration Required prompt.

    Source: Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia
    Example: Then Platform SSO has not asked the user to register the Mac again
    """
    psso = mac.platform_sso
    assert psso.status is RegistrationStatus.REGISTERED, f"registration is {psso.status.value}"
    assert not mac.notifications.active(REGISTRATION_REQUIRED), f"prompted:\n{mac.desktop.describe()}"
    read = device_configuration(mac).read()
    assert isinstance(read, dict), read.describe() if isinstance(read, ReadError) else "no device configuration"


@then(step_parser("AppSSOAgent and AppSSODaemon never wrote the device configuration at the same time"))
def no_concurrent_writes(mac: Mac) -> None:
    """The two processes' updates were coordinated on every refresh so far.

    Example: Then AppSSOAgent and AppSSODaemon never wrote the device configuration at the same time
    """
    corruptions = device_configuration(mac).corruptions
    assert corruptions == 0, f"their writes overlapped {corruptions} time(s)"


@then(step_parser("the Enterprise SSO plug-in is not activated for Microsoft Entra sign-in"))
def plug_in_not_activated(mac: Mac) -> None:
    """swcd does not let the SSO extension take over login.microsoftonline.com.

    Source: Scenarios to validate > Enterprise Single sign-on (SSO) plug-in doesn't activate after system update
    Example: Then the Enterprise SSO plug-in is not activated for Microsoft Entra sign-in
    """
    assert not sso_extension_activated(mac), f"swcd approves the plug-in: {swcd(mac).database}"


@then(step_parser("the Enterprise SSO plug-in is activated for Microsoft Entra sign-in"))
def plug_in_activated(mac: Mac) -> None:
    """swcd lets the SSO extension take over login.microsoftonline.com, checked on the build the Mac runs.

    Example: Then the Enterprise SSO plug-in is activated for Microsoft Entra sign-in
    """
    assert sso_extension_activated(mac), f"swcd does not approve the plug-in: {swcd(mac).database}"
