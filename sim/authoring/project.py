"""Where psso-sim's own files are when it runs: the bundled features, the step package, the run module.

Everything is found through the installed ``psso_sim`` package (package data in a wheel, the
repository's folders in an editable checkout), never through a path of the source tree or
``pyproject.toml``, so the CLI works the same from a wheel in any directory.
"""

from __future__ import annotations

from pathlib import Path

from psso_sim.authoring import bound_features
from psso_sim.features import FEATURES_DIR

__all__ = [
    "BOUND_FEATURES",
    "FEATURES_DIR",
    "FEATURES_ENV",
    "PLUGIN",
    "STEP_PACKAGE",
    "is_bundled_features_dir",
]

STEP_PACKAGE = "psso_sim.steps"
PLUGIN = "psso_sim.pytest_plugin"
"""The pytest plugin (entry point ``pytest11``) that loads the steps, fixtures and markers."""
BOUND_FEATURES = Path(bound_features.__file__).resolve()
"""The module ``psso-sim run`` hands to pytest: it binds the features named in :data:`FEATURES_ENV`."""
FEATURES_ENV = bound_features.FEATURES_ENV


def is_bundled_features_dir(path: Path) -> bool:
    return path.resolve() == FEATURES_DIR.resolve()
