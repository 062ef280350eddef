"""Binds every .feature file under features/: a new file runs without touching Python."""

from pathlib import Path

from pytest_bdd import scenarios

FEATURES = Path(__file__).resolve().parent.parent / "features"

scenarios(str(FEATURES))
