"""The Secure Enclave key, the smart card and sc_auth, and what Entra checks of them
(psso_sim.macos.secure_enclave, psso_sim.macos.smart_card, psso_sim.entra.certificate_auth,
psso_sim.entra.platform_credentials, psso_sim.macos.authentication_methods)."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.entra import es256
from psso_sim.entra.errors import CertificateBindingFailed, CertificatePolicyUnavailable, CredentialPolicyBlocked
from psso_sim.macos.authentication_methods import METHODS, UnknownMethod, method_named
from psso_sim.macos.secure_enclave import NoSuchKey
from psso_sim.macos.smart_card import PIN_TRIES, SmartCardError, issue_smart_card, sc_auth_command
from psso_sim.world import World


def person_on(macos: int = 14, seed: int = 71, method: str = "Password") -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method=method)
    return Person(world, user, world.add_mac(macos=macos, owner=user))


def with_card(person: Person) -> Person:
    tokens = person.world.entra.tokens
    person.insert_smart_card(issue_smart_card(tokens.organisation_ca, person.user, person.world.runtime.seeds))
    return person


def test_a_secure_enclave_key_gives_out_only_its_public_half_and_signs_verifiably() -> None:
    enclave = person_on().mac.secure_enclave
    public = enclave.create_key("user")
    assert es256.is_public_key_pem(public) and "PRIVATE" not in public
    assert not any("key" in name.lower() and not name.startswith("_") for name in vars(enclave))
    token = enclave.sign("user", {"nonce": "n"})
    assert es256.verify(token, public)
    assert not es256.verify(token, person_on(seed=72).mac.secure_enclave.create_key("user"))
    with pytest.raises(NoSuchKey, match="no Secure Enclave key 'other'"):
        enclave.sign("other", {})


def test_secure_enclave_keys_come_from_the_seed() -> None:
    first, again = person_on(seed=5).mac.secure_enclave, person_on(seed=5).mac.secure_enclave
    assert first.create_key("k") == again.create_key("k")
    enclave = person_on(seed=5).mac.secure_enclave
    assert enclave.create_key("k") != enclave.create_key("k")  # a new key replaces the old one


def test_entra_keeps_only_public_keys_with_a_proof_of_possession() -> None:
    person = person_on()
    store, user = person.world.entra.tokens.platform_credentials, person.user
    enclave = person.mac.secure_enclave
    public = enclave.create_key("user")
    with pytest.raises(Exception, match="PublicKey: expected a P-256 public key"):
        store.register(user, "device", "-----BEGIN PRIVATE KEY-----\n...", enclave.sign("user", {}))
    with pytest.raises(Exception, match="Proof: not signed"):
        store.register(user, "device", public, _other_signature())
    credential = store.register(user, "device", public, enclave.sign("user", {"device_id": "device"}))
    assert store.of(user) == [credential]


def _other_signature() -> str:
    other = person_on(seed=9).mac.secure_enclave
    other.create_key("x")
    return other.sign("x", {})


def test_the_methods_table_names_each_method_as_the_articles_do() -> None:
    assert [m.info_label for m in METHODS.values()] == ["Secure enclave", "Smart Card", "Password"]
    assert method_named("secure enclave").value == "UserSecureEnclaveKey"
    assert method_named("SmartCard").title == "Smart card"
    with pytest.raises(UnknownMethod, match="no Platform SSO authentication method named 'Touch ID'") as error:
        method_named("Touch ID")
    assert error.value.hint is not None and "Secure Enclave" in error.value.hint


def test_sc_auth_lists_pairs_and_lists_again() -> None:
    person = with_card(person_on())
    mac = person.mac
    card = mac.smart_card_reader.card
    assert card is not None
    shown = sc_auth_command(mac, ["identities"], False).stdout
    assert shown == f"SmartCard: {card.token_id}\nUnpaired identities:\n{card.public_key_hash}\t{card.label}\n"
    denied = sc_auth_command(mac, ["pair", "-h", card.public_key_hash, "-u", mac.account.short_name], False)
    assert denied.exit_code == 1 and "sudo" in denied.stderr
    wrong = sc_auth_command(mac, ["pair", "-h", "ABCD", "-u", mac.account.short_name], True)
    assert wrong.exit_code == 1 and "no smart card identity with hash 'ABCD'" in wrong.stderr
    nobody = sc_auth_command(mac, ["pair", "-h", card.public_key_hash, "-u", "nobody"], True)
    assert nobody.exit_code == 1 and "no local user 'nobody'" in nobody.stderr
    assert person.pair_smart_card() == card.public_key_hash
    assert sc_auth_command(mac, ["list"], False).stdout == f"{card.public_key_hash}\n"
    assert "Paired identities" in sc_auth_command(mac, ["identities"], False).stdout
    assert sc_auth_command(mac, ["frobnicate"], False).exit_code == 64


def test_a_card_signs_only_after_its_pin_and_blocks_after_three_wrong_ones() -> None:
    card = with_card(person_on()).mac.smart_card_reader.card
    assert card is not None
    with pytest.raises(SmartCardError, match="only after its PIN"):
        card.sign({})
    for left in range(PIN_TRIES - 1, -1, -1):
        expected = f"Incorrect PIN. {left} attempts left." if left else "The smart card is locked."
        assert card.check_pin("wrong") == expected
    assert card.blocked and card.check_pin(card.pin) == "The smart card is locked."


def test_certificate_based_authentication_rules() -> None:
    person = with_card(person_on())
    tokens, card = person.world.entra.tokens, person.mac.smart_card_reader.card
    assert card is not None and card.verify_pin(card.pin)
    cba = tokens.certificate_auth
    signed = card.sign({})
    with pytest.raises(CredentialPolicyBlocked, match="User Credential Policy"):
        cba.authenticate(card.certificate, signed)
    cba.enable()
    with pytest.raises(CertificatePolicyUnavailable, match="certificate policy"):
        cba.authenticate(card.certificate, signed)  # the organisation's CA is not trusted yet
    cba.trust(tokens.organisation_ca.pem)
    assert cba.authenticate(card.certificate, signed).object_id == person.user.object_id
    stranger = with_card(person_on(seed=99)).mac.smart_card_reader.card
    assert stranger is not None and stranger.verify_pin(stranger.pin)
    with pytest.raises(CertificatePolicyUnavailable):  # another tenant's CA issued it
        cba.authenticate(stranger.certificate, stranger.sign({}))
    with pytest.raises(CertificateBindingFailed):  # signed by another key than the certificate's
        cba.authenticate(card.certificate, stranger.sign({}))


def test_smart_card_prompts_need_a_card() -> None:
    person = person_on(method="SmartCard")
    with pytest.raises(Exception, match="no smart card in"):
        person.enter_smart_card_pin()
