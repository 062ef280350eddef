"""freezegun at the boundary: code under test that asks datetime for "now" sees simulated time.

Started around a run (a scenario, a CLI run), it follows every move of the SimClock.
The simulation itself never needs it: it reads the SimClock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from psso_sim.clock import SimClock

__all__ = ["REAL_TIME_MODULES", "frozen_at"]

REAL_TIME_MODULES = ("_pytest.timing", "_pytest.runner", "_pytest.junitxml", "pytest_bdd.reporting",
                     "pytest_bdd.cucumber_json", "psso_sim.reports")
"""Modules that measure REAL elapsed time for reports (pytest's and pytest-bdd's durations, psso-sim's run
reports): freezegun leaves their clocks alone. Frozen, pytest-bdd's first step "took" the seconds from a
real ``perf_counter`` reading to the simulated epoch (about 53 years in cucumber JSON)."""


_settled: list[bool] = []  # whether cryptography has seen the real datetime (once per process)


def _settle_cryptography() -> None:
    """cryptography's Rust core looks ``datetime.datetime`` up once, at its first certificate, and keeps it.
    Looked up under freezegun it keeps FakeDatetime, and refuses every real datetime once the freeze ends.
    psso_sim imports cryptography where it is used, so the first certificate may be made inside a freeze:
    one throwaway certificate, made before the first freeze, settles it."""
    if _settled:
        return
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.derive_private_key(1, ec.SECP256R1())
    when, name = datetime(2000, 1, 1), x509.Name([])
    (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
     .not_valid_before(when).not_valid_after(when).sign(key, hashes.SHA256(), ecdsa_deterministic=True))
    _settled.append(True)


@contextmanager
def frozen_at(clock: SimClock) -> Iterator[None]:
    from freezegun import freeze_time  # lazy: importing it (dateutil, sqlite3...) costs ~90 ms nobody needs until a run

    _settle_cryptography()
    with freeze_time(clock.now(), tick=False, ignore=list(REAL_TIME_MODULES)) as frozen:

        def follow(when: datetime) -> None:
            frozen.move_to(when)

        unsubscribe = clock.subscribe(follow)
        try:
            yield
        finally:
            unsubscribe()
