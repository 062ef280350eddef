"""Where a verified procedure starts: a seeded World with a user at a Mac, brought to a documented
situation through the UI, exactly as the release's own enrollment and registration procedures do it.

- ``new``: the prerequisites only (a user with Microsoft Authenticator, a Mac on the chosen macOS,
  Platform SSO settings with the procedure's authentication method and a compliance policy in Intune);
- ``enrolled``: enrolled in Intune through Company Portal; the registration prompt was missed (closed)
  and the apps quit: the starting point of just-in-time registration;
- ``awaiting-registration``: enrolled, and the Mac asking to register, as the enrollment procedure ends
  (the current release's Registration Required notification; Company Portal's Register in late 2023);
- ``registered``: enrolled and registered with Platform SSO; every window closed.

A document about the out-of-box experience joins its Macs through Setup Assistant instead (``Start.joined``):
the Mac comes out of the box, assigned to Intune's automated device enrollment by serial number, with
Company Portal a required app and a Conditional Access policy requiring MFA for Microsoft Intune Enrollment
(the articles' "Enter the code sent to your Authenticator app"). ``new`` is then Setup Assistant's Hello;
``awaiting-registration`` is after Create a Mac Account, with the Registration Required notification.

A procedure under a heading or intro about a user's insufficient permissions to join starts with Entra ID
letting no one join devices (``Start.join_restricted``): the situation it fixes.

A procedure that edits "your existing Platform SSO settings catalog policy" starts with the settings deployed
as that policy (``Start.deployed``) instead of a profile.

A procedure for the Smart card method also gets what its article's prerequisites name: certificate-based
authentication configured and enabled in Entra ID, and a card with a certificate for the user in the
Mac's reader (not paired: pairing is a step of the article's own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psso_sim.actors import PROFILE_WAIT, Person
from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy, JoinPermission, User
from psso_sim.errors import SimError
from psso_sim.intune.automated_enrollment import EnrollmentProfile
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.required_apps import company_portal_app
from psso_sim.intune.settings_catalog import recommended_settings
from psso_sim.macos.authentication_methods import AuthenticationMethod, method_named
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED
from psso_sim.macos.smart_card import issue_smart_card
from psso_sim.world import World

__all__ = ["SETUPS", "Deployed", "Joined", "Setup", "Start", "build_person", "prepare"]

Setup = Literal["new", "enrolled", "awaiting-registration", "registered"]
Joined = Literal["company-portal", "setup-assistant"]
Deployed = Literal["profile", "settings catalog"]
SETUPS: dict[Setup, str] = {
    "new": "a new Mac; the user, Platform SSO settings and compliance policy exist",
    "enrolled": "enrolled in Intune through Company Portal, not registered (the prompt was missed)",
    "awaiting-registration": "enrolled in Intune through Company Portal; the Mac asks to register with Platform SSO",
    "registered": "enrolled and registered with Platform SSO",
}
_OUT_OF_BOX: dict[Setup, str] = {
    "new": "a new Mac at Setup Assistant's Hello, assigned to Intune by automated device enrollment",
    "awaiting-registration": "set up with Setup Assistant (automated device enrollment); the Mac asks to register "
                             "with Platform SSO",
    "registered": "set up with Setup Assistant and registered with Platform SSO",
}
_ENROLLMENT_PROFILE = "Corporate Macs"


@dataclass(frozen=True)
class Start:
    """A procedure's starting point: the situation, and the Platform SSO method the admin deployed."""

    setup: Setup = "new"
    method: AuthenticationMethod | None = None  # None: the World's default (Password)
    joined: Joined = "company-portal"
    deployed: Deployed = "profile"  # how the admin deployed the Platform SSO settings
    join_restricted: bool = False  # "insufficient permissions": Entra ID lets no one join devices

    def describe(self) -> str:
        method = f" (Platform SSO method: {self.method.title})" if self.method else ""
        out_of_box = self.joined == "setup-assistant" and self.setup in _OUT_OF_BOX
        restricted = "; Entra ID lets no one join devices" if self.join_restricted else ""
        catalog = "; Platform SSO settings as a settings catalog policy" if self.deployed == "settings catalog" else ""
        return (_OUT_OF_BOX[self.setup] if out_of_box else SETUPS[self.setup]) + method + restricted + catalog


def build_person(seed: int, macos: int, product: str, start: Start) -> Person:
    """The World of a run, up to the Mac on the desk (or out of its box); only a SimError comes out."""
    method = start.method
    try:
        world = World(seed=seed, product=product)
        user = world.add_user()
        _deploy_platform_sso(world, method.value if method else "Password", start.deployed)
        world.require_compliance()
        if start.join_restricted:
            world.entra.directory.update_device_registration_policy(JoinPermission.NONE)
        if start.joined == "setup-assistant":
            mac = _out_of_box(world, macos, user)
        else:
            mac = world.add_mac(macos=macos, owner=user)
        person = Person(world, user, mac)
        if method is not None and method.user_key == "certificate":
            cba = world.entra.tokens.certificate_auth
            cba.trust(world.entra.tokens.organisation_ca.pem)
            cba.enable()
            person.insert_smart_card(issue_smart_card(world.entra.tokens.organisation_ca, user, world.runtime.seeds))
    except SimError:
        raise
    except Exception as error:  # a fault in the product model
        raise SimError(f"cannot build the simulated world: {type(error).__name__}: {error}",
                       subsystem="docs") from None
    return person


def _deploy_platform_sso(world: World, method: str, deployed: Deployed) -> None:
    """The admin's Platform SSO settings: a profile, or (for "your existing settings catalog policy") a
    settings catalog policy named Platform SSO with the Intune article's values, assigned to all users."""
    if deployed == "profile":
        world.target_platform_sso(method=method)
        return
    policies = world.intune.configuration_policies
    settings = {setting.definition_id: value for setting, value in recommended_settings(method).items()}
    policies.assign(policies.create("Platform SSO", "", settings).id, ["All users"])


def _out_of_box(world: World, macos: int, user: User) -> Mac:
    ade = world.intune.automated_enrollment
    ade.create_profile(EnrollmentProfile(_ENROLLMENT_PROFILE))
    world.intune.required_apps.assign(company_portal_app(world.runtime.seeds.uuid("apps"),
                                                         world.product.company_portal_version))
    world.entra.directory.create_conditional_access_policy(ConditionalAccessPolicy(
        "Require MFA for Intune enrollment", ConditionalAccessGrant.MFA, frozenset({INTUNE_RESOURCE})))
    mac = world.unbox_mac(macos=macos, owner=user)
    ade.assign([mac.serial_number], _ENROLLMENT_PROFILE)
    return mac


def prepare(person: Person, start: Start) -> None:
    """Bring the Mac to the start's setup the way the release's own documents do (Person follows the release)."""
    setup = start.setup
    if setup == "new":
        return
    mac = person.mac
    try:
        if start.joined == "setup-assistant":
            person.set_up_with_setup_assistant()
            if not person.world.wait_until(lambda: bool(mac.notifications.active(REGISTRATION_REQUIRED)), PROFILE_WAIT):
                raise SimError("no Registration Required notification came after Setup Assistant")
        else:
            person.enroll_with_company_portal()
        if setup == "awaiting-registration":
            return
        if setup == "registered":
            person.register_with_company_portal()
            if not mac.platform_sso.registration_completed:
                raise SimError(f"the registration did not complete: {mac.platform_sso.last_error}")
    except SimError as failure:
        raise SimError(f"cannot prepare a Mac that is {SETUPS[setup]}: {failure.message}",
                       subsystem="docs") from None
    for notification in mac.notifications.active():
        notification.dismiss()
    for app in (mac.company_portal, mac.settings):
        app.quit()


def method_called(name: str) -> AuthenticationMethod | None:
    """The method a tab or a sentence names ("Secure Enclave", "Smart Card"), or None."""
    try:
        return method_named(name.strip())
    except SimError:
        return None


__all__ += ["method_called"]
