"""Helpers for the run-report tests: hand-made report data, a failing feature, the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psso_sim.reports.model import RunReport, ScenarioRun, StepRun

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = PROJECT_ROOT / "docs" / "run-report.schema.json"
EXAMPLE = PROJECT_ROOT / "features" / "examples" / "users_who_may_join_devices.feature"
OUTLINE = PROJECT_ROOT / "features" / "registration" / "register_with_password.feature"
_PASSING_THEN = 'Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"'


def failing_feature(tmp_path: Path) -> Path:
    """The example feature with its first Then expecting what is not so yet: both scenarios fail there."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert _PASSING_THEN in text, "the example feature changed: pick another step to break"
    path = tmp_path / "failing.feature"
    path.write_text(text.replace(_PASSING_THEN, 'Then the Mac is "compliant" in Intune'), encoding="utf-8")
    return path


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def http(at: str, method: str, url: str, status: int, step: str, body: str = "") -> dict[str, Any]:
    return {"at": at, "source": "network", "message": f"{method} {url} -> {status}", "kind": "http", "step": step,
            "detail": {"client": "Adele's MacBook Pro (macOS 14.1.1)", "service": "Entra ID" if "login" in url
                       else "Intune", "method": method, "url": url, "status": status, "request_body": body,
                       "response_body": ""}}


def step_entry(at: str, text: str, phase: str, outcome: str | None = None) -> dict[str, Any]:
    keyword, _, rest = text.partition(" ")
    return {"at": at, "source": "step", "message": text, "kind": "step", "step": text,
            "detail": {"keyword": keyword, "text": rest, "phase": phase, "outcome": outcome}}


def hand_made_report() -> RunReport:
    """Two scenarios as the plugin would report them: one passes, one fails after a three-hour wait."""
    t0, t1, t2 = "2023-11-06T09:00:00+00:00", "2023-11-06T09:00:30+00:00", "2023-11-06T12:00:30+00:00"
    given, when, then = "Given the user has a Mac with macOS 14", "When the user waits 3 hours", \
        'Then the Mac is "compliant" in Intune'
    trace = [
        step_entry(t0, given, "start"),
        http(t0, "POST", "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", 200, given,
             "grant_type=password&client_id=x"),
        http(t1, "PUT", "https://enrollment.manage.microsoft.com/mdm/checkin", 200, given),
        step_entry(t1, given, "end", "passed"),
        step_entry(t1, when, "start"),
        {"at": t2, "source": "scheduler", "message": "compliance evaluation", "kind": "event", "step": when,
         "detail": {}},
        step_entry(t2, when, "end", "passed"),
        step_entry(t2, then, "start"),
        {"at": t2, "source": "Adele's MacBook Pro", "message": "shown: Company Portal: Registration failed",
         "kind": "screen", "step": then, "detail": {"text": "Company Portal\n  Registration failed"}},
        http(t2, "POST", "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", 400, then,
             "grant_type=srv_challenge"),
        step_entry(t2, then, "end", "failed"),
    ]
    steps = [StepRun("Given", "the user has a Mac with macOS 14", 5, "passed", 0.002, t0, t1),
             StepRun("When", "the user waits 3 hours", 6, "passed", 0.001, t1, t2),
             StepRun("Then", 'the Mac is "compliant" in Intune', 7, "failed", 0.001, t2, t2,
                     error="compliance is unknown", screen="shown: Company Portal: Registration failed"),
             StepRun("And", "Platform SSO registration is complete", 8, "skipped")]
    failed = ScenarioRun(
        id="x.feature::A Mac that waits", seed=123, feature="Waiting", feature_path="x.feature",
        feature_tags=["enrollment"], keyword="Scenario", name="A Mac that waits", line=4, tags=["macos14"],
        example={}, status="failed", duration=0.01, steps=steps, product="current", simulated_start=t0,
        simulated_end=t2, trace=trace, trace_file="/tmp/x.trace.jsonl",
        trace_section="psso-sim trace (last 3 entries)\n...")
    passed = ScenarioRun(
        id="x.feature::A Mac that passes", seed=456, feature="Waiting", feature_path="x.feature",
        feature_tags=["enrollment"], keyword="Scenario", name="A Mac that passes", line=10, tags=[],
        example={}, status="passed", duration=0.01,
        steps=[StepRun("Given", "the user has a Mac with macOS 14", 11, "passed", 0.001, t0, t0)],
        simulated_start=t0, simulated_end=t0, trace=[step_entry(t0, given, "start"), step_entry(t0, given, "end")])
    return RunReport(seed=0, scenarios=[failed, passed], duration=0.05, ok=False, exit_code=1,
                     options={"paths": ["x.feature"]})
