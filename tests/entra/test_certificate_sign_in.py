"""A smart card's certificate sign-in as Entra ID records it: the amr of a single-factor and a multifactor
binding, and the MFA the Mac asks for when the method's setup needs it (psso_sim.entra.tokens,
psso_sim.company_portal.sso_extension)."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.macos.smart_card import SmartCard, issue_smart_card
from psso_sim.world import World

RESOURCE = "https://graph.microsoft.com"


def card_holder(*, multifactor: bool, seed: int = 81) -> tuple[Person, SmartCard]:
    """A user with a card in the Mac's reader, its PIN entered, and CBA on with the organisation's CA trusted."""
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method="SmartCard")
    person = Person(world, user, world.add_mac(macos=14, owner=user))
    tokens = world.entra.tokens
    person.insert_smart_card(issue_smart_card(tokens.organisation_ca, user, world.runtime.seeds))
    tokens.certificate_auth.enable(multifactor=multifactor)
    tokens.certificate_auth.trust(tokens.organisation_ca.pem)
    card = person.mac.smart_card_reader.card
    assert card is not None and card.verify_pin(card.pin)
    return person, card


@pytest.mark.parametrize(("multifactor", "amr"), [(False, ("x509",)), (True, ("x509", "mfa"))])
def test_a_certificate_sign_in_claims_mfa_only_when_the_binding_is_multifactor(
        multifactor: bool, amr: tuple[str, ...]) -> None:
    person, card = card_holder(multifactor=multifactor)
    answer = person.mac.platform_sso.extension.certificate_sign_in(card.certificate, card.sign, RESOURCE, None)
    assert answer.ok, answer.description
    grant = person.world.entra.tokens.grants[str(answer.body["access_token"])]
    assert grant.amr == amr


def test_a_setup_that_needs_mfa_asks_entra_for_it_after_a_single_factor_certificate() -> None:
    person, card = card_holder(multifactor=False)
    extension = person.mac.platform_sso.extension
    answer = extension.certificate_sign_in(card.certificate, card.sign, RESOURCE, None, require_mfa=True)
    assert not answer.ok and answer.code == 50076, answer.description  # amr_values=mfa: Entra asks for MFA
    assert extension.certificate_sign_in(card.certificate, card.sign, RESOURCE, None).ok  # without it, none


def test_the_same_seed_issues_the_same_card_certificate_byte_for_byte() -> None:
    """ECDSA signs with a random k unless told to derive it (RFC 6979): one seed, one certificate."""
    (first, card), (second, again) = card_holder(multifactor=False, seed=5), card_holder(multifactor=False, seed=5)
    assert card.certificate == again.certificate
    assert first.world.entra.tokens.organisation_ca.pem == second.world.entra.tokens.organisation_ca.pem
    from cryptography import x509

    root = x509.load_pem_x509_certificate(first.world.entra.tokens.organisation_ca.pem.encode())
    assert root.subject.rfc4514_string() == f"CN={first.world.entra.tenant.name} Root CA"
