"""What the verify-doc tests write documents from: the front matter of a 2023 article and the
enrollment procedure in Learn conventions (one step a line, in tests/data/docs; tests/test_wheel.py reads it too)."""

from __future__ import annotations

from pathlib import Path

FRONT = """\
---
title: Set up a test Mac with Company Portal
description: A test article for the documentation verifier.
ms.date: 11/06/2023
---

# Set up a test Mac with Company Portal

"""

ENROLL_STEPS = (Path(__file__).resolve().parents[1] / "data" / "docs" / "enroll_steps.txt").read_text(
    encoding="utf-8").splitlines()
