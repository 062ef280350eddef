"""The authentication methods of the current join articles: Secure Enclave, Smart card and Password.

Source: Join a Mac device with Microsoft Entra ID using Company Portal > Platform SSO registration
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, then, when

from psso_sim.actors import Person
from psso_sim.entra.models import User
from psso_sim.macos.mac import Mac
from psso_sim.macos.smart_card import issue_smart_card
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser("the admin has configured and enabled certificate-based authentication in Entra ID"))
def cba_enabled(world: World) -> None:
    """The organisation's certificate authority is trusted, and CBA is enabled for all users (single-factor).

    Source: Join a Mac device > Prerequisites ("certificate based authentication configured and enabled")
    Example: Given the admin has configured and enabled certificate-based authentication in Entra ID
    Area: Smart card
    """
    cba = world.entra.tokens.certificate_auth
    cba.trust(world.entra.tokens.organisation_ca.pem)
    cba.enable()


@given(step_parser("the admin has disabled certificate-based authentication in Entra ID"))
def cba_disabled(world: World) -> None:
    """Authentication methods > Certificate-based authentication: off (the trusted authority stays).

    Example: Given the admin has disabled certificate-based authentication in Entra ID
    Area: Smart card
    """
    world.entra.tokens.certificate_auth.disable()


@given(step_parser("the user has a smart card with a certificate for their account in the Mac's reader"))
def smart_card_inserted(world: World, person: Person, user: User) -> None:
    """A card the organisation issued: its key, a certificate naming the user's UPN, a PIN; in the reader.

    Source: Join a Mac device > Prerequisites ("A smart card loaded with a certificate")
    Example: Given the user has a smart card with a certificate for their account in the Mac's reader
    Area: Smart card
    """
    person.insert_smart_card(issue_smart_card(world.entra.tokens.organisation_ca, user, world.runtime.seeds))


@when(step_parser("the user pairs the smart card with their local account in Terminal"))
def pair_smart_card(person: Person) -> None:
    """``sc_auth identities``, ``sudo sc_auth pair -h HASH -u USER``, ``sc_auth list``: the card is paired.

    Source: Join a Mac device > Smart Card > Pair the smart card with your local account
    Example: When the user pairs the smart card with their local account in Terminal
    Area: Smart card
    """
    person.pair_smart_card()


@when(step_parser('the user enters their smart card PIN and selects "{label:Label}"'))
def enter_pin(person: Person, label: str) -> None:
    """Type the card's PIN in the "Enter pin for the smart card" prompt.

    Source: Join a Mac device > Smart Card > Register your device with the smart card, step 4
    Example: When the user enters their smart card PIN and selects "OK"
    Area: Smart card
    """
    person.enter_smart_card_pin(button=label)


@when(step_parser('the user enters a wrong smart card PIN and selects "{label:Label}"'))
def enter_wrong_pin(person: Person, mac: Mac, label: str) -> None:
    """Type a PIN that is not the card's.

    Example: When the user enters a wrong smart card PIN and selects "OK"
    Area: Smart card
    """
    card = mac.smart_card_reader.card
    assert card is not None, f"no smart card in {mac.name}'s reader"
    person.enter_smart_card_pin("0" if card.pin != "0" else "1", button=label)


@when(step_parser("the user unlocks with Touch ID"))
def touch_id(person: Person) -> None:
    """Touch the Touch ID sensor: the prompt on screen (or the lock screen) accepts the fingerprint.

    Source: Join a Mac device > Secure Enclave, step 2 ("unlocked with Touch ID or password")
    Example: When the user unlocks with Touch ID
    Area: Secure Enclave
    """
    person.unlock_with_touch_id()


@when(step_parser('the user enters their Microsoft Entra ID password in "{window:Label}" and selects "{label:Label}"'))
def enter_entra_password_in(mac: Mac, person: Person, window: str, label: str) -> None:
    """Type the Entra password in a window (the Microsoft Entra window of the Password method).

    Source: Join a Mac device > Password, step 5
    Example: When the user enters their Microsoft Entra ID password in "Microsoft Entra" and selects "Sign In"
    Area: Password
    """
    mac.desktop.enter("Password", person.entra_password, window)
    mac.desktop.select(label, window)


@when(step_parser("the user unlocks the Mac with their smart card PIN"))
def unlock_with_pin(mac: Mac) -> None:
    """At the lock screen: the paired card and its PIN.

    Source: Join a Mac device > Smart Card, step 5 ("unlock the device with the smart card pin")
    Example: When the user unlocks the Mac with their smart card PIN
    Area: Smart card
    """
    card = mac.smart_card_reader.card
    assert card is not None, f"no smart card in {mac.name}'s reader"
    mac.lock_screen.unlock_with_pin(card.pin)


@when(step_parser("the user tries to unlock the Mac with the local password they set up"))
def unlock_with_original(mac: Mac) -> None:
    """At the lock screen: the password the local account had before Platform SSO.

    Source: Join a Mac device > Password, step 6 ("your old password doesn't work")
    Example: When the user tries to unlock the Mac with the local password they set up
    Area: Password
    """
    mac.lock_screen.unlock(mac.account.original_password)


@when(step_parser("the user restarts the Mac"))
def restart(mac: Mac) -> None:
    """Apple menu > Restart: the login window, the keychain locked until the local password opens it.

    Example: When the user restarts the Mac
    Area: Smart card
    """
    mac.restart()


@when(step_parser("the user tries to sign in to the Mac with their smart card PIN"))
def sign_in_with_pin(mac: Mac) -> None:
    """At the login window: the paired card and its PIN (refused after a restart).

    Source: Join a Mac device > Smart Card, step 5 ("use the local password to log in after a reboot")
    Example: When the user tries to sign in to the Mac with their smart card PIN
    Area: Smart card
    """
    card = mac.smart_card_reader.card
    assert card is not None, f"no smart card in {mac.name}'s reader"
    mac.login_window.sign_in_with_pin(card.pin)


@then(step_parser("the user is signed in to the Mac"))
def signed_in(mac: Mac) -> None:
    """The login window opened the user's session.

    Area: Smart card
    """
    assert mac.account.signed_in, f"the login window says: {mac.login_window.error}"


@then(step_parser('the user is not signed in to the Mac, and the login window says "{text:Label}"'))
def not_signed_in(mac: Mac, text: str) -> None:
    """The login window refused, saying why.

    Example: Then the user is not signed in to the Mac, and the login window says "unlock your keychain"
    Area: Smart card
    """
    assert not mac.account.signed_in, "the user is signed in"
    assert mac.desktop.shows_text(text, "Login Window"), mac.desktop.describe()


@then(step_parser('Platform SSO\'s login type is "{login_type:Label}"'))
def login_type(mac: Mac, login_type: str) -> None:
    """The loginType ``app-sso platform -s`` reports, from the method the Mac registered with.

    Example: Then Platform SSO's login type is "POLoginTypeUserSecureEnclaveKey (2)"
    Area: Platform SSO
    """
    assert mac.platform_sso.login_type == login_type, mac.platform_sso.login_type


@then(step_parser("Entra ID holds only the public half of the user's Secure Enclave key on the Mac"))
def only_public_half(world: World, mac: Mac, user: User) -> None:
    """Entra's platform credential for the user and this Mac is the public key of the Mac's Secure
    Enclave key, and nothing Entra holds is a private key.

    Source: Join a Mac device > Secure Enclave
    Area: Secure Enclave
    """
    psso, store = mac.platform_sso, world.entra.tokens.platform_credentials
    assert psso.registration is not None and psso.secure_enclave_key is not None, psso.last_error
    credentials = [c for c in store.of(user) if c.device_id == psso.registration.device_id]
    assert len(credentials) == 1, f"platform credentials of the user on the Mac: {credentials}"
    assert credentials[0].public_key == mac.secure_enclave.public_key(psso.secure_enclave_key)
    assert not any("PRIVATE KEY" in c.public_key for c in store.credentials.values())


@then(step_parser("the user's Primary Refresh Token is bound to their Secure Enclave key"))
def prt_bound(world: World, mac: Mac, user: User) -> None:
    """Entra issued the Mac's PRT for the user's platform credential (a login signed by the key).

    Area: Secure Enclave
    """
    tokens = mac.platform_sso.tokens
    assert tokens is not None, f"no PRT: {mac.platform_sso.last_error}"
    grant = world.entra.tokens.grants[tokens.prt]
    keys = [c.key_id for c in world.entra.tokens.platform_credentials.of(user)]
    assert grant.key_id is not None and grant.key_id in keys, f"the PRT is bound to {grant.key_id}, keys: {keys}"


@then(step_parser("Entra ID signed the user in with the smart card's certificate"))
def signed_in_by_certificate(world: World, mac: Mac) -> None:
    """The Mac's PRT came from a login the card signed (certificate-based authentication).

    Area: Smart card
    """
    tokens = mac.platform_sso.tokens
    assert tokens is not None, f"no PRT: {mac.platform_sso.last_error}"
    assert "x509" in world.entra.tokens.grants[tokens.prt].amr, world.entra.tokens.grants[tokens.prt].amr


@then(step_parser("the Mac's local password is still the one the user set up"))
def local_password_kept(mac: Mac) -> None:
    """No password synchronization: the local account keeps its own password.

    Source: Configure Platform SSO for macOS devices > Step 1 (Secure Enclave, Smart card: not synced)
    Area: Secure Enclave
    """
    assert mac.account.password == mac.account.original_password, "the local password was changed"


@then(step_parser("the Mac offers the user's Platform Credential as a passkey"))
def passkey_offered(mac: Mac) -> None:
    """Browsers on the Mac would offer the Secure Enclave credential as a passkey.

    Source: Join a Mac device > Enable Platform Credential for macOS for use as a passkey
    Area: Secure Enclave
    """
    why = mac.passkeys.why_no_platform_credential()
    assert why is None, why


@then(step_parser("the Mac offers no Platform Credential as a passkey"))
def passkey_not_offered(mac: Mac) -> None:
    """No passkey from Platform SSO: the method gives none, or Company Portal is off.

    Area: Secure Enclave
    """
    if mac.passkeys.why_no_platform_credential() is None:
        pytest.fail("the Mac offers the Platform Credential as a passkey")
