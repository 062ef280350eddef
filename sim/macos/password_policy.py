"""The local password policy a Mac enforces once MDM installs a passcode payload.

Platform SSO password sync writes the Entra password as the local password, so it fails when
that password breaks a stricter local policy (known issue "Passcode policy complexity
mismatches"). ``violations`` says why, without ever repeating the password.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from psso_sim.errors import SimError
from psso_sim.intune.profiles import PasscodePayload

__all__ = ["LocalPasswordPolicy"]


@dataclass(frozen=True)
class LocalPasswordPolicy:
    """Apple's passcode rules that concern the password itself; the defaults allow anything."""

    min_length: int = 0
    require_alphanumeric: bool = False
    # Apple's "complex" characters are those that are neither letters nor numbers.
    min_complex_chars: int = 0
    allow_simple: bool = True

    def __post_init__(self) -> None:
        if self.min_length < 0 or self.min_complex_chars < 0:
            raise SimError(
                f"negative password policy limit (min_length={self.min_length}, "
                f"min_complex_chars={self.min_complex_chars})",
                subsystem="macos",
            )

    @classmethod
    def from_payload(cls, payload: PasscodePayload) -> LocalPasswordPolicy:
        """The policy of one passcode payload, with Apple's defaults for absent keys."""
        return cls(
            min_length=payload.min_length or 0,
            require_alphanumeric=bool(payload.require_alphanumeric),
            min_complex_chars=payload.min_complex_chars or 0,
            allow_simple=payload.allow_simple is not False,
        )

    @classmethod
    def from_payloads(cls, payloads: Iterable[PasscodePayload]) -> LocalPasswordPolicy:
        """With several passcode payloads installed, macOS enforces the strictest value of each rule."""
        policies = [cls.from_payload(payload) for payload in payloads]
        return cls(
            min_length=max((policy.min_length for policy in policies), default=0),
            require_alphanumeric=any(policy.require_alphanumeric for policy in policies),
            min_complex_chars=max((policy.min_complex_chars for policy in policies), default=0),
            allow_simple=all(policy.allow_simple for policy in policies),
        )

    def violations(self, password: str) -> list[str]:
        """Why the password breaks this policy, one reason per rule; empty when it complies."""
        reasons = []
        if len(password) < self.min_length:
            reasons.append(f"shorter than {self.min_length} characters")
        if self.require_alphanumeric and not any(char.isalpha() for char in password):
            reasons.append("contains no letter")
        if self.require_alphanumeric and not any(char.isdigit() for char in password):
            reasons.append("contains no number")
        complex_chars = sum(1 for char in password if not char.isalnum())
        if complex_chars < self.min_complex_chars:
            noun = "character" if self.min_complex_chars == 1 else "characters"
            reasons.append(
                f"has {complex_chars} of the {self.min_complex_chars} required special {noun} "
                "(other than letters and numbers)"
            )
        if not self.allow_simple and _is_simple(password):
            reasons.append("is a simple sequence or repetition (such as 1234, cba or aaaa)")
        return reasons

    def allows(self, password: str) -> bool:
        return not self.violations(password)


def _is_simple(password: str) -> bool:
    """Apple's "simple" passcode: one character repeated, or a run going up or down by one."""
    codes = [ord(char) for char in password.lower()]
    if len(codes) < 2:
        return False
    steps = {later - earlier for earlier, later in pairwise(codes)}
    return len(steps) == 1 and steps <= {-1, 0, 1}
