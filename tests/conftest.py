from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI and verify-doc tests compare exact output: a developer's NO_COLOR or FORCE_COLOR must not change it."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
