"""``psso-sim run --json``: the documented, versioned schema; real durations; simulated times from the trace."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from psso_sim.reports.json_report import SCHEMA, to_data
from tests.cli.support import cli
from tests.reports.support import EXAMPLE, SCHEMA_FILE, failing_feature, hand_made_report, schema


def validate(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(document)


def test_the_schema_file_is_a_valid_json_schema_of_the_version_the_module_writes() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["properties"]["schema"]["const"] == SCHEMA == "psso-sim/run/1"
    assert SCHEMA_FILE.name in (SCHEMA_FILE.parent / "running.md").read_text(encoding="utf-8")


def test_hand_made_report_data_validates_and_a_broken_one_does_not() -> None:
    document = to_data(hand_made_report())
    validate(document)
    assert document["summary"]["scenarios"] == {"passed": 1, "failed": 1, "skipped": 0}
    assert document["summary"]["by_tag"]["macos14"] == {"passed": 0, "failed": 1, "skipped": 0}
    broken = json.loads(json.dumps(document))
    broken["scenarios"][0]["steps"][0]["duration"] = -1.0  # a negative real duration is not a duration
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    del broken["scenarios"][0]["id"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_a_run_writes_json_that_validates_with_real_durations_and_simulated_times(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    out_file = tmp_path / "run.json"
    status, out, _ = cli(capsys, "run", str(failing_feature(tmp_path)), "--json", str(out_file))
    assert status == 1
    assert f"report: {out_file}" in out
    document = json.loads(out_file.read_text(encoding="utf-8"))
    validate(document)
    assert (document["ok"], document["exit_code"]) == (False, 1)
    assert 0 < document["duration"] < 120  # real seconds, not the simulated hours
    scenarios = document["scenarios"]
    assert [s["status"] for s in scenarios] == ["failed", "failed"]
    for scenario in scenarios:
        assert 0 < scenario["duration"] < 60
        assert f"seed {scenario['seed']}, id {scenario['id']}" in out  # the text report prints both
        ran = [s for s in scenario["steps"] if s["status"] != "skipped"]
        assert ran and all(0 <= s["duration"] < 30 for s in ran)
        for step in ran:  # simulated: in order, and where the trace's step entries put them
            assert datetime.fromisoformat(step["simulated_start"]) <= datetime.fromisoformat(step["simulated_end"])
        starts = [e["at"] for e in scenario["trace"] if e.get("kind") == "step" and e["detail"]["phase"] == "start"]
        assert [s["simulated_start"] for s in ran] == starts
        failed = next(s for s in scenario["steps"] if s["status"] == "failed")
        assert failed["error"] and failed["screen"]
        assert scenario["trace_file"] and Path(scenario["trace_file"]).is_file()
        assert any(e.get("kind") == "http" for e in scenario["trace"])


def test_a_passing_run_is_ok_in_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "run.json"
    status, _, _ = cli(capsys, "run", str(EXAMPLE), "--json", str(out_file), "--seed", "3")
    document = json.loads(out_file.read_text(encoding="utf-8"))
    validate(document)
    assert status == 0 and document["ok"] and document["seed"] == 3
    assert document["summary"]["scenarios"]["passed"] == 2


def test_an_empty_report_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    for option in ("--json", "--html", "--junitxml", "--cucumberjson", "--trace"):
        status, _, err = cli(capsys, "run", str(EXAMPLE), option, "")
        assert status == 2
        assert f"{option}: SIM/cli: the path is empty, so there is no file to write" in err, err
