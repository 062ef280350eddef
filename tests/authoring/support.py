"""Shared helpers for the authoring tests: the sample steps packages under ``fixtures/``."""

from __future__ import annotations

import sys
from pathlib import Path

from psso_sim.authoring import StepDefinition, collect_step_definitions

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = "psso_sample_steps"
OVERLAP = "psso_sample_overlap"
TAGS = {"macos13": "macOS 13 only", "macos14": "macOS 14 only", "enrollment": "MDM enrollment",
        "needs-network": "a tag with a dash"}


def sample_definitions(*packages: str) -> list[StepDefinition]:
    """Step definitions of the sample packages (by default the main one)."""
    if str(FIXTURES) not in sys.path:
        sys.path.insert(0, str(FIXTURES))
    result: list[StepDefinition] = []
    for package in packages or (SAMPLE,):
        result += collect_step_definitions(package)
    return result
