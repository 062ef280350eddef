"""Placeholders a Learn article leaves for the reader to fill, filled the way a reader would.

- In a UI label, ``{Company}``, ``{Organization}``, ``<organization>`` (any case, in braces or angle
  brackets) stand for the tenant's organisation name: "You're prompted to **Set up {Company} access**"
  matches "Set up Contoso Labs access" in a World whose organisation is Contoso Labs, and nothing else.
- In a command, ``<USERNAME>`` (``<USER>``, ``<ACCOUNT>``) is the local account's short name, and
  ``<HASH>`` the first hexadecimal word of the output of the commands run before it in the step
  (``sc_auth identities`` lists the smart card's public key hash before ``sudo sc_auth pair -h <HASH>``).
  A placeholder the verifier cannot fill is an error naming it, never typed as it stands.
"""

from __future__ import annotations

import re

from psso_sim.errors import SimError

__all__ = ["ORGANISATION_PLACEHOLDER", "PlaceholderError", "fill_command", "fill_label", "has_placeholder"]

ORGANISATION_PLACEHOLDER = re.compile(
    r"[{<](?:company|organi[sz]ation|your organi[sz]ation|organi[sz]ation name|company name|tenant name)[}>]",
    re.IGNORECASE)
_COMMAND_PLACEHOLDER = re.compile(r"<(?P<name>[A-Za-z][A-Za-z_ -]*)>")
_HEX_WORD = re.compile(r"^[0-9A-Fa-f]{16,}\b|\b[0-9A-Fa-f]{16,}\b", re.MULTILINE)  # one opening a line first
_USER_NAMES = frozenset({"username", "user", "account", "user name", "account name", "short name"})


class PlaceholderError(SimError):
    subsystem = "docs"


def has_placeholder(label: str) -> bool:
    return bool(ORGANISATION_PLACEHOLDER.search(label))


def fill_label(label: str, organisation: str) -> str:
    """The label with each organisation placeholder replaced by the organisation's name."""
    return ORGANISATION_PLACEHOLDER.sub(lambda _: organisation, label)


def fill_command(command: str, *, username: str, earlier_output: str) -> str:
    """The command with its placeholders filled (PlaceholderError names one it cannot fill)."""

    def fill(m: re.Match[str]) -> str:
        name = m.group("name").strip().lower()
        if name in _USER_NAMES:
            return username
        if name == "hash":
            found = next(iter(sorted(_HEX_WORD.finditer(earlier_output), key=lambda f: not _opens_line(f))), None)
            if found is None:
                raise PlaceholderError(f"nothing run before `{command}` printed a hash for <{m.group('name')}>",
                                       hint="list it first (sc_auth identities)")
            return found.group(0)
        raise PlaceholderError(f"`{command}` holds a placeholder <{m.group('name')}> the reader must fill",
                               hint="placeholders filled: <USERNAME>, <HASH>")

    return _COMMAND_PLACEHOLDER.sub(fill, command)


def _opens_line(found: re.Match[str]) -> bool:
    return found.start() == 0 or found.string[found.start() - 1] == "\n"
