"""What the verify-doc tests write documents from: the front matter of a 2023 article and the
enrollment procedure in Learn conventions (one step a line, in tests/data/docs; tests/test_wheel.py reads it too)."""

from __future__ import annotations

from pathlib import Path


def front(title: str, ms_date: str = "11/06/2023") -> str:
    """A test article's front matter and H1, as Learn writes them."""
    return (f"---\ntitle: {title}\ndescription: A test article for the documentation verifier.\n"
            f"ms.date: {ms_date}\n---\n\n# {title}\n\n")


FRONT = front("Set up a test Mac with Company Portal")

ENROLL_STEPS = (Path(__file__).resolve().parents[1] / "data" / "docs" / "enroll_steps.txt").read_text(
    encoding="utf-8").splitlines()
