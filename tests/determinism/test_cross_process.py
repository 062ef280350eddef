"""One seed, one run, across processes: two fresh interpreters with different hash seeds write the same trace.

Two Worlds in one process agree even when seeding depends on the process (``hash()`` of a string, the order
of a set, an id()); only separate interpreters with different ``PYTHONHASHSEED`` show it. The features run
here cover the three authentication methods, seeded fault chances and a repair; the traces are compared
byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FEATURES = Path(__file__).resolve().parents[2] / "features"
SELECTED = [
    FEATURES / "registration",
    FEATURES / "known_issues" / "registration_service_faults.feature",
    FEATURES / "troubleshooting" / "repair_registration.feature",
]
# Seeded fault chances and latency, in every scenario: the "faults" seed stream must not depend on the process.
FAULTS = ["login.microsoftonline.com 503 30%", "enterpriseregistration.windows.net latency 20s"]


# What the test must catch: a stream seeded by hash(), loaded into the interpreter by a sitecustomize module.
HASH_SEEDED_STREAMS = """
import random
from psso_sim import seeding

def stream(self, purpose):
    if purpose not in self._streams:
        self._streams[purpose] = random.Random(self.seed ^ (hash(purpose) & 0xFFFF))
    return self._streams[purpose]

seeding.Seeds.stream = stream
"""


def _trace(tmp_path: Path, hash_seed: str, features: list[Path] = SELECTED, python_path: str = "") -> bytes:
    out = tmp_path / f"trace-{hash_seed}.jsonl"
    command = [sys.executable, "-m", "psso_sim.cli", "run", *map(str, features), "--seed", "20261202",
               "--trace", str(out), *(option for spec in FAULTS for option in ("--fault", spec))]
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    if python_path:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [python_path, os.environ.get("PYTHONPATH")]))
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]  # faults may fail some
    return out.read_bytes()


def test_two_interpreters_with_different_hash_seeds_write_the_same_trace(tmp_path: Path) -> None:
    first, second = _trace(tmp_path, "1"), _trace(tmp_path, "2")
    assert first.count(b"\n") > 500, "the run traced its scenarios"
    if first != second:
        lines = zip(first.splitlines(), second.splitlines(), strict=False)
        number, (left, right) = next((n, pair) for n, pair in enumerate(lines, 1) if pair[0] != pair[1])
        pytest.fail(f"the traces differ first at line {number}:\n  PYTHONHASHSEED=1: {left[:400]!r}\n"
                    f"  PYTHONHASHSEED=2: {right[:400]!r}")


def test_a_stream_seeded_by_the_process_is_caught(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(HASH_SEEDED_STREAMS)
    feature = [FEATURES / "registration" / "register_with_password.feature"]
    first = _trace(tmp_path, "1", feature, python_path=str(tmp_path))
    assert first != _trace(tmp_path, "2", feature, python_path=str(tmp_path))
