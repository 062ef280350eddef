"""Helpers for the CLI tests: call ``psso-sim`` in-process or as a process, and write features."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from psso_sim.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the repository: its docs, tests and features
EXAMPLE = PROJECT_ROOT / "features" / "examples" / "users_who_may_join_devices.feature"
ENROLLMENT = PROJECT_ROOT / "features" / "enrollment" / "mdm_enrollment_entra_join.feature"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``psso-sim ARGS`` in this process: (exit status, stdout, stderr)."""
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def process(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    """``psso-sim ARGS`` as its own process (``python -m psso_sim.cli``, as the console script runs it)."""
    result = subprocess.run([sys.executable, "-m", "psso_sim.cli", *args], cwd=cwd, capture_output=True,
                            text=True, timeout=300, check=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def write(tmp_path: Path, text: str, name: str = "x.feature") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
