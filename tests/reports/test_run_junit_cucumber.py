"""``psso-sim run --junitxml/--cucumberjson``: schema-valid, real durations, each scenario's seed and id;
and plain ``pytest --cucumberjson`` durations, which freezegun's frozen clock once made 53 years long."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import cli
from tests.reports.junit_schema import junit_problems
from tests.reports.support import OUTLINE, failing_feature

pytest_plugins = ["pytester"]

_NS = 1_000_000_000  # cucumber JSON durations are in nanoseconds


def cucumber_problems(features: Any) -> list[str]:
    """What in a cucumber JSON report is not of the shape cucumber's formatters write and readers expect."""
    problems: list[str] = []
    if not isinstance(features, list):
        return ["the report is not a list of features"]
    shapes = {"feature": {"keyword": str, "uri": str, "name": str, "id": str, "line": int, "elements": list,
                          "tags": list, "description": str},
              "element": {"keyword": str, "id": str, "name": str, "line": int, "type": str, "steps": list,
                          "tags": list},
              "step": {"keyword": str, "name": str, "line": int, "result": dict, "match": dict}}

    def check(what: str, value: dict[str, Any], where: str) -> None:
        for key, kind in shapes[what].items():
            if not isinstance(value.get(key), kind):
                problems.append(f"{where}: {key!r} is not a {kind.__name__}")

    for f, feature in enumerate(features):
        check("feature", feature, f"features[{f}]")
        for e, element in enumerate(feature.get("elements", [])):
            check("element", element, f"features[{f}].elements[{e}]")
            for s, step in enumerate(element.get("steps", [])):
                where = f"features[{f}].elements[{e}].steps[{s}]"
                check("step", step, where)
                result = step.get("result", {})
                if result.get("status") not in ("passed", "failed", "skipped", "undefined", "pending"):
                    problems.append(f"{where}: status {result.get('status')!r}")
                if not isinstance(result.get("duration", 0), int):
                    problems.append(f"{where}: duration is not whole nanoseconds")
    return problems


def test_the_junit_checker_rejects_what_the_schema_rejects() -> None:
    good = '<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="0.5"><testcase name="t"/>' \
           '</testsuite></testsuites>'
    assert junit_problems(good) == []
    in_testcase = good.replace('<testcase name="t"/>', '<testcase name="t"><properties/></testcase>')
    assert junit_problems(in_testcase) == ["/testsuites/testsuite/testcase: <properties> not allowed in <testcase>"]
    no_count = good.replace(' tests="1"', "")
    assert junit_problems(no_count) == ["/testsuites/testsuite: required attribute 'tests' missing"]


def test_junit_xml_validates_and_carries_seed_and_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    status, out, _ = cli(capsys, "run", str(failing_feature(tmp_path)), str(OUTLINE), "--junitxml", str(report))
    assert status == 1
    text = report.read_text(encoding="utf-8")
    assert junit_problems(text) == []
    root = ET.fromstring(text)
    cases = root.findall(".//testcase")
    assert len(cases) == 7 and len(root.findall(".//testcase/failure")) == 2
    assert all(0 <= float(c.attrib["time"]) < 60 for c in cases)  # real seconds
    properties = {p.attrib["name"]: p.attrib["value"] for p in root.findall("./testsuite/properties/property")}
    seeds = {name: value for name, value in properties.items() if name.startswith("psso-sim.seed ")}
    ids = {name: value for name, value in properties.items() if name.startswith("psso-sim.id ")}
    assert len(seeds) == len(ids) == 7
    for value in ids.values():
        assert f"id {value}" in out
    for value in seeds.values():
        assert f"seed {value}," in out
    traces = [v for n, v in properties.items() if n.startswith("psso-sim.trace_file ")]
    assert len(traces) == 2 and all(Path(t).is_file() for t in traces)


def test_cucumber_json_has_its_shape_real_durations_and_seed_and_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    report = tmp_path / "cucumber.json"
    status, out, _ = cli(capsys, "run", str(OUTLINE), "--cucumberjson", str(report))
    assert status == 0
    features = json.loads(report.read_text(encoding="utf-8"))
    assert cucumber_problems(features) == []
    elements = [e for f in features for e in f["elements"]]
    assert len(elements) == 5
    durations = [s["result"]["duration"] for e in elements for s in e["steps"]]
    assert all(0 <= d < 30 * _NS for d in durations), max(durations)
    for element in elements:
        extra = element["psso_sim"]
        assert f"seed {extra['seed']}, id {extra['id']}" in out


FEATURE = """
Feature: Durations
    Scenario: A Mac registers
        Given a user with Microsoft Authenticator registered for MFA
        And the admin has deployed the Platform SSO settings in Intune
        And the user has a Mac with macOS 14
        And the user has enrolled the Mac in Intune with Company Portal
        When the user waits 3 hours
        Then the Mac is "compliant" in Intune
"""


def test_plain_pytest_cucumber_json_durations_are_real_and_small(pytester: pytest.Pytester) -> None:
    """freezegun froze pytest-bdd's perf_counter with the World's clock: the first step took ~53 years,
    a three-hour wait took three hours. psso_sim.frozen_time leaves the reporting modules real time."""
    pytester.makefile(".feature", durations=FEATURE)
    pytester.makepyfile(test_durations='from pytest_bdd import scenarios\n\nscenarios("durations.feature")\n')
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly",
                                "--cucumberjson", "cucumber.json", "--junitxml", "junit.xml")
    result.assert_outcomes(passed=1)
    features = json.loads((pytester.path / "cucumber.json").read_text(encoding="utf-8"))
    assert cucumber_problems(features) == []
    steps = features[0]["elements"][0]["steps"]
    assert len(steps) == 6
    assert all(0 <= s["result"]["duration"] < 30 * _NS for s in steps), [s["result"]["duration"] for s in steps]
    junit = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert 0 <= float(ET.fromstring(junit).find(".//testcase").attrib["time"]) < 30  # type: ignore[union-attr]
