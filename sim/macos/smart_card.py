"""A smart card in the Mac's reader, its pairing with the local account, and ``sc_auth``.

The card holds a P-256 key that never leaves it and a certificate for it, issued by the organisation's
certificate authority with the user's UPN (what Entra's certificate-based authentication binds). It
signs only after its PIN was entered; three wrong PINs in a row block it.

Pairing (the join articles' "Pair the smart card with your local account"): ``sc_auth identities``
lists the card's identities by public key hash, ``sudo sc_auth pair -h HASH -u USER`` pairs one with a
local account, ``sc_auth list`` shows the hashes paired with the user. A paired card unlocks the Mac with
its PIN; after a restart the local password is needed first, to unlock the keychain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.entra import es256, psso_wire
from psso_sim.entra.certificate_auth import CertificateAuthority
from psso_sim.entra.models import User
from psso_sim.errors import SimError
from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult
from psso_sim.seeding import Seeds

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["PIN_TRIES", "SmartCard", "SmartCardError", "SmartCardReader", "issue_smart_card", "sc_auth_command"]

PIN_TRIES = 3
USAGE = """usage: sc_auth identities
       sc_auth pair -h HASH -u USER
       sc_auth unpair -h HASH -u USER
       sc_auth list [-u USER]
"""


class SmartCardError(SimError):
    subsystem = "smart-card"


@dataclass(eq=False)
class SmartCard:
    token_id: str  # what sc_auth shows: com.apple.pivtoken:<serial>
    label: str
    certificate: str  # PEM, issued by the organisation's CA
    pin: str
    _key: ec.EllipticCurvePrivateKey = field(repr=False)
    tries_left: int = PIN_TRIES
    verified: bool = False  # the PIN was entered since the card was inserted

    @property
    def blocked(self) -> bool:
        return self.tries_left == 0

    @property
    def public_key_hash(self) -> str:
        return es256.public_key_hash(self._key.public_key())

    def verify_pin(self, pin: str) -> bool:
        """The card checks the PIN: right resets the counter; wrong uses a try; none left blocks it."""
        if self.blocked:
            return False
        if pin != self.pin:
            self.tries_left -= 1
            return False
        self.tries_left, self.verified = PIN_TRIES, True
        return True

    def check_pin(self, pin: str) -> str | None:
        """None if the PIN is right; else what the PIN prompt says."""
        if self.verify_pin(pin):
            return None
        return f"Incorrect PIN. {self.tries_left} attempts left." if self.tries_left else "The smart card is locked."

    def sign(self, claims: dict[str, Any]) -> str:
        """An ES256 JWS with the card's key, with Apple's embedded assertion header: ``kid`` the key's hash, ``x5c``
        the certificate (base64 DER). Needs the PIN first."""
        if not self.verified:
            raise SmartCardError("the smart card signs only after its PIN was entered", hint="enter the PIN")
        der = x509.load_pem_x509_certificate(self.certificate.encode()).public_bytes(serialization.Encoding.DER)
        return es256.sign(claims, self._key, psso_wire.embedded_assertion_header(self._key.public_key(), der))


def issue_smart_card(authority: CertificateAuthority, user: User, seeds: Seeds, pin: str | None = None) -> SmartCard:
    """A card for ``user``: a fresh key on the card, a certificate for it, and a PIN."""
    rng = seeds.stream(f"smart-card:{user.object_id}")
    key = es256.derive_key(rng)
    certificate = authority.issue(user.user_principal_name, user.display_name, key.public_key())
    serial = x509.load_pem_x509_certificate(certificate.encode()).serial_number
    return SmartCard(f"com.apple.pivtoken:{serial:016X}", f"Certificate For PIV Authentication ({user.display_name})",
                     certificate, pin or f"{rng.randrange(10**6):06d}", key)


class SmartCardReader:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.card: SmartCard | None = None
        self.pairings: dict[str, set[str]] = {}  # local account short name -> paired public key hashes

    def insert(self, card: SmartCard) -> None:
        self.card = card
        card.verified = False
        self._mac.runtime.trace.record(self._mac.name, f"smart card {card.token_id} inserted")

    def remove(self) -> None:
        if self.card is not None:
            self.card.verified = False
        self.card = None

    def paired(self, short_name: str) -> bool:
        """Whether the inserted card's identity is paired with this local account."""
        return self.card is not None and self.card.public_key_hash in self.pairings.get(short_name, set())

    def unlock_with_pin(self, short_name: str, pin: str) -> str | None:
        """None if the paired card's PIN is right, else what the screen says."""
        if self.card is None:
            return "Insert your smart card."
        if not self.paired(short_name):
            return "This smart card is not paired with your account. Enter your password."
        return self.card.check_pin(pin)


def sc_auth_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    """``sc_auth``, the Terminal command (the lead registers it with Terminal's commands)."""
    reader, verb = mac.smart_card_reader, args[0] if args else ""
    options = _options(args[1:])
    if verb == "identities":
        return CommandResult(0, _identities(mac))
    if verb == "list":
        user = options.get("-u", mac.account.short_name)
        return CommandResult(0, "".join(f"{h}\n" for h in sorted(reader.pairings.get(user, set()))))
    if verb in ("pair", "unpair"):
        if not root:
            return CommandResult(1, "", f"sc_auth: {verb}: Permission denied (run it with sudo)\n")
        card, user, wanted = reader.card, options.get("-u", ""), options.get("-h", "").upper()
        if user != mac.account.short_name:
            return CommandResult(1, "", f"sc_auth: {verb}: no local user '{user}'\n")
        if card is None or card.public_key_hash != wanted:
            return CommandResult(1, "", f"sc_auth: {verb}: no smart card identity with hash '{wanted}'\n")
        paired = reader.pairings.setdefault(user, set())
        if verb == "pair":
            paired.add(wanted)
        else:
            paired.discard(wanted)
        mac.runtime.trace.record(mac.name, f"sc_auth: {card.token_id} {verb}ed with '{user}'")
        return CommandResult(0)
    return CommandResult(EX_USAGE, "", f"sc_auth: unknown command: {verb or '(none)'}\n{USAGE}")


def _options(args: Sequence[str]) -> dict[str, str]:
    return {flag: value for flag, value in zip(args[0::2], args[1::2], strict=False) if flag.startswith("-")}


def _identities(mac: Mac) -> str:
    card = mac.smart_card_reader.card
    if card is None:
        return ""
    paired = any(card.public_key_hash in hashes for hashes in mac.smart_card_reader.pairings.values())
    title = "Paired identities which are used for authentication:" if paired else "Unpaired identities:"
    return f"SmartCard: {card.token_id}\n{title}\n{card.public_key_hash}\t{card.label}\n"
