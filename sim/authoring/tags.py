"""The tags a feature file may use: the pytest markers registered in ``pyproject.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sim.errors import SimError

__all__ = ["read_registered_tags"]


def read_registered_tags(pyproject: Path = Path("pyproject.toml")) -> dict[str, str]:
    """``{name: description}`` from ``[tool.pytest.ini_options] markers`` (``"name: description"``)."""
    try:
        config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        message = f"cannot read the registered markers from '{pyproject}': {exc}"
        raise SimError(message, subsystem="lint") from exc
    markers = config.get("tool", {}).get("pytest", {}).get("ini_options", {}).get("markers", [])
    tags: dict[str, str] = {}
    for entry in markers:
        head, _, description = str(entry).partition(":")
        name = head.split("(")[0].strip()
        if name:
            tags[name] = description.strip()
    return tags
