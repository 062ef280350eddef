"""macOS's registration dialogs when the user or Entra stops them: the sign-in closed, the Single Sign-On
prompt cancelled, the Secure Enclave key refused by Entra (psso_sim.macos.guided_registration)."""

from __future__ import annotations

from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.macos.platform_sso import RegistrationStatus, UserState
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, SINGLE_SIGN_ON
from psso_sim.world import World

PLATFORM_CREDENTIAL = "enterpriseregistration.windows.net/EnrollmentServer/device/*/platformcredential"


def asked_to_register(seed: int, method: str = "Password") -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method=method)
    someone = Person(world, user, world.add_mac(owner=user))
    someone.enroll_with_company_portal()
    someone.mac.desktop.select("Register", "Notification")
    return someone


def test_closing_the_sign_in_cancels_the_registration() -> None:
    someone = asked_to_register(81)
    psso = someone.mac.platform_sso
    someone.enter_local_password(ENTRA_PROMPT.surface, ENTRA_PROMPT.confirm)
    someone.mac.desktop.select("Cancel", "Sign in")
    assert psso.status is RegistrationStatus.CANCELLED
    assert psso.last_error == "registration cancelled by the user" and psso.registration is None


def test_cancelling_single_sign_on_leaves_the_mac_registered_and_the_user_not_logged_in() -> None:
    someone = asked_to_register(82)
    world, mac, psso = someone.world, someone.mac, someone.mac.platform_sso
    someone.enter_credentials()
    world.advance(timedelta(minutes=3))
    assert mac.desktop.shows_text(SINGLE_SIGN_ON.title, SINGLE_SIGN_ON.surface)
    check_ins = mac.mdm.check_ins
    mac.desktop.select("Cancel", SINGLE_SIGN_ON.surface)
    assert psso.status is RegistrationStatus.REGISTERED and psso.tokens is None
    assert mac.mdm.check_ins == check_ins + 1  # Intune hears of the registration all the same
    device = world.intune.device_by_udid(mac.udid)
    assert psso.registration is not None and device.azure_ad_device_id == psso.registration.device_id


def test_a_secure_enclave_key_entra_refuses_leaves_the_user_to_log_in() -> None:
    someone = asked_to_register(83, method="UserSecureEnclaveKey")
    world, psso = someone.world, someone.mac.platform_sso
    world.faults.inject(f"{PLATFORM_CREDENTIAL} 500 x1")
    someone.enter_credentials()
    world.advance(timedelta(minutes=3))
    assert psso.status is RegistrationStatus.REGISTERED  # the device joined
    assert psso.user_state is UserState.LOGIN_NEEDED and psso.secure_enclave_key is None
    assert psso.last_error == "The service had an internal error. Try again later."
    assert not world.entra.tokens.platform_credentials.credentials
