"""One seed makes a whole run reproducible.

Each purpose draws from its own stream derived from the seed, so that, say, one more
Faker name does not shift every identifier after it.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

__all__ = ["Seeds"]


class Seeds:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._streams: dict[str, random.Random] = {}
        self._faker: Faker | None = None

    @property
    def faker(self) -> Faker:
        """This run's seeded Faker, made on first use: importing Faker and building one costs more than the
        rest of a World, and a seeded Faker draws the same names whenever it is made."""
        if self._faker is None:
            from faker import Faker  # lazy: see above

            self._faker = Faker("en_US")
            self._faker.seed_instance(self.seed)
        return self._faker

    def stream(self, purpose: str) -> random.Random:
        if purpose not in self._streams:
            # str seeds are hashed with SHA-512 by random.seed: stable across processes.
            self._streams[purpose] = random.Random(f"{self.seed}:{purpose}")
        return self._streams[purpose]

    def uuid(self, purpose: str = "ids") -> str:
        return str(uuid.UUID(int=self.stream(purpose).getrandbits(128), version=4))

    def token(self, prefix: str, length: int = 32, purpose: str = "tokens") -> str:
        alphabet = string.ascii_letters + string.digits
        rng = self.stream(purpose)
        return prefix + "".join(rng.choice(alphabet) for _ in range(length))

    def hex(self, nbytes: int, purpose: str = "ids") -> str:
        return self.stream(purpose).getrandbits(nbytes * 8).to_bytes(nbytes, "big").hex()

    def serial_number(self) -> str:
        rng = self.stream("serials")
        return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(12))
