"""The three Platform SSO authentication methods, one row each: what each does is data here.

The rows are the method matrix of Intune's "Configure Platform SSO for macOS devices" (Step 1) and the
per-method tabs of the join articles. The profile's ``AuthenticationMethod`` (read as the Mac's macOS
release reads it) picks the row; the models read its fields (``METHODS[method].syncs_password``), never
an ``if method == ...``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from psso_sim.errors import SimError

__all__ = ["METHODS", "AuthenticationMethod", "UnknownMethod", "method_named"]


class UnknownMethod(SimError):
    subsystem = "macos"


@dataclass(frozen=True)
class AuthenticationMethod:
    value: str
    """The payload's ``AuthenticationMethod`` value."""
    title: str
    """What the join articles call it (their tabs): Secure Enclave, Smart card, Password."""
    info_label: str
    """What Users & Groups > the user's Information icon lists: 'Secure enclave', 'Smart Card', 'Password'."""
    login_type: str
    """``app-sso platform -s``: the loginType Platform SSO reports."""
    syncs_password: bool
    """'Local Mac password synced with Entra ID' (Password only): the login's Entra password becomes the
    local password."""
    mfa_for_setup: bool
    """'MFA mandatory for setup' (Secure Enclave, Smart card): the Mac asks Entra for an MFA sign-in even
    when the tenant does not require MFA to join."""
    passkey: bool
    """'Can be used as passkey' (Secure Enclave only)."""
    user_key: str | None
    """The user credential registered with Entra besides the device keys: the Secure Enclave key's public
    half, the smart card's certificate, or nothing (the password)."""


METHODS: dict[str, AuthenticationMethod] = {
    row.value: row
    for row in (
        AuthenticationMethod("UserSecureEnclaveKey", "Secure Enclave", "Secure enclave",
                             "POLoginTypeUserSecureEnclaveKey (2)", syncs_password=False, mfa_for_setup=True,
                             passkey=True, user_key="secure-enclave"),
        AuthenticationMethod("SmartCard", "Smart card", "Smart Card", "POLoginTypeSmartCard (3)",
                             syncs_password=False, mfa_for_setup=True, passkey=False, user_key="certificate"),
        AuthenticationMethod("Password", "Password", "Password", "POLoginTypePassword (1)", syncs_password=True,
                             mfa_for_setup=False, passkey=False, user_key=None),
    )
}
"""Every method, by payload value (a plain dict: a rule-breaking test swaps a row)."""


def method_named(name: str) -> AuthenticationMethod:
    """A method by payload value or by the articles' name, any case: 'Secure Enclave', 'SmartCard'..."""
    for row in METHODS.values():
        if name.casefold() in (row.value.casefold(), row.title.casefold(), row.info_label.casefold()):
            return row
    names = [row.title for row in METHODS.values()] + list(METHODS)
    close = difflib.get_close_matches(name, names, n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "methods: " + ", ".join(names)
    raise UnknownMethod(f"no Platform SSO authentication method named '{name}'", hint=hint)
