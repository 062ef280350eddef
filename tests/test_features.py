"""Binds every .feature file under features/: a new file runs without touching Python."""

import os
from pathlib import Path

from pytest_bdd import scenarios

FEATURES = Path(__file__).resolve().parent.parent / "features"

# `psso-sim run PATHS` binds only the features it was given (psso_sim.authoring.project.FEATURES_ENV).
SELECTED = os.environ.get("PSSO_SIM_FEATURES", "")

scenarios(*(SELECTED.split(os.pathsep) if SELECTED else [str(FEATURES)]))
