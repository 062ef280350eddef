"""The tags a feature file may use: the pytest markers registered in ``pyproject.toml``.

The vocabulary has four kinds of tag (:func:`tag_group`): the macOS version a scenario is for
(``@macos13``, ``@macos14``: the other version skips it), the workflow a feature belongs to
(``@enrollment``...), the known issue it shows (a description starting "known issue:"), and the kind
of scenario (``@negative``, ``@known-issue``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from psso_sim.errors import SimError

__all__ = ["SCENARIO_KINDS", "TAG_GROUPS", "read_registered_tags", "tag_group"]

TAG_GROUPS = ("macOS versions (any other version skips the scenario)", "Workflows", "Known issues",
              "Kinds of scenario")
SCENARIO_KINDS = frozenset({"negative", "known-issue"})


def tag_group(name: str, description: str = "") -> str:
    """Which of :data:`TAG_GROUPS` the tag ``name`` (without '@') belongs to."""
    if re.fullmatch(r"macos\d+", name):
        return TAG_GROUPS[0]
    if name in SCENARIO_KINDS:
        return TAG_GROUPS[3]
    return TAG_GROUPS[2] if description.lower().startswith("known issue") else TAG_GROUPS[1]


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
