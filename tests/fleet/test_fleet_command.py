"""``psso-sim fleet FILE``: the summary, the reports, shards and parts, bad input, progress and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import textwrap
import time
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest

from psso_sim.fleet.population import Population
from tests.cli.support import PROJECT_ROOT, cli

SCHEMA = json.loads((PROJECT_ROOT / "docs" / "fleet-report.schema.json").read_text(encoding="utf-8"))
EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "fleet.toml"

PILOT = """\
name = "pilot"
seed = 3
macs = 20
rollout_days = 2
per_user_mfa = 0.1

[macos]
13 = 0.5
14 = 0.5

[passcode_policies]
strict = "10%"
"""


@pytest.fixture
def pilot(tmp_path: Path) -> Path:
    path = tmp_path / "pilot.toml"
    path.write_text(PILOT, encoding="utf-8")
    return path


def validated(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    assert isinstance(document, dict)
    return document


def test_the_summary_table_then_simulated_and_real_time(capsys: pytest.CaptureFixture[str], pilot: Path) -> None:
    status, out, err = cli(capsys, "fleet", str(pilot))
    assert status == 0, err
    assert out.startswith(f"psso-sim fleet {pilot}: 'pilot', 20 Macs, seed 3, product current, 1 shard\n\n")
    assert "\nregistered           -                                            16   80.0%\n" in out
    assert "\npassword not synced  Per user MFA causes password sync failure     2   10.0%\n" in out
    assert "\ntotal                                                             20  100.0%\n" in out
    assert "\nsimulated: 1 day 7:33:35 (2023-11-06 09:59 to 2023-11-07 16:18)\n" in out
    assert "\nelapsed: " in out and " s real, " in out
    assert err == ""  # no progress line: standard error is not a terminal


def test_csv_and_json_are_written_and_the_json_follows_its_schema(
    capsys: pytest.CaptureFixture[str], pilot: Path, tmp_path: Path
) -> None:
    status, out, _ = cli(capsys, "fleet", str(pilot), "--csv", str(tmp_path / "f.csv"), "--json",
                         str(tmp_path / "f.json"))
    assert status == 0
    assert f"wrote {tmp_path / 'f.csv'}\nwrote {tmp_path / 'f.json'}\n" in out
    document = validated(tmp_path / "f.json")
    assert document["shards"] == 1 and document["shard"] is None
    assert len((tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()) == 21


def test_seed_and_macs_override_the_file(capsys: pytest.CaptureFixture[str], pilot: Path) -> None:
    status, out, _ = cli(capsys, "fleet", str(pilot), "--seed", "9", "--macs", "4")
    assert status == 0 and ": 'pilot', 4 Macs, seed 9, product current, 1 shard\n" in out


def test_docs_fleet_md_shows_what_the_example_prints(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = (PROJECT_ROOT / "docs" / "fleet.md").read_text(encoding="utf-8")
    shown = doc.split("$ psso-sim fleet docs/examples/fleet.toml --csv fleet.csv\n", 1)[1].split("\nelapsed: ", 1)[0]
    status, out, _ = cli(capsys, "fleet", str(EXAMPLE), "--csv", str(tmp_path / "fleet.csv"))
    assert status == 0
    assert out.replace(str(EXAMPLE), "docs/examples/fleet.toml").split("\nelapsed: ", 1)[0] == shown


def test_docs_fleet_md_names_every_key_of_the_file() -> None:
    doc = (PROJECT_ROOT / "docs" / "fleet.md").read_text(encoding="utf-8")
    section = doc.split("## The population file", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `\[?(\w+)\]?` \|", section, re.MULTILINE))
    keys = {f.name for f in fields(Population)} - {"first", "count"}  # first, count: a shard's window, not a key
    assert documented == keys


def test_two_shards_keep_each_macs_end_state(capsys: pytest.CaptureFixture[str], pilot: Path, tmp_path: Path) -> None:
    cli(capsys, "fleet", str(pilot), "--json", str(tmp_path / "one.json"))
    status, out, _ = cli(capsys, "fleet", str(pilot), "--shards", "2", "--json", str(tmp_path / "two.json"))
    assert status == 0 and ", 2 shards\n" in out
    one, two = validated(tmp_path / "one.json"), validated(tmp_path / "two.json")
    keep = ("index", "macos", "authentication_method", "end_state", "known_issue")
    assert [[m[k] for k in keep] for m in one["macs"]] == [[m[k] for k in keep] for m in two["macs"]]  # type: ignore[attr-defined, index]
    assert two["shards"] == 2 and one["totals"] == two["totals"]


def test_parts_run_apart_merge_into_the_sharded_run(
    capsys: pytest.CaptureFixture[str], pilot: Path, tmp_path: Path
) -> None:
    for k in (1, 2):
        status, out, _ = cli(capsys, "fleet", str(pilot), "--shard", f"{k}/2", "--json", str(tmp_path / f"{k}.json"))
        assert status == 0 and f", shard {k} of 2\n" in out and "\ntotal " in out
        assert validated(tmp_path / f"{k}.json")["shard"] == {"index": k, "of": 2}
    status, out, _ = cli(capsys, "fleet", str(pilot), "--merge", str(tmp_path / "2.json"), str(tmp_path / "1.json"),
                         "--json", str(tmp_path / "merged.json"))
    assert status == 0 and ", merged from 2 parts\n" in out and "elapsed" not in out
    cli(capsys, "fleet", str(pilot), "--shards", "2", "--json", str(tmp_path / "sharded.json"))
    merged, sharded = validated(tmp_path / "merged.json"), validated(tmp_path / "sharded.json")
    assert merged["macs"] == sharded["macs"]  # the same Worlds: every field of every Mac
    assert merged["elapsed_seconds"] is None


def test_parts_that_do_not_make_up_the_population_are_refused(
    capsys: pytest.CaptureFixture[str], pilot: Path, tmp_path: Path
) -> None:
    cli(capsys, "fleet", str(pilot), "--shard", "1/2", "--json", str(tmp_path / "1.json"))
    status, _, err = cli(capsys, "fleet", str(pilot), "--merge", str(tmp_path / "1.json"))
    assert status == 2 and "SIM/fleet: the parts hold 10 of 20 Macs; missing: 10-19\n" in err
    assert "hint: give the part of every shard, 1/N to N/N" in err
    status, _, err = cli(capsys, "fleet", str(pilot), "--merge", str(tmp_path / "1.json"), str(tmp_path / "1.json"))
    assert status == 2 and "Mac 0 is in both" in err
    status, _, err = cli(capsys, "fleet", str(pilot), "--seed", "4", "--merge", str(tmp_path / "1.json"))
    assert status == 2 and "the part is of a population with seed 3, this one has 4" in err
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    status, _, err = cli(capsys, "fleet", str(pilot), "--merge", str(tmp_path / "bad.json"))
    assert status == 2 and f"SIM/fleet: {tmp_path / 'bad.json'}: not JSON" in err


@pytest.mark.parametrize(("text", "expected"), [
    ('macs = 10\nmacos_versions = 3\n', "pilot.toml, line 2, 'macos_versions': no such fleet setting"),
    ('macs = 10\nper_user_mfa = "lots"\n', "pilot.toml, line 2, 'per_user_mfa': 'lots' is not a share"),
    ('macs = 0\n', "pilot.toml, line 1, 'macs': 0 is too few"),
    ('macs = \n', "pilot.toml: not valid TOML"),
])
def test_a_bad_file_is_bad_usage_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "pilot.toml"
    path.write_text(text, encoding="utf-8")
    status, out, err = cli(capsys, "fleet", str(path))
    assert status == 2 and expected in err and "hint: " in err and out == ""


def test_a_missing_file_is_bad_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = cli(capsys, "fleet", str(tmp_path / "nope.toml"))
    assert status == 2 and "SIM/fleet: cannot read the fleet file" in err


@pytest.mark.parametrize(("argv", "expected"), [
    (["--csv", "{tmp}/missing/f.csv"], "--csv {tmp}/missing/f.csv: the folder {tmp}/missing does not exist"),
    (["--json", "{tmp}"], "--json {tmp}: is a directory"),
    (["--csv", ""], "the path is empty, so there is no file to write"),
    (["--shards", "0"], "'0' is not a whole number of at least 1"),
    (["--shard", "3/2"], "'3/2' is not K/N with 1 <= K <= N"),
    (["--shard", "1/2", "--shards", "2"], "--shard K/N runs one shard in this process: it takes no --shards"),
    (["--merge", "x.json", "--shards", "2"], "--merge joins parts already run: it takes no --shard or --shards"),
])
def test_bad_options_are_bad_usage_before_anything_runs(
    capsys: pytest.CaptureFixture[str], pilot: Path, tmp_path: Path, argv: list[str], expected: str
) -> None:
    status, out, err = cli(capsys, "fleet", str(pilot), *(a.format(tmp=tmp_path) for a in argv))
    assert status == 2, out + err
    assert expected.format(tmp=tmp_path) in err and "total" not in out


# ---- a terminal: the progress line, and Ctrl-C ----------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_shows_one_progress_line_and_ctrl_c_stops_the_workers(tmp_path: Path) -> None:
    import pty

    path = tmp_path / "big.toml"
    path.write_text(textwrap.dedent("""\
        name = "big"
        macs = 2000
        """), encoding="utf-8")
    pid, fd = pty.fork()
    if pid == 0:  # the child: psso-sim on the terminal, as a user runs it
        # A shell's Ctrl-C as a terminal gives it, whatever ran this test: a background job inherits SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.chdir(PROJECT_ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "psso_sim.cli", "fleet", str(path), "--shards", "2",
                                  "--csv", str(tmp_path / "never.csv")])
    seen = b""
    while b"0/2000 Macs done, 2000 to go" not in seen:  # shown as the workers start
        chunk = _read(fd)
        assert chunk, f"psso-sim fleet ended before showing progress: {seen.decode('utf-8', 'replace')}"
        seen += chunk
    os.killpg(pid, signal.SIGINT)  # Ctrl-C: the terminal's whole process group, workers starting too
    while True:
        chunk = _read(fd)
        if not chunk:
            break
        seen += chunk
    _, wait_status = os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(wait_status) == 1, text
    shown, interrupted, _ = text.partition("psso-sim fleet: interrupted; the workers were stopped and nothing "
                                           "was written")
    assert interrupted, text
    # one line rewritten in place (a busy machine may count a few Macs before the Ctrl-C lands), erased first
    assert shown.startswith("\r\x1b[K0/2000 Macs done, 2000 to go"), text
    assert re.fullmatch(r"(\r\x1b\[K\d+/2000 Macs done, \d+ to go)+\r\x1b\[K", shown), text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert not (tmp_path / "never.csv").exists()
    assert _group_ends(pid), "a worker was left behind in the terminal's process group"


def _group_ends(group: int) -> bool:
    """Whether the group's processes end within 10 s of psso-sim's exit.

    Python's multiprocessing resource tracker ends only when it sees psso-sim's end, a moment later; a
    worker left running would go on for a minute with its 1,000 Macs.
    """
    deadline = time.monotonic() + 10
    while _running_in_group(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _running_in_group(group: int) -> list[int]:
    """Processes of the group that still run (a zombie has ended; Linux's /proc, else nothing to check)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (command)": state, ppid, pgrp
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            running.append(int(stat.parent.name))
    return running


def _read(fd: int) -> bytes:
    """What the terminal shows next; a hung command fails the test instead of hanging it."""
    import select

    if not select.select([fd], [], [], 120)[0]:
        pytest.fail("psso-sim fleet printed nothing for 2 minutes")
    try:
        return os.read(fd, 4096)
    except OSError:  # EIO: the child closed the terminal
        return b""
