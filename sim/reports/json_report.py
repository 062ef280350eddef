"""The run report as JSON (``psso-sim run --json FILE``), for tools.

Schema ``psso-sim/run/1`` (fields are only ever added; a change of meaning is a new version). The
JSON Schema is ``docs/run-report.schema.json``; ``docs/running.md`` explains the fields::

    {
      "schema": "psso-sim/run/1",
      "seed": 0,                          # the run's --seed
      "ok": false, "exit_code": 1,        # as psso-sim run exits
      "duration": 4.21,                   # REAL seconds the run took
      "options": {"paths": [...], "tags": null, "names": null, "macos": null, "product": null,
                  "replay": null},
      "summary": {"scenarios": {"passed": 40, "failed": 1, "skipped": 15}, "not_run": 0,
                  "steps": {"passed": 700, "failed": 1, "undefined": 0, "skipped": 3},
                  "by_feature": {"<feature name>": {"passed": 3, "failed": 0, "skipped": 0}},
                  "by_tag": {"macos14": {"passed": 9, "failed": 1, "skipped": 0}}},
      "scenarios": [{
        "id": "registration/x.feature::Register ...[...]",   # psso-sim run --replay ID --seed SEED
        "seed": 2891022323,                # the World seed of this scenario
        "feature": {"name": "...", "path": "features/registration/x.feature", "tags": ["registration"]},
        "keyword": "Scenario Outline", "name": "...", "line": 12, "tags": ["macos14"],
        "example": {"version": "14"},      # the Outline example row, {} for a Scenario
        "status": "passed" | "failed" | "skipped",
        "skip_reason": null, "errors": [], # errors outside any step (set-up, teardown)
        "duration": 0.081,                 # REAL seconds (pytest's set-up + call + teardown)
        "product": "current",              # the product release the World ran, or null
        "simulated_start": "2023-11-06T09:00:00+00:00", "simulated_end": "...",
        "trace_file": null,                # the full trace of a failure, as written
        "steps": [{"keyword": "Given", "text": "...", "line": 13,
                   "status": "passed" | "failed" | "undefined" | "skipped",
                   "duration": 0.0012,     # REAL seconds, null when not run
                   "simulated_start": "...", "simulated_end": "...",   # ISO 8601, null when not run
                   "error": null, "screen": null}],   # why it failed; what the Mac showed then
        "trace": [{"at": "...", "source": "...", "message": "...", "kind": "http", "step": "...",
                   "detail": {...}}]       # the scenario's trace, as psso-sim's plugin gives it
      }]
    }
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from psso_sim.reports.model import RunReport, ScenarioRun

__all__ = ["SCHEMA", "render_json", "to_data"]

SCHEMA = "psso-sim/run/1"


def _scenario(scenario: ScenarioRun) -> dict[str, Any]:
    data = asdict(scenario)
    for key in ("feature", "feature_path", "feature_tags", "trace_section"):
        data.pop(key)
    data["feature"] = {"name": scenario.feature, "path": scenario.feature_path, "tags": scenario.feature_tags}
    return data


def to_data(report: RunReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA, "seed": report.seed, "ok": report.ok, "exit_code": report.exit_code,
        "duration": report.duration,
        "options": {key: report.options.get(key) for key in ("paths", "tags", "names", "macos", "product", "replay")},
        "summary": {"scenarios": report.counts(), "not_run": report.not_run, "steps": report.step_counts(),
                    "by_feature": report.by_feature(), "by_tag": report.by_tag()},
        "scenarios": [_scenario(s) for s in report.scenarios],
    }


def render_json(report: RunReport) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False, default=str) + "\n"
