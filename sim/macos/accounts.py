"""The Mac's local user account, and its password, which Platform SSO keeps in sync."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LocalAccount"]


@dataclass
class LocalAccount:
    short_name: str
    full_name: str
    password: str
    signed_in: bool = True

    def verify(self, password: str) -> bool:
        return password == self.password
