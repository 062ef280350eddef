"""Passcode (local password policy) profiles, as the admin builds them in Intune.

Intune turns the admin's password settings into Apple's ``com.apple.mobiledevice.passwordpolicy``
payload. Editing the settings later keeps the profile's identifier, so that the Mac replaces the
installed profile rather than adding a second one (with two, macOS enforces the stricter rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from psso_sim.intune.profiles import ConfigurationProfile, PasscodePayload

__all__ = ["PasscodeSettings", "passcode_profile"]


@dataclass(frozen=True)
class PasscodeSettings:
    """The admin's password settings; None leaves Apple's default."""

    min_length: int | None = None
    min_complex_chars: int | None = None
    require_alphanumeric: bool | None = None
    allow_simple: bool | None = None

    def describe(self) -> str:
        parts = [
            f"{name} {value}"
            for name, value in (
                ("minLength", self.min_length),
                ("minComplexChars", self.min_complex_chars),
                ("requireAlphanumeric", self.require_alphanumeric),
                ("allowSimple", self.allow_simple),
            )
            if value is not None
        ]
        return ", ".join(parts) or "Apple's defaults"


def passcode_profile(
    settings: PasscodeSettings, *, identifier: str, payload_uuid: str, organisation: str, display_name: str
) -> ConfigurationProfile:
    """One profile with one passcode payload; ``identifier`` stays the same across edits."""
    payload = PasscodePayload(
        PayloadIdentifier=f"{identifier}.passwordpolicy",
        PayloadUUID=payload_uuid,
        PayloadDisplayName=display_name,
        minLength=settings.min_length,
        minComplexChars=settings.min_complex_chars,
        requireAlphanumeric=settings.require_alphanumeric,
        allowSimple=settings.allow_simple,
    )
    return ConfigurationProfile(
        PayloadIdentifier=identifier,
        PayloadUUID=payload_uuid,
        PayloadDisplayName=display_name,
        PayloadOrganization=organisation,
        PayloadContent=[payload],
    )
