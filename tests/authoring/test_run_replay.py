"""Replay from a report: every scenario (each Outline example too) has its own World seed, every report
prints it with the scenario's id, and ``psso-sim run --replay ID --seed N`` gives the same trace, byte
for byte."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from psso_sim.reports.replay import run_seed_of
from psso_sim.steps.fixtures import scenario_seed
from tests.cli.support import PROJECT_ROOT, cli, process
from tests.reports.support import OUTLINE


def test_a_full_run_gives_every_world_its_own_seed(tmp_path: Path) -> None:
    report = tmp_path / "run.json"
    result = process("run", "--json", str(report), cwd=PROJECT_ROOT)
    document = json.loads(report.read_text(encoding="utf-8"))
    ran = [s for s in document["scenarios"] if s["status"] != "skipped"]
    assert len(ran) > 100, result.stdout[-2000:]
    seeds = [s["seed"] for s in ran]
    assert len(set(seeds)) == len(seeds), "two Worlds of one run share a seed"
    ids = [s["id"] for s in document["scenarios"]]
    assert len(set(ids)) == len(ids)
    outlines = [s for s in ran if s["example"]]
    assert len({s["seed"] for s in outlines}) == len(outlines) > 10  # one seed per example row


def test_the_run_seed_comes_back_from_a_scenario_seed() -> None:
    identity = "registration/x.feature::A scenario"
    for base in (0, 1, 7, -3):
        assert run_seed_of(identity, scenario_seed(base, identity)) == base


def _outline_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[list[dict[str, object]], Path]:
    report, trace = tmp_path / "run.json", tmp_path / "all.trace.jsonl"
    status, _, _ = cli(capsys, "run", str(OUTLINE), "--seed", "5", "--json", str(report), "--trace", str(trace))
    assert status == 0
    return json.loads(report.read_text(encoding="utf-8"))["scenarios"], trace


def test_a_replay_gives_the_same_trace_byte_for_byte(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scenarios, full = _outline_ids(capsys, tmp_path)
    chosen = next(s for s in scenarios if s["example"])  # an Outline example: its row is in its id
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    for written in (first, second):
        status, out, _ = cli(capsys, "run", str(OUTLINE), "--replay", str(chosen["id"]), "--seed",
                             str(chosen["seed"]), "--trace", str(written))
        assert status == 0
        assert "scenarios: 1 passed, 0 failed" in out and f"seed {chosen['seed']}, id {chosen['id']}" in out
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000
    in_full_run = [line for line in full.read_text(encoding="utf-8").splitlines()
                   if json.loads(line)["scenario"] == chosen["id"]]
    assert first.read_text(encoding="utf-8").splitlines() == in_full_run  # as it ran among the others


def test_a_replay_with_a_seed_that_is_not_the_scenarios_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    scenarios, _ = _outline_ids(capsys, tmp_path)
    chosen = scenarios[0]
    status, _, err = cli(capsys, "run", str(OUTLINE), "--replay", str(chosen["id"]), "--seed",
                         str(int(str(chosen["seed"])) + 1))
    assert status == 2 and "is not a seed scenario" in err and "hint:" in err


def test_a_replay_of_an_unknown_id_names_the_closest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scenarios, _ = _outline_ids(capsys, tmp_path)
    identity = str(scenarios[2]["id"])
    wrong = identity.replace("macOS", "macOs")
    status, _, err = cli(capsys, "run", str(OUTLINE), "--replay", wrong, "--seed", str(scenario_seed(0, wrong)))
    assert status == 2 and "no scenario has the id" in err and repr(identity) in err


def test_the_printed_replay_command_runs_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "run", str(OUTLINE), "--seed", "2")
    assert status == 0
    line = next(line for line in out.splitlines() if "[version=" in line and "(replay: " in line)
    command = shlex.split(line[line.index("(replay: ") + len("(replay: "):-1])
    assert command[:3] == ["psso-sim", "run", "--replay"]
    status, again, _ = cli(capsys, *command[1:])  # from the bundled features, as printed
    assert status == 0 and "scenarios: 1 passed, 0 failed" in again
    assert line.strip() in again
