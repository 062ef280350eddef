"""``psso-sim trace FILE``: a trace file as text, by kind and step, with the CLI's conventions."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from psso_sim.actors import Person
from psso_sim.world import World

from .support import cli


@pytest.fixture(scope="module")
def trace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    world = World(seed=4)
    user = world.add_user()
    person = Person(world, user, world.add_mac(owner=user))
    world.trace.begin_step("Given", "the admin deploys Platform SSO")
    world.target_platform_sso()
    world.trace.end_step("passed")
    world.trace.begin_step("When", "the user enrolls and registers")
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    world.trace.end_step("failed")
    world.close()
    path = tmp_path_factory.mktemp("trace") / "t.trace.jsonl"
    return world.trace.write(path, {"seed": 4, "identity": "demo.feature::Register", "product": "current"})


def test_the_whole_trace_reads_by_step(capsys: pytest.CaptureFixture[str], trace_file: Path) -> None:
    status, out, err = cli(capsys, "trace", str(trace_file))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"psso-sim trace {trace_file} (identity demo.feature::Register, seed 4, product "
                               "current): ")
    assert "== Given the admin deploys Platform SSO ==" in lines
    assert "== When the user enrolls and registers ==" in lines
    assert any(" http " in line and "[network] Entra ID: POST https://login.microsoftonline.com/" in line
               for line in lines)
    assert any(line.startswith("    > grant_type=") and "password=<redacted sha256:" in line for line in lines)
    assert any(line.startswith("    authorization: Bearer <redacted sha256:") for line in lines)
    assert lines[-1].endswith("[step] failed")


def test_kind_and_step_filter(capsys: pytest.CaptureFixture[str], trace_file: Path) -> None:
    status, out, _ = cli(capsys, "trace", str(trace_file), "--kind", "http", "--step", "ENROLLS", "--no-bodies")
    lines = out.splitlines()
    assert status == 0 and ", kind http, step ~ 'ENROLLS'" in lines[0]
    assert lines[1] == "== When the user enrolls and registers =="
    assert lines[2:] and all(" http " in line for line in lines[2:])
    status, out, _ = cli(capsys, "trace", str(trace_file), "--kind", "notification", "--kind", "screen", "--tail", "2")
    assert status == 0 and len([line for line in out.splitlines() if not line.startswith("==")]) == 3  # title + 2


def test_nothing_matching_exits_1(capsys: pytest.CaptureFixture[str], trace_file: Path) -> None:
    status, out, _ = cli(capsys, "trace", str(trace_file), "--step", "no such step")
    assert status == 1 and ": 0 of " in out


def test_stdin_is_read_with_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                 trace_file: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(trace_file.read_bytes()), encoding="utf-8"))
    status, out, _ = cli(capsys, "trace", "-", "--kind", "event")
    assert status == 0 and out.startswith("psso-sim trace <stdin> (")


@pytest.mark.parametrize(("content", "message"), [
    (None, "SIM/trace: no trace file "),
    ("", "SIM/trace: "),
    ("hello\n", "SIM/trace: {path}:1: not JSON"),
])
def test_bad_files_are_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None,
                                    message: str) -> None:
    path = tmp_path / "x.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = cli(capsys, "trace", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(message.format(path=path)) and "hint: " in err


def test_an_empty_stdin_and_a_bad_kind_are_usage_errors(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    status, _, err = cli(capsys, "trace", "-")
    assert status == 2 and err.startswith("SIM/trace: standard input is empty")
    status, _, err = cli(capsys, "trace", "x", "--kind", "htp")
    assert status == 2 and "invalid choice: 'htp'" in err
    status, _, err = cli(capsys, "trace", "x", "--kinds", "http")
    assert status == 2 and "did you mean --kind?" in err
