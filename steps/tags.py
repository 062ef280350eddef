"""Tags that decide where a scenario runs: @macos13 and @macos14.

pytest-bdd turns every tag into a marker (registered by the psso-sim plugin, under --strict-markers).
Here the macOS tags also skip, with a reason, what a scenario is not for:

- a Scenario Outline run per macOS version (an Examples column ``version``) and tagged for one
  version skips the other versions' rows: "scenario is for macOS 14 only";
- ``--psso-macos 13`` (``psso-sim run --macos 13``) runs one version: scenarios tagged for the other version and outline
  rows of the other version are skipped.
"""

from __future__ import annotations

import re

import pytest

__all__ = ["MACOS_TAG", "VERSION_COLUMNS", "skip_reason"]

MACOS_TAG = re.compile(r"macos(\d+)$")
VERSION_COLUMNS = ("version", "macOS", "macos")  # Examples columns that hold the macOS version
_EXAMPLE_PARAM = "_pytest_bdd_example"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("psso-sim", "psso-sim: simulated Platform SSO")
    group.addoption("--psso-macos", type=int, choices=(13, 14), default=None, metavar="VERSION",
                    help="run for one macOS version (13 or 14); skip scenarios and examples for the other")


def _versions(item: pytest.Item) -> list[int]:
    return sorted({int(m.group(1)) for mark in item.iter_markers() if (m := MACOS_TAG.match(mark.name))})


def _example_version(item: pytest.Item) -> int | None:
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get(_EXAMPLE_PARAM, {}) if callspec is not None else {}
    for column in VERSION_COLUMNS:
        value = str(example.get(column, "")).strip()
        if value.isdigit():
            return int(value)
    return None


def _only(versions: list[int]) -> str:
    return " and ".join(str(v) for v in versions)


def skip_reason(tagged: list[int], example_version: int | None, only: int | None) -> str | None:
    """Why a scenario (tagged for ``tagged`` versions, an outline row for ``example_version``) is skipped."""
    if tagged and example_version is not None and example_version not in tagged:
        return f"scenario is for macOS {_only(tagged)} only"
    if only is None:
        return None
    if tagged and only not in tagged:
        return f"scenario is for macOS {_only(tagged)} only (this run is for macOS {only})"
    if example_version is not None and example_version != only:
        return f"example is for macOS {example_version} (this run is for macOS {only})"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    only: int | None = config.getoption("--psso-macos")
    for item in items:
        reason = skip_reason(_versions(item), _example_version(item), only)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))
