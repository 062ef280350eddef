from __future__ import annotations

import dataclasses
import importlib
import json

import pytest

import psso_sim.authoring
from psso_sim.authoring import (
    CatalogueError,
    StepParameter,
    collect_step_definitions,
    definition_problems,
    example_matches,
    load_parameter_types,
    render_catalogue,
)
from psso_sim.authoring.tags import TAG_GROUPS, registered_tags

from .support import OVERLAP, SAMPLE, TAGS, sample_definitions


@pytest.fixture(scope="module")
def defs():
    return sample_definitions()


def by_pattern(defs, pattern):
    [found] = [d for d in defs if d.pattern == pattern]
    return found


def test_collects_every_step_of_the_package_sorted_by_area_keyword_pattern(defs):
    assert [(d.area, d.keyword, d.pattern) for d in defs] == [
        ("Company Portal", "when", 'the user selects "{label:Label}"'),
        ("Company Portal", "when", "{actor:Actor} signs in to Company Portal"),
        ("Company Portal", "then", 'Company Portal shows "{text:Text}"'),
        ("macOS", "given", "a Mac with macOS {version:MacOS}"),
        ("macOS", "given", "the Mac is enrolled in Intune"),
        ("macOS", "then", r"the Mac has (?P<count>\d+) certificates?"),
        ("macOS", "then", 'the user sees the "{label:Label}" notification'),
        ("macOS", "step", "the network is offline"),
        ("Time", "when", "the clock advances by {duration:Duration}"),
        ("Time", "then", "within {duration:Duration} the device is compliant"),
    ]


def test_describes_a_step_from_its_docstring_and_parameter_types(defs):
    select = by_pattern(defs, 'the user selects "{label:Label}"')
    assert select.summary == "The user selects a button or menu item by its visible label."
    assert select.source == "Platform SSO deployment guide > Register the Mac"
    assert select.example == 'When the user selects "Register"'
    assert select.example_from_docstring
    assert select.parameters == [
        StepParameter("label", "Label", "the visible text of a button or item, inside quotes", "Register")
    ]
    assert select.location == f"{SAMPLE}.company_portal:8"
    assert select.file.endswith("company_portal.py")


def test_generates_the_example_from_the_parameter_examples(defs):
    advance = by_pattern(defs, "the clock advances by {duration:Duration}")
    assert advance.example == "When the clock advances by 10 minutes"
    assert not advance.example_from_docstring
    assert by_pattern(defs, "the network is offline").example == "Given the network is offline"
    assert by_pattern(defs, "the network is offline").display_keyword == "Given/When/Then"


def test_every_example_line_matches_its_own_definition(defs):
    """The property the real catalogue test reuses for the ``steps`` package."""
    assert defs
    assert [d.location for d in defs if not example_matches(d)] == []
    assert {d.location: definition_problems(d) for d in defs if definition_problems(d)} == {}


def test_a_broken_example_is_caught(defs):
    select = by_pattern(defs, 'the user selects "{label:Label}"')
    assert not example_matches(dataclasses.replace(select, example='When the user picks "Register"'))
    assert not example_matches(dataclasses.replace(select, example='Then the user selects "Register"'))
    assert not example_matches(dataclasses.replace(select, example='the user selects "Register"'))
    macos = by_pattern(defs, "a Mac with macOS {version:MacOS}")
    assert not example_matches(dataclasses.replace(macos, example="Given a Mac with macOS 12"))
    problems = definition_problems(dataclasses.replace(macos, summary="", example="Given a Mac"))
    assert len(problems) == 2


def test_parameter_types_come_from_the_parameters_module():
    sample_definitions()
    assert sorted(load_parameter_types(SAMPLE)) == ["Actor", "Duration", "Label", "MacOS", "Text"]
    assert load_parameter_types(OVERLAP) == {}


def test_an_unknown_package_is_a_sim_error():
    with pytest.raises(CatalogueError) as info:
        collect_step_definitions("psso_no_such_steps")
    assert str(info.value).startswith("SIM/steps: cannot import step package 'psso_no_such_steps'")


def test_renders_text_grouped_by_area(defs):
    text = render_catalogue(defs, "text", parameter_types=load_parameter_types(SAMPLE), tags=TAGS)
    assert text.startswith("Step catalogue: 10 steps in 3 areas\n")
    assert "Company Portal\n--------------\nWhen the user selects \"{label:Label}\"\n" in text
    assert '    example: When the user selects "Register"\n' in text
    assert "    source:  Platform SSO deployment guide > Register the Mac\n" in text
    assert "Parameter types\n---------------\n" in text
    assert "Duration  an amount of time (e.g. 10 minutes)" in text
    assert "@needs-network  a tag with a dash" in text


def test_renders_markdown_headings_and_tables(defs):
    md = render_catalogue(defs, "markdown", parameter_types=load_parameter_types(SAMPLE), tags=TAGS)
    assert md.startswith("# Step catalogue\n")
    for heading in ("## Company Portal", "## macOS", "## Time", "## Parameter types", "## Tags"):
        assert f"\n{heading}\n" in md
    assert '| `When the user selects "{label:Label}"` | The user selects' in md
    assert r"| `Then the Mac has (?P<count>\d+) certificates?` |" in md
    assert "| `@enrollment` | MDM enrollment |" in md


def test_renders_json_with_the_documented_schema(defs):
    types = load_parameter_types(SAMPLE)
    document = json.loads(render_catalogue(defs, "json", parameter_types=types, tags=TAGS))
    assert list(document) == ["schema", "steps", "parameter_types", "tags"]
    assert document["schema"] == "psso-sim/step-catalogue/1"
    assert len(document["steps"]) == len(defs)
    step = document["steps"][0]
    assert list(step) == [
        "area", "keyword", "pattern", "summary", "example", "parameters", "source", "location", "table"]
    assert step["parameters"] == [{"name": "label", "type": "Label", "example": "Register",
                                   "description": "the visible text of a button or item, inside quotes"}]
    assert {t["name"] for t in document["parameter_types"]} == {"Actor", "Duration", "Label", "MacOS", "Text"}
    assert {"name": "macos14", "description": "macOS 14 only", "group": TAG_GROUPS[0]} in document["tags"]
    assert render_catalogue(defs, "json") == render_catalogue(list(defs), "json")  # stable


def test_the_plugin_registers_every_tag_as_a_marker(pytestconfig):
    markers = dict(line.split(":", 1) for line in pytestconfig.getini("markers"))
    assert {name: markers[name].strip() for name in registered_tags()} == registered_tags()


@pytest.mark.parametrize("module", ["psso_sim.authoring", "psso_sim.authoring.catalogue",
                                    "psso_sim.authoring.render", "psso_sim.authoring.findings",
                                    "psso_sim.authoring.lint", "psso_sim.authoring.matching",
                                    "psso_sim.authoring.feature_file", "psso_sim.authoring.tags"])
def test_all_names_exist(module):
    mod = importlib.import_module(module)
    assert [name for name in mod.__all__ if not hasattr(mod, name)] == []


def test_package_exports_the_public_api():
    assert {"collect_step_definitions", "render_catalogue", "lint_paths", "format_findings", "exit_code",
            "example_matches", "LintFinding", "StepDefinition"} <= set(psso_sim.authoring.__all__)
