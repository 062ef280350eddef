"""The command-line conventions users of pytest, behave and ruff expect of ``psso-sim``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

import pytest

from psso_sim.authoring.runner import pytest_arguments
from psso_sim.cli import COMMANDS, EXIT_STATUSES, build_parser, exit_status_epilog
from psso_sim.console import Console, colour_wanted, tolerant_output
from psso_sim.docs.command import EXIT_STATUSES as VERIFY_DOC_EXIT_STATUSES
from psso_sim.docs.command import main as verify_doc

from .support import ENROLLMENT, EXAMPLE, PROJECT_ROOT, cli, write

ANSI = "\x1b["

THREE = """
    Feature: Three scenarios
      Scenario: First fails
        Given a user with Microsoft Authenticator registered for MFA
        When the user dances

      Scenario: Second passes
        Given a user with Microsoft Authenticator registered for MFA

      Scenario: Third passes
        Given a user with Microsoft Authenticator registered for MFA
"""

UNDEFINED = """
    Feature: Undefined
      Scenario: A step that does not exist
        Given a user with Microsoft Authenticator registered for MFA
        When the user dances
"""

DOC = """\
# Sign in to Company Portal

## Sign in

1. Open the **Company Portal** app and select **Sign in**.
1. Select **Sign up**.
"""
"""A document whose first step verifies and second fails: every verdict colour has something to show."""


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# ---- --version -------------------------------------------------------------------------------


def test_version_prints_the_installed_version(capsys):
    assert cli(capsys, "--version") == (0, f"psso-sim {version('psso-sim')}\n", "")


# ---- no abbreviations, suggestions -----------------------------------------------------------


def test_no_parser_accepts_abbreviations():
    parser = build_parser()
    assert parser.allow_abbrev is False
    assert [name for name, sub in parser.commands.items() if sub.allow_abbrev] == []


@pytest.mark.parametrize(("argv", "abbreviation"), [
    (["run", "--tag", "negative"], "--tag"), (["run", "--exit"], "--exit"), (["steps", "--form", "json"], "--form"),
    (["lint", "--form=json"], "--form"), (["verify-doc", "x.md", "--mac", "14"], "--mac"),
])
def test_an_abbreviated_option_is_an_error(capsys, argv, abbreviation):
    status, out, err = cli(capsys, *argv)
    assert (status, out) == (2, "")
    assert f"psso-sim {argv[0]}: error: unrecognized argument {abbreviation}; did you mean --" in err


@pytest.mark.parametrize(("argv", "usage", "message"), [
    (["rn"], "psso-sim", "unknown command 'rn'; did you mean 'run'? (commands: steps, lint, run, verify-doc, trace, "
     "fleet)"),
    (["verify-docs", "x.md"], "psso-sim", "unknown command 'verify-docs'; did you mean 'verify-doc'?"),
    (["frobnicate"], "psso-sim", "unknown command 'frobnicate' (commands: "),
    (["--verison"], "psso-sim", "unrecognized argument --verison; did you mean --version?"),
    (["run", "--tag", "x"], "psso-sim run", "unrecognized argument --tag; did you mean --tags?"),
    (["run", "--exitfrist"], "psso-sim run", "unrecognized argument --exitfrist; did you mean --exitfirst?"),
    (["verify-doc", "--formt", "json", "x.md"], "psso-sim verify-doc",
     "unrecognized argument --formt; did you mean --format?"),
    (["lint", "--zzz"], "psso-sim lint", "unrecognized argument --zzz\n"),
    (["steps", "extra"], "psso-sim steps", "unrecognized arguments: extra\n"),
])
def test_a_mistyped_command_or_option_gets_a_suggestion(capsys, argv, usage, message):
    status, out, err = cli(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"usage: {usage} ")  # the usage of the command the option is for
    assert f"{usage}: error: {message}" in err


def test_what_argparse_accepts_still_parses():
    parser = build_parser()
    args = parser.parse_args(["run", "--seed", "-1", "-xk", "first", "--tags=negative", "--", "-weird.feature"])
    assert (args.seed, args.exitfirst, args.names, args.tags) == (-1, True, "first", "negative")
    assert args.paths == [Path("-weird.feature")]
    assert parser.parse_args(["lint", "-"]).paths == [Path("-")]


def test_the_standalone_verify_doc_refuses_abbreviations(capsys):
    assert verify_doc(["x.md", "--form", "json"]) == 2
    assert "unrecognized argument --form; did you mean --format?" in capsys.readouterr().err


# ---- exit statuses in every --help -----------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS], ids=lambda c: c.name if c else "psso-sim")
def test_every_help_lists_the_exit_statuses(capsys, command):
    status, out, _ = cli(capsys, *([command.name] if command else []), "--help")
    assert status == 0
    statuses = command.exit_statuses if command else EXIT_STATUSES
    assert set(statuses) == {0, 1, 2}
    # Each status on a line of its own, as written: the formatter keeps the epilog's line breaks.
    assert "\nexit status:\n" in out
    for line in exit_status_epilog(statuses).splitlines()[1:]:
        assert f"\n{line}\n" in out
    assert "\n  2  bad usage" in out


def test_verify_doc_statuses_are_the_documented_ones(capsys):
    assert VERIFY_DOC_EXIT_STATUSES[0] == "no step is contradicted by the product and no finding is an error"
    assert verify_doc(["--help"]) == 0
    assert "\nexit status:\n  0  no step is contradicted by the product" in capsys.readouterr().out


# ---- run -x and -k -----------------------------------------------------------------------------


def test_exitfirst_stops_at_the_first_failed_scenario_and_counts_the_rest(capsys, tmp_path):
    path = write(tmp_path, THREE)
    status, out, _ = cli(capsys, "run", "-x", str(path))
    assert status == 1
    assert "Scenario: First fails" in out and "Scenario: Second passes" not in out
    assert out.endswith("stopped at the first failed scenario (-x): 2 scenarios not run\n"
                        "steps: 1 passed, 0 failed, 1 undefined\n"
                        "scenarios: 0 passed, 1 failed, 2 not run\n")
    assert "-x" in pytest_arguments(0, None, None, exitfirst=True)
    assert "-x" not in pytest_arguments(0, None, None)


def test_exitfirst_with_nothing_failing_runs_everything(capsys):
    status, out, _ = cli(capsys, "run", "--exitfirst", str(EXAMPLE))
    assert status == 0
    assert "not run" not in out and out.endswith("scenarios: 2 passed, 0 failed\n")


def test_k_selects_scenarios_by_name(capsys, tmp_path):
    path = write(tmp_path, THREE)
    status, out, _ = cli(capsys, "run", "-k", "second or THIRD", str(path))
    assert status == 0
    assert ", names matching 'second or THIRD'\n" in out.splitlines()[0] + "\n"
    assert "Scenario: First fails" not in out
    assert out.endswith("scenarios: 2 passed, 0 failed\n")
    status, out, _ = cli(capsys, "run", "-k", "first_fails", str(path))  # a space written _
    assert status == 1 and out.endswith("scenarios: 0 passed, 1 failed\n")


def test_k_matches_an_outline_by_its_example_values(capsys):
    status, out, _ = cli(capsys, "run", "-k", "macos_14", str(ENROLLMENT))
    assert status == 0
    assert "(version=14)" in out and "(version=13)" not in out
    assert out.endswith("scenarios: 1 passed, 0 failed\n")


def test_k_selecting_nothing_says_so(capsys, tmp_path):
    path = write(tmp_path, THREE)
    status, out, _ = cli(capsys, "run", "-k", "nothing", str(path))
    assert status == 1 and out.endswith("\nno scenario matches -k 'nothing'\n")
    status, out, _ = cli(capsys, "run", "--tags", "@negative", "-k", "first", str(path))
    assert status == 1 and out.endswith("\nno scenario matches --tags '@negative' and -k 'first'\n")


@pytest.mark.parametrize(("expression", "message"), [
    ("first fails", "-k 'first fails' is not a valid expression: "),
    ("first(x=1)", "-k 'first(x=1)': names take no arguments"),
])
def test_a_bad_k_expression_is_bad_usage(capsys, expression, message):
    status, out, err = cli(capsys, "run", "-k", expression, str(EXAMPLE))
    assert (status, out) == (2, "")
    assert err.startswith(f"SIM/run: {message}") and "\n  hint: " in err


# ---- '-' reads standard input ------------------------------------------------------------------


def test_lint_reads_a_feature_from_stdin(capsys, monkeypatch):
    stdin(monkeypatch, UNDEFINED)
    status, out, _ = cli(capsys, "lint", "-")
    assert status == 1
    assert out.startswith("<stdin>:4:5: error: undefined-step: When the user dances")
    stdin(monkeypatch, EXAMPLE.read_text(encoding="utf-8"))
    assert cli(capsys, "lint", "-") == (0, "lint: no findings\n", "")


def test_run_reads_a_feature_from_stdin(capsys, monkeypatch):
    stdin(monkeypatch, UNDEFINED)
    status, out, _ = cli(capsys, "run", "-")
    assert status == 1
    assert out.startswith("psso-sim run: <stdin> (1 feature file), ")
    assert "<stdin>:4:5: error: undefined-step" in out  # the lint gate's findings
    assert "Feature: Undefined  # <stdin>\n" in out and "        at <stdin>:4\n" in out
    assert "Failed scenarios:\n  <stdin>:2  Scenario: A step that does not exist\n" in out


def test_verify_doc_reads_a_document_from_stdin(capsys, monkeypatch):
    stdin(monkeypatch, DOC)
    status, out, _ = cli(capsys, "verify-doc", "-", "--macos", "14")
    assert status == 1
    assert out.startswith("verify-doc <stdin>: Sign in to Company Portal\n")
    stdin(monkeypatch, DOC)
    status, out, _ = cli(capsys, "verify-doc", "-", "--format", "json", "--macos", "14")
    assert json.loads(out)["path"] == "<stdin>"


@pytest.mark.parametrize(("argv", "subsystem"), [(["lint", "-"], "lint"), (["run", "-"], "run"),
                                                 (["verify-doc", "-"], "docs")])
@pytest.mark.parametrize("text", ["", " \n\n"])
def test_an_empty_stdin_is_bad_usage(capsys, monkeypatch, argv, subsystem, text):
    stdin(monkeypatch, text)
    status, out, err = cli(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"SIM/{subsystem}: standard input is empty: '-' reads ")
    assert "hint: pipe " in err


# ---- colour ----------------------------------------------------------------------------------


def _coloured_commands(tmp_path: Path) -> list[list[str]]:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC, encoding="utf-8")
    feature = str(write(tmp_path, UNDEFINED))
    return [["run", feature], ["lint", feature], ["verify-doc", str(doc), "--macos", "14"]]


def test_force_color_colours_marks_findings_and_verdicts(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("FORCE_COLOR", "1")
    run, lint, verify = (cli(capsys, *argv)[1] for argv in _coloured_commands(tmp_path))
    assert "    \x1b[32m✓\x1b[0m [+00:00:00] Given" in run and "\x1b[1;31m1 failed\x1b[0m" in run
    assert ": \x1b[1;31merror\x1b[0m: undefined-step: " in lint and lint.endswith("lint: \x1b[1;31m1 error\x1b[0m\n")
    assert "\x1b[1;31mfailed\x1b[0m: select 'Sign up'" in verify and "Result: \x1b[1;31mFAILED\x1b[0m" in verify


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}])
def test_no_colour_when_piped_or_with_no_color(capsys, monkeypatch, tmp_path, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for argv in _coloured_commands(tmp_path):
        _, out, err = cli(capsys, *argv)
        assert ANSI not in out + err


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("tty", "environ", "expected"), [
    (True, {}, True),
    (False, {}, False),
    (True, {"NO_COLOR": "1"}, False),
    (True, {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value
    (False, {"FORCE_COLOR": "1"}, True),
    (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    (True, {"TERM": "dumb"}, False),
])
def test_when_colour_is_wanted(tty, environ, expected):
    assert colour_wanted(_Stream(tty), environ) is expected


def _in_a_terminal(*args: str, env: dict[str, str]) -> str:
    """``psso-sim ARGS`` with its stdout on a pseudo-terminal: what it wrote there."""
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    try:
        with subprocess.Popen([sys.executable, "-m", "psso_sim.cli", *args], cwd=PROJECT_ROOT, stdout=child_fd,
                              stderr=subprocess.PIPE, env=env) as child:
            os.close(child_fd)
            chunks = []
            while True:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # Linux: EIO once the child has gone
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            child.wait(timeout=120)
    finally:
        os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_unless_no_color(tmp_path):
    feature = str(write(tmp_path, UNDEFINED))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm", PYTHONIOENCODING="utf-8")
    assert "\x1b[1;31merror\x1b[0m" in _in_a_terminal("lint", feature, env=env)
    assert ANSI not in _in_a_terminal("lint", feature, env={**env, "NO_COLOR": "1"})


# ---- any output encoding -----------------------------------------------------------------------


def _with_encoding(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "psso_sim.cli", *args], cwd=PROJECT_ROOT, capture_output=True,
                          env=env, timeout=300, check=False)


def _ascii_commands(tmp_path: Path) -> dict[str, tuple[list[str], int]]:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC.replace("Sign in to", "Sign in — to"), encoding="utf-8")  # a non-ASCII title
    failing = str(write(tmp_path, THREE))
    return {"run": (["run", failing], 1), "lint": (["lint", failing], 1), "steps": (["steps"], 0),
            "verify-doc": (["verify-doc", "-v", str(doc)], 1), "help": (["run", "--help"], 0)}


@pytest.mark.parametrize("command", ["run", "lint", "steps", "verify-doc", "help"])
def test_every_command_prints_on_an_ascii_stream(tmp_path, command):
    argv, expected = _ascii_commands(tmp_path)[command]
    result = _with_encoding("ascii", *argv)
    out, err = result.stdout.decode("ascii"), result.stderr.decode("ascii")  # nothing but ASCII
    assert result.returncode == expected, out + err
    for crash in ("Traceback", "INTERNALERROR", "UnicodeEncodeError"):
        assert crash not in out + err
    assert ANSI not in out  # piped
    if command == "run":
        assert "    + [+00:00:00] Given a user" in out and "    ? [+00:00:00] When the user dances" in out
        assert out.endswith("scenarios: 2 passed, 1 failed\n")
    if command == "verify-doc":
        assert "verify-doc " in out and ": Sign in -- to Company Portal\n" in out
        assert "13 ok  14 ok " in out and " ok line 5 " in out and " XX line 6 " in out  # a mark per version


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_run_prints_on_single_byte_encodings(tmp_path, encoding):
    result = _with_encoding(encoding, "run", str(EXAMPLE))
    out = result.stdout.decode(encoding)
    assert result.returncode == 0, out + result.stderr.decode(encoding)
    assert "    + [+00:00:00] Given" in out and "✓" not in out


def test_unprintable_characters_get_ascii_stand_ins():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with tolerant_output(stream):
        stream.write("✓ a — b… → c é")
        stream.flush()
    assert stream.buffer.getvalue() == b"+ a -- b... -> c ?"
    assert stream.errors == "strict"  # as it was
    assert Console.of(stream) == Console(colour=False, unicode=False)


@pytest.mark.parametrize("command", [["run", str(ENROLLMENT)], ["steps"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command):
    """``psso-sim run | head -1``: the pipe closes early; no traceback, no INTERNALERROR."""
    with subprocess.Popen([sys.executable, "-m", "psso_sim.cli", *command], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=PROJECT_ROOT) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # as head does after its first line
        err = proc.stderr.read().decode()
        proc.wait(timeout=120)
    assert "Traceback" not in err and "INTERNALERROR" not in err, err
