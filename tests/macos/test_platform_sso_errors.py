"""Platform SSO when Entra or the Secure Enclave says no: unregistering refused, the device keys lost, a
sign-in again with nothing registered (psso_sim.macos.platform_sso, psso_sim.company_portal.sso_extension,
psso_sim.macos.secure_enclave_device_keys)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from psso_sim.actors import Person
from psso_sim.entra.errors import GrantRevoked
from psso_sim.macos.platform_sso import RegistrationStatus, UserState
from psso_sim.world import World

TOKEN = "login.microsoftonline.com/*/oauth2/v2.0/token"


def test_unregistering_a_mac_that_is_not_registered_says_so() -> None:
    world = World(seed=60)
    mac = world.add_mac()
    assert mac.platform_sso.unregister() == f"{mac.name} is not registered"
    mac.platform_sso.sign_in_again("your session expired")  # nothing registered: nothing to ask
    assert not mac.password_prompt.open


def test_when_entra_refuses_the_nonce_unregistering_fails_and_the_registration_stays(
    registered: Callable[..., Person],
) -> None:
    someone = registered(61)
    world, psso = someone.world, someone.mac.platform_sso
    registration = psso.registration
    assert registration is not None
    world.faults.inject(f"{TOKEN} 400 x1")
    assert psso.unregister() == "Bad Request."
    assert psso.registration is registration and psso.status is RegistrationStatus.REGISTERED
    assert registration.device_id in world.entra.directory.devices
    assert psso.unregister() is None  # the fault struck once
    assert registration.device_id not in world.entra.directory.devices


def test_with_its_device_keys_gone_the_mac_can_neither_log_in_nor_unregister(registered: Callable[..., Person]) -> None:
    someone = registered(62)
    world, mac, psso = someone.world, someone.mac, someone.mac.platform_sso
    registration = psso.registration
    assert registration is not None
    mac.secure_enclave.delete(registration.keys.signing_tag)
    lost = f"the device key '{registration.keys.signing_tag}' is gone from the Secure Enclave (was it reset?)"
    assert psso.login(someone.user.user_principal_name, someone.entra_password) is False
    assert psso.user_state is UserState.LOGIN_NEEDED and psso.last_error == lost
    assert psso.unregister() == lost  # no proof of the device key: the device object stays for an admin
    assert registration.device_id in world.entra.directory.devices and psso.registration is registration


def test_a_key_login_without_the_device_keys_fails_and_the_user_must_log_in(registered: Callable[..., Person]) -> None:
    someone = registered(63, method="UserSecureEnclaveKey")
    mac, psso = someone.mac, someone.mac.platform_sso
    registration = psso.registration
    assert registration is not None and psso.secure_enclave_key is not None
    mac.secure_enclave.delete(registration.keys.encryption_tag)
    psso.sign_in_again("your session expired")  # the Secure Enclave key signs; the device key is missing
    assert psso.user_state is UserState.LOGIN_NEEDED
    assert psso.last_error is not None and "is gone from the Secure Enclave" in psso.last_error


def test_a_repair_cancelled_on_a_registered_mac_keeps_its_registration_and_says_why(
        registered: Callable[..., Person]) -> None:
    mac = registered(64).mac
    before = mac.platform_sso.registration
    mac.platform_sso.repair()
    mac.platform_sso.cancel_prompts()
    assert mac.platform_sso.status is RegistrationStatus.REGISTERED and mac.platform_sso.registration is before
    said = f"[{mac.name}] repair cancelled: SSO auth prompt closed: the registration stays"
    assert [line for line in mac.runtime.trace.lines(mac.name) if line.endswith(said)], "the trace says why"


def test_an_old_login_answer_played_back_is_refused_by_the_extension_and_says_so(
        registered: Callable[..., Person]) -> None:
    from psso_sim.network.wiretap import Wiretap

    someone = registered(65)
    mac, world = someone.mac, someone.world
    registration = mac.platform_sso.registration
    assert registration is not None
    world.network.wiretap = Wiretap()
    upn = someone.user.user_principal_name
    assert mac.platform_sso.extension.password_login(registration, upn, someone.entra_password).ok
    world.network.wiretap.play_back("Platform SSO login", mac.name)
    answer = mac.platform_sso.extension.password_login(registration, upn, someone.entra_password)
    assert answer.status == 502 and answer.description.startswith("the login response was refused: "), answer.body


def test_unregistering_revokes_the_devices_prts_before_the_device_object_goes(
        registered: Callable[..., Person]) -> None:
    someone = registered(66)
    mac, tokens = someone.mac, someone.world.entra.tokens
    assert mac.platform_sso.tokens is not None
    prt = mac.platform_sso.tokens.prt
    assert mac.platform_sso.unregister() is None
    grant = tokens.grants[prt]
    assert grant.revoked and grant.device_id is not None  # kept, and refused as revoked
    with pytest.raises(GrantRevoked, match="being revoked"):
        tokens.refresh(prt, client_id=grant.client_id, resource="urn:aad:prt")
