"""The Mac's local user account, and its password, which Platform SSO keeps in sync."""

from __future__ import annotations

from dataclasses import dataclass

from psso_sim.errors import SimError

__all__ = ["LocalAccount", "NoLocalAccount"]


class NoLocalAccount(SimError):
    """The Mac has no local account yet: Setup Assistant has not reached Create a Mac Account."""

    subsystem = "macos"


@dataclass
class LocalAccount:
    short_name: str
    full_name: str
    password: str
    signed_in: bool = True
    original_password: str = ""  # the password the user set up (the Secure Enclave method keeps it)

    def __post_init__(self) -> None:
        self.original_password = self.original_password or self.password

    def verify(self, password: str) -> bool:
        return password == self.password
