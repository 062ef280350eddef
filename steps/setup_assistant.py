"""Joining a new Mac during Setup Assistant (automated device enrollment), and the Secure Enclave's known
issues that follow: a password reset without the old password, and the Platform Credential as a passkey.

Source: Join a Mac device with Microsoft Entra ID during the out of box experience with macOS PSSO;
macOS Platform single sign-on known issues and troubleshooting
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, then, when

from psso_sim.actors import PROFILE_WAIT, Person
from psso_sim.entra.models import User
from psso_sim.entra.passkey_authentication import Fido2Configuration, KeyRestrictions
from psso_sim.intune.automated_enrollment import ADE_WITH_USER, EnrollmentProfile
from psso_sim.intune.required_apps import company_portal_app
from psso_sim.macos.accounts import NoLocalAccount
from psso_sim.macos.mac import Mac
from psso_sim.macos.passkey_sign_in import sign_in_page
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)

ENROLLMENT_PROFILE = "Corporate Macs"


@given(step_parser("the user has a new Mac with macOS {version:MacOS}, assigned to Intune by automated device "
                   "enrollment"), target_fixture="mac")
def new_mac_assigned(world: World, user: User, version: int) -> Mac:
    """A Mac out of the box, at Setup Assistant, assigned to Intune's ADE enrollment profile by serial number.

    The profile: user affinity, Setup Assistant with modern authentication.

    Source: Join a Mac device during the out of box experience > Prerequisites
    Example: Given the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    Area: Setup Assistant
    """
    ade = world.intune.automated_enrollment
    if ENROLLMENT_PROFILE not in ade.profiles:
        ade.create_profile(EnrollmentProfile(ENROLLMENT_PROFILE))
    mac = world.unbox_mac(macos=version, owner=user)
    ade.assign([mac.serial_number], ENROLLMENT_PROFILE)
    return mac


@given(step_parser("the user has a new Mac with macOS {version:MacOS} that is not assigned to Intune"),
       target_fixture="mac")
def new_mac_unassigned(world: World, user: User, version: int) -> Mac:
    """A Mac out of the box, at Setup Assistant, that the organisation never assigned to Intune.

    Example: Given the user has a new Mac with macOS 14 that is not assigned to Intune
    Area: Setup Assistant
    """
    return world.unbox_mac(macos=version, owner=user)


@given(step_parser("the admin has made Company Portal a required app in Intune"))
def company_portal_required(world: World) -> None:
    """Company Portal (the release's version), assigned as a required app to all users.

    Source: Join a Mac device during the out of box experience > Prerequisites (Company Portal 5.2404.0 or later)
    Area: Setup Assistant
    """
    app = company_portal_app(world.runtime.seeds.uuid("apps"), world.product.company_portal_version)
    world.intune.required_apps.assign(app)


@given(step_parser("the user has set up the new Mac with Setup Assistant"))
def set_up(person: Person) -> None:
    """Setup Assistant done, from Hello to the desktop.

    Country, network, Remote Management (the Entra sign-in and MFA, if the Mac is assigned), Create a Mac Account.

    Source: Join a Mac device during the out of box experience > Set up your macOS device
    Area: Setup Assistant
    """
    person.set_up_with_setup_assistant()


@given(step_parser("the user has registered the Mac with Platform SSO from the Registration Required notification"))
def registered_from_notification(world: World, person: Person, mac: Mac) -> None:
    """Registration Required came, and the user registered from it.

    Company Portal and the settings arrived; then Register, the method's prompts, the sign-in and MFA, the wait.

    Source: Join a Mac device during the out of box experience > Registration with Automated Device Enrollment
    Area: Setup Assistant
    """
    if not world.wait_until(lambda: bool(mac.notifications.active(REGISTRATION_REQUIRED)), PROFILE_WAIT):
        pytest.fail(f"no Registration Required within {PROFILE_WAIT}:\n{mac.desktop.describe()}")
    person.register_with_company_portal()
    psso = mac.platform_sso
    assert psso.registration_completed, f"registration did not complete: {psso.status.value} ({psso.last_error})"


@when(step_parser("the user registers the Mac from the Registration Required notification"))
def register_from_notification(person: Person) -> None:
    """Register on the notification, then what the method asks (the prompts, the sign-in and MFA), and the wait.

    Source: Join a Mac device during the out of box experience > Registration with Automated Device Enrollment
    Area: Setup Assistant
    """
    person.register_with_company_portal()


@when(step_parser('the user fills in their full name, an account name and a local password, and selects '
                  '"{label:Label}"'))
def create_mac_account(person: Person, label: str) -> None:
    """Create a Mac Account: Full name, Account name and Password, then the button.

    Source: Join a Mac device during the out of box experience > Set up your macOS device, step 4
    Example: When the user fills in their full name, an account name and a local password, and selects "Continue"
    Area: Setup Assistant
    """
    person.create_mac_account(label)


@then(step_parser("Intune enrolled the Mac by automated device enrollment, for the user"))
def enrolled_by_ade(world: World, mac: Mac, user: User) -> None:
    """Intune's managed device for this Mac's serial number: ADE with user affinity, the user's, supervised.

    Area: Setup Assistant
    """
    devices = [d for d in world.intune.devices.values() if d.serial_number == mac.serial_number]
    assert len(devices) == 1, f"managed devices with serial number {mac.serial_number}: {devices}"
    device = devices[0]
    assert world.intune.automated_enrollment.enrollment_type(device.id) == ADE_WITH_USER
    assert device.user_principal_name == user.user_principal_name, device.user_principal_name
    assert device.is_supervised and mac.mdm.supervised


@then(step_parser("the Mac has no local account yet"))
def no_local_account(mac: Mac) -> None:
    """Setup Assistant has not created the user's account: nobody can sign in or open an app.

    Area: Setup Assistant
    """
    assert not mac.setup_assistant.finished, "Setup Assistant has finished"
    with pytest.raises(NoLocalAccount):
        mac.account  # noqa: B018  # reading it is the check


@then(step_parser('"{app:Label}" is installed on the Mac'))
def app_installed(mac: Mac, app: str) -> None:
    """The app is in the Mac's Applications folder.

    Example: Then "Company Portal" is installed on the Mac
    Area: Setup Assistant
    """
    assert mac.applications.has(app), f"installed: {sorted(a.name for a in mac.applications.installed.values())}"


@then(step_parser('"{app:Label}" is not installed on the Mac'))
def app_not_installed(mac: Mac, app: str) -> None:
    """The app is not in the Mac's Applications folder.

    Example: Then "Company Portal" is not installed on the Mac
    Area: Setup Assistant
    """
    assert not mac.applications.has(app), f"{app} is installed"


@when(step_parser("the user enters {count:Number} wrong passwords at the login window"))
def wrong_passwords(mac: Mac, count: int) -> None:
    """Forgotten: wrong passwords at the login window (after three, it offers the recovery key).

    Source: macOS Platform single sign-on known issues > FAQ > What should I do if I forget my password?
    Example: When the user enters 3 wrong passwords at the login window
    Area: Password recovery
    """
    for _ in range(count):
        assert not mac.login_window.sign_in(mac.account.password + "-forgotten"), "the login window let the user in"


@when(step_parser('the user enters their FileVault recovery key and a new local password, and selects '
                  '"{label:Label}"'))
def reset_with_own_key(person: Person, mac: Mac, label: str) -> None:
    """The Reset Password window: the personal recovery key the user kept, a new password twice.

    Source: Known issues > PSSO reregistration required after password reset initiated from FileVault recovery
    Example: When the user enters their FileVault recovery key and a new local password, and selects "Reset Password"
    Area: Password recovery
    """
    person.reset_local_password(mac.filevault.personal_recovery_key, label)


@when(step_parser("the admin looks up the Mac's FileVault recovery key in Intune"), target_fixture="recovery_key")
def admin_looks_up_key(world: World, mac: Mac) -> str:
    """Devices > the Mac > Recovery keys: the key the Mac escrowed (MDM-driven recovery).

    Source: Known issues > PSSO reregistration required after password reset initiated from MDM-driven recovery
    Area: Password recovery
    """
    return world.intune.recovery_keys.get_file_vault_key(world.intune.device_by_udid(mac.udid).id)


@when(step_parser('the user enters the recovery key from the admin and a new local password, and selects '
                  '"{label:Label}"'))
def reset_with_admin_key(person: Person, recovery_key: str, label: str) -> None:
    """The Reset Password window, with the recovery key the helpdesk read out of Intune.

    Example: When the user enters the recovery key from the admin and a new local password, and selects "Reset Password"
    Area: Password recovery
    """
    person.reset_local_password(recovery_key, label)


@when(step_parser('the user enters a wrong recovery key and a new local password, and selects "{label:Label}"'))
def reset_with_wrong_key(person: Person, mac: Mac, label: str) -> None:
    """The Reset Password window, with a recovery key that is not the Mac's.

    Example: When the user enters a wrong recovery key and a new local password, and selects "Reset Password"
    Area: Password recovery
    """
    key = mac.filevault.personal_recovery_key
    person.reset_local_password(key[::-1] if key[::-1] != key else "AAAA-" + key[5:], label)


@then(step_parser("the Mac's Secure Enclave holds no key for the user's Platform Credential"))
def enclave_key_gone(world: World, mac: Mac, user: User) -> None:
    """No key in the Secure Enclave matches a public key Entra holds for the user on this Mac.

    Area: Password recovery
    """
    registration = mac.platform_sso.registration
    assert registration is not None, "the Mac was never registered"
    credentials = [c for c in world.entra.tokens.platform_credentials.of(user) if c.device_id == registration.device_id]
    assert credentials, "Entra holds no Platform Credential of the user on this Mac"
    held = {mac.secure_enclave.public_key(tag) for tag in mac.secure_enclave.tags}
    assert not held & {c.public_key for c in credentials}, "the Secure Enclave still holds the key"


@given(step_parser("the admin has enabled passkeys (FIDO2) in Entra ID"))
def passkeys_enabled(world: World) -> None:
    """Authentication methods > Policies > Passkey (FIDO2): Enable, all users, no key restrictions.

    Source: Troubleshoot Passkey issues ("enabled passkeys (FIDO2) for your organization")
    Area: Passkeys
    """
    world.entra.passkeys.configure(Fido2Configuration("enabled"))


@given(step_parser('the admin has enabled passkeys (FIDO2) for the AAGUID "{aaguid:Text}" only'))
def passkeys_restricted(world: World, aaguid: str) -> None:
    """Passkey (FIDO2) enabled, with key restrictions enforced: only this authenticator (AAGUID) allowed.

    Source: macOS Platform Single Sign-on overview (the Platform Credential's AAGUID)
    Example: Given the admin has enabled passkeys (FIDO2) for the AAGUID "7FD635B3-2EF9-4542-8D9D-164F2C771EFC" only
    Area: Passkeys
    """
    world.entra.passkeys.configure(Fido2Configuration("enabled", KeyRestrictions(True, "allow", (aaguid,))))


@when(step_parser('the user opens the Microsoft sign-in page for "{resource:Label}" in the browser'))
def open_sign_in_page(mac: Mac, resource: str) -> None:
    """The browser on Entra's sign-in page for the resource, asking for the email address.

    Example: When the user opens the Microsoft sign-in page for "Office 365" in the browser
    Area: Passkeys
    """
    sign_in_page(mac).open(resource)


@then(step_parser('Entra ID signed the user in to "{resource:Label}" with their Platform Credential as a passkey'))
def signed_in_with_passkey(world: World, mac: Mac, user: User, resource: str) -> None:
    """The sign-in page holds Entra's token for the resource, from the user's Platform Credential as a passkey.

    The token's sign-in was a passkey's (fido), bound to the user's Platform Credential on this Mac.

    Source: Join a Mac device during the out of box experience > Enable Platform Credential ... as a passkey
    Area: Passkeys
    """
    page = sign_in_page(mac)
    assert page.access_token is not None, f"not signed in: {page.error}\n{mac.desktop.describe()}"
    grant = world.entra.tokens.grants[page.access_token]
    registration = mac.platform_sso.registration
    keys = [c.key_id for c in world.entra.tokens.platform_credentials.of(user)
            if registration is not None and c.device_id == registration.device_id]
    assert grant.resource == resource and grant.user_id == user.object_id, grant
    assert "fido" in grant.amr and grant.key_id in keys, f"amr {grant.amr}, key {grant.key_id}, credentials {keys}"
