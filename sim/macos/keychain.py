"""The login keychain, as far as Platform SSO cares: the Workplace Join key the
Enterprise SSO plug-in leaves, and the Platform SSO device keys."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WORKPLACE_JOIN_KEY", "Keychain", "KeychainItem"]

WORKPLACE_JOIN_KEY = "Workplace Join Key"


@dataclass(frozen=True)
class KeychainItem:
    name: str
    kind: str
    account: str = ""


class Keychain:
    def __init__(self) -> None:
        self.items: dict[str, KeychainItem] = {}
        self.locked = False  # after a restart, until the local password unlocks it at login

    def add(self, item: KeychainItem) -> None:
        self.items[item.name] = item

    def remove(self, name: str) -> bool:
        return self.items.pop(name, None) is not None

    def has(self, name: str) -> bool:
        return name in self.items
