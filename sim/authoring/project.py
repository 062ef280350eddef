"""Where the project's own files are: the bundled features, the step package, the pytest config.

The CLI works from any directory: everything is located from the installed ``sim`` package
(an editable install, so ``sim/`` sits beside ``features/``, ``steps/`` and ``pyproject.toml``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import psso_sim

__all__ = [
    "FEATURES_DIR",
    "FEATURES_ENV",
    "FEATURE_TESTS",
    "PROJECT_ROOT",
    "PYPROJECT",
    "STEP_PACKAGE",
    "ensure_importable",
    "is_bundled_features_dir",
]

PROJECT_ROOT = Path(psso_sim.__file__).resolve().parent.parent
FEATURES_DIR = PROJECT_ROOT / "features"
PYPROJECT = PROJECT_ROOT / "pyproject.toml"
FEATURE_TESTS = PROJECT_ROOT / "tests" / "test_features.py"
STEP_PACKAGE = "steps"
FEATURES_ENV = "PSSO_SIM_FEATURES"
"""Feature files for ``tests/test_features.py`` to bind instead of ``features/`` (os.pathsep-separated)."""


def ensure_importable() -> None:
    """Make the step package importable when the CLI runs outside the project directory."""
    root = str(PROJECT_ROOT)
    if root not in sys.path:
        sys.path.append(root)


def is_bundled_features_dir(path: Path) -> bool:
    return path.resolve() == FEATURES_DIR.resolve()
