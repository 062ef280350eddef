from __future__ import annotations

import contextlib
import io
import json

import pytest

from psso_sim.cli import main
from psso_sim.steps.data_tables import CONDITIONAL_ACCESS, DEVICE_SETTINGS, MACS, USERS
from psso_sim.steps.fleet import FLEET
from psso_sim.steps.settings_catalog import CONFIGURED_SETTINGS, PICKED_SETTINGS

from .support import cli, write


@pytest.fixture(scope="module")
def catalogue():
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["steps", "--format", "json"]) == 0
    return json.loads(buffer.getvalue())


def example(catalogue, pattern: str) -> str:
    [found] = [s["example"] for s in catalogue["steps"] if s["pattern"] == pattern]
    return found


def test_text_catalogue_groups_steps_by_area_with_examples_tables_types_and_tags(capsys):
    status, out, _ = cli(capsys, "steps")
    assert status == 0
    assert out.startswith("Step catalogue: ")
    for heading in ("Setup\n-----\n", "Desktop\n-------\n", "Outcomes\n--------\n",
                    "Parameter types\n---------------\n", "Tags\n----\n"):
        assert heading in out
    assert 'When the user selects "{label:Label}"\n' in out
    assert '    example: When the user selects "Download profile"\n' in out
    assert f"    table:   {USERS.describe()}\n" in out
    assert "    source:  Register a Mac device > Prerequisites\n" in out
    assert "Duration  a simulated duration" in out
    assert "  @macos14" in out and "  @known-issue" in out


def test_markdown_catalogue(capsys):
    status, out, _ = cli(capsys, "steps", "--format", "markdown")
    assert status == 0
    assert out.startswith("# Step catalogue\n")
    for heading in ("## Setup", "## Desktop", "## Parameter types", "## Tags", "### Workflows"):
        assert f"\n{heading}\n" in out
    assert "| `Given these users:` | Microsoft Entra ID users, one a row" in out
    assert "<br>Table: name, upn, password, mfa (Microsoft Authenticator \\| none)" in out


def test_json_catalogue(catalogue):
    assert catalogue["schema"] == "psso-sim/step-catalogue/1"
    assert {"Label", "Duration", "MacOS"} <= {t["name"] for t in catalogue["parameter_types"]}
    tags = {t["name"]: t for t in catalogue["tags"]}
    assert tags["macos13"]["group"].startswith("macOS versions")
    assert tags["known-issue"]["group"] == "Kinds of scenario"
    assert tags["enrollment"]["group"] == "Workflows"
    known = [t for t in tags.values() if t["description"].startswith("known issue")]
    assert all(t["group"] == "Known issues" for t in known)
    tables = {s["pattern"]: s["table"] for s in catalogue["steps"] if s["table"]}
    assert tables == {"these users:": USERS.describe(), "these Macs:": MACS.describe(),
                      "these device settings:": DEVICE_SETTINGS.describe(),
                      "these Conditional Access policies:": CONDITIONAL_ACCESS.describe(),
                      "the admin selects these settings in the settings picker:": PICKED_SETTINGS.describe(),
                      "the admin configures these settings:": CONFIGURED_SETTINGS.describe(),
                      "a fleet of {macs:Number} Macs:": FLEET.describe()}
    for step in catalogue["steps"]:
        assert step["example"].split(" ")[0] in ("Given", "When", "Then"), step


def test_a_feature_written_only_from_catalogue_lines_runs(catalogue, capsys, tmp_path):
    """Example lines copied from the catalogue, tables built from its column lists: no Python."""
    users_columns = [c.split(" (")[0] for c in example_columns(catalogue, "these users:")]
    assert users_columns[:2] == ["name", "upn"]
    psso = "the admin has deployed the Platform SSO settings in Intune"
    lines = [
        example(catalogue, "these users:"),
        "  | name        | mfa                     |",
        "  | Adele Vance | Microsoft Authenticator |",
        "And " + example(catalogue, "the user has a Mac with macOS {version:MacOS}").partition(" ")[2],
        "And " + example(catalogue, psso).partition(" ")[2],
        example(catalogue, 'the user opens the "{app:Label}" app'),
        example(catalogue, "the user waits {duration:Duration}"),
        example(catalogue, "Intune has no managed device for the Mac"),
        "And " + example(catalogue, "Platform SSO registration is not complete").partition(" ")[2],
    ]
    body = "\n".join(f"    {line}" for line in lines)
    path = write(tmp_path, f"Feature: From the catalogue\n  Scenario: Written from catalogue lines\n{body}\n")
    assert cli(capsys, "lint", str(path))[:2] == (0, "lint: no findings\n")
    status, out, _ = cli(capsys, "run", str(path))
    assert status == 0, out
    assert "scenarios: 1 passed, 0 failed" in out
    assert '✓ [+00:00:00] When the user opens the "Company Portal" app' in out


def example_columns(catalogue, pattern: str) -> list[str]:
    [table] = [s["table"] for s in catalogue["steps"] if s["pattern"] == pattern]
    columns, depth, current = [], 0, ""
    for char in table + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            columns.append(current.strip())
            current = ""
        else:
            current += char
    return columns
