"""``psso-sim run``: lint the features, then run them with pytest and print each step readably.

The features run exactly as under ``pytest``: :mod:`psso_sim.authoring.bound_features` binds them (the
ones given, through :data:`~psso_sim.authoring.project.FEATURES_ENV`) and the psso-sim pytest plugin loads
the steps and registers the tags, under ``--strict-markers``. No configuration file is read (``-c`` names
none), so a project's own pytest settings cannot change a run. pytest's own terminal output goes to a
buffer (shown only if pytest itself breaks); :class:`~psso_sim.authoring.reporter.RunReporter` prints
Feature, Scenario and each step with the simulated time it ran at.

Before collecting, :class:`LintGate` lints the files: errors that would stop pytest from collecting any
scenario (malformed Gherkin, unregistered tags) refuse the run; other errors are shown and the run goes
on, so that their scenarios fail at the step concerned. The gate runs inside the pytest session, after
the plugin has imported the steps (so that pytest rewrites their asserts to show the values).

``-k`` selects scenarios by name with pytest's ``-k`` syntax (:class:`NameFilter`), matched against the
scenario's name only: pytest's own ``-k`` would also match the names of this package's directories and
modules, and the tags. ``-x`` is pytest's: the run stops at the first failed scenario, and the summary
counts the scenarios it did not run. ``-`` as a path runs a feature read from standard input.

Reports (``--junitxml``, ``--cucumberjson``, ``--json``, ``--html``, ``--trace``) and ``--replay`` are
:mod:`psso_sim.reports`'s: its recorder joins the run as one more plugin; the reports are written when
pytest is done (``docs/running.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import inspect
import io
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from time import perf_counter  # the run's REAL duration, for its reports
from types import ModuleType
from typing import Any, TextIO

import pytest

from psso_sim.authoring.catalogue import collect_step_definitions
from psso_sim.authoring.findings import LintFinding, display_path, format_findings, renamed
from psso_sim.authoring.lint import feature_files, lint_paths
from psso_sim.authoring.project import BOUND_FEATURES, FEATURES_DIR, FEATURES_ENV, PLUGIN, STEP_PACKAGE
from psso_sim.authoring.reporter import RunReporter, scenario_name
from psso_sim.authoring.tags import registered_tags
from psso_sim.console import STDIN_NAME, Console, stdin_as_file
from psso_sim.errors import SimError
from psso_sim.faults import parse_fault
from psso_sim.product import DEFAULT_PRODUCT, MACOS, PRODUCTS
from psso_sim.reports.model import build_report
from psso_sim.reports.outputs import (
    add_report_arguments,
    annotate_cucumber,
    annotator,
    pytest_report_arguments,
    write_reports,
)
from psso_sim.reports.recorder import RunRecorder
from psso_sim.reports.replay import ReplayFilter, run_seed_of

__all__ = [
    "BLOCKING_KINDS",
    "RUN_EXIT_STATUSES",
    "FeaturesNotRunnable",
    "LintGate",
    "NameFilter",
    "RunUsageError",
    "add_run_arguments",
    "name_expression",
    "pytest_arguments",
    "run_command",
    "tag_expression",
]

RUN_EXIT_STATUSES: Mapping[int, str] = {
    0: "every scenario run passed (or was skipped)",
    1: "a scenario failed, no scenario was selected, or pytest would reject the feature files",
    2: "bad usage: a path that does not exist, a bad --tags or -k expression, an empty standard input, "
       "an empty report path, a --replay id or seed that names no scenario",
}

BLOCKING_KINDS = frozenset({"syntax", "unknown-tag"})
"""Lint findings that make pytest reject the whole feature module, so nothing would run."""

_OPERATORS = {"and", "or", "not"}
_AUTOLOAD = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"


class RunUsageError(SimError):
    subsystem = "run"
    exit_status = 2


class FeaturesNotRunnable(SimError):
    subsystem = "run"
    exit_status = 1


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="feature files or directories (default: the bundled features/); "
                             "'-' reads a feature from standard input")
    parser.add_argument("--tags", metavar="EXPR",
                        help="run the scenarios whose tags match, e.g. '@macos14 and not @negative'")
    parser.add_argument("-k", metavar="EXPR", dest="names",
                        help="run the scenarios whose names match EXPR, as pytest's -k: case-insensitive "
                             "parts of the scenario name combined with and, or, not, e.g. "
                             "-k 'password and not wrong' (write a space inside a part as _)")
    parser.add_argument("-x", "--exitfirst", action="store_true",
                        help="stop at the first failed scenario (the summary counts those not run)")
    parser.add_argument("--seed", type=int, default=0,
                        help="the seed every World derives from (default 0); with --replay, the scenario's "
                             "own seed as a report prints it")
    parser.add_argument("--macos", type=int, choices=sorted(MACOS),
                        help="run for one macOS version: skip scenarios and examples for the others")
    parser.add_argument("--product", choices=list(PRODUCTS), metavar="RELEASE",
                        help=f"run on one product release ({', '.join(PRODUCTS)}): skip scenarios tagged for "
                             f"another (default: each scenario on its @product- tag, untagged on {DEFAULT_PRODUCT})")
    parser.add_argument("--fault", action="append", default=[], metavar="SPEC",
                        help="inject a fault into every scenario from its start, e.g. "
                             "'enterpriseregistration.windows.net 503 for 10m' (repeatable; grammar: "
                             "docs/writing-features.md, Faults)")
    add_report_arguments(parser)


def run_command(args: argparse.Namespace) -> int:
    """Run the features under ``args.paths``; 0 when every scenario passed (or was skipped), else 1."""
    tags = registered_tags()
    expression = tag_expression(args.tags, tags) if args.tags else None
    names = name_expression(args.names) if args.names else None
    for spec in args.fault:  # a bad spec is a usage error before anything runs
        parse_fault(spec, where="--fault")
    given: list[Path] = list(args.paths) or [FEATURES_DIR]
    with stdin_as_file(given, suffix=".feature", subsystem="run", what="a feature") as (paths, stdin):
        aliases = {stdin.resolve(): STDIN_NAME} if stdin is not None else {}
        return _run(args, paths, aliases, tags, expression, names)


def _run(
    args: argparse.Namespace, paths: list[Path], aliases: Mapping[Path, str], tags: Mapping[str, str],
    expression: str | None, names: str | None,
) -> int:
    files = feature_files(paths)  # a missing path is a usage error
    if not files:
        raise RunUsageError(f"no .feature files in {', '.join(map(str, paths))}")
    out = sys.stdout
    console = Console.of(out)
    seed = run_seed_of(args.replay, args.seed) if args.replay else args.seed
    header = _header(paths, files, seed, expression, names, args.macos, aliases, args.product)
    if args.replay:
        header = header.replace("\n\n", f", replaying {args.replay} (seed {args.seed})\n\n", 1)
    gate = LintGate(paths, tags, out, header, console=console, aliases=aliases)
    recorder = RunRecorder(seed)
    reporter = RunReporter(out, console=console, names=aliases, annotate=annotator(recorder),
                           progress=_is_terminal(out))
    plugins: list[object] = [gate, recorder, reporter]
    if names is not None:
        plugins.append(NameFilter(names))
    replay = ReplayFilter(args.replay) if args.replay else None
    if replay is not None:
        plugins.append(replay)
    bound = [str(p.resolve()) for p in paths]
    pytest_output = io.StringIO()  # pytest's terminal reporter writes here; RunReporter writes to out
    started = perf_counter()  # REAL elapsed time of the run, for the reports (not the simulation's)
    with _binding(bound), contextlib.redirect_stdout(pytest_output):
        status = pytest.main(pytest_arguments(seed, expression, args.macos, exitfirst=args.exitfirst,
                                              product=args.product, faults=args.fault) + pytest_report_arguments(args),
                             plugins=plugins)
    if replay is not None and replay.error is not None:
        raise replay.error
    report = build_report(reporter.finished, recorder.scenarios, seed=seed, duration=perf_counter() - started,
                          shown={str(path): name for path, name in aliases.items()},
                          paths=[aliases.get(p.resolve()) or display_path(p).as_posix() for p in paths],
                          tags=expression, names=names, macos=args.macos, product=args.product, replay=args.replay)
    report.not_run = reporter.totals.not_run
    code = _exit_code(status, reporter, gate, out, args.tags, names, pytest_output.getvalue())
    report.ok, report.exit_code = code == 0, code
    if args.cucumberjson is not None:
        annotate_cucumber(args.cucumberjson, report,
                          {d.identity: d.called for d in recorder.scenarios.values() if d.identity})
    for written in write_reports(args, report):
        out.write(f"report: {written}\n")
    return code


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _exit_code(
    status: int | pytest.ExitCode, reporter: RunReporter, gate: LintGate, out: TextIO, tags: str | None,
    names: str | None, pytest_output: str,
) -> int:
    if reporter.reader_gone:
        raise BrokenPipeError  # nobody reads the rest: psso_sim.cli.main stops quietly
    if status == pytest.ExitCode.INTERNAL_ERROR:
        sys.stderr.write(pytest_output)
    if gate.blocking:
        raise FeaturesNotRunnable(
            "not running: pytest would reject these feature files, so no scenario would run:\n"
            + format_findings(gate.blocking).rstrip(),
            hint="fix the lines above; 'psso-sim lint' checks them without running")
    if status == pytest.ExitCode.USAGE_ERROR:
        return 2
    if reporter.totals.ran == 0 and not reporter.totals.collection_errors:
        out.write(f"no scenario {_selection(tags, names)}\n")
        return 1
    out.write(reporter.summary())
    return 0 if status == pytest.ExitCode.OK and reporter.totals.ok else 1


def _selection(tags: str | None, names: str | None) -> str:
    """What selected no scenario, for the message: "matches --tags '@x' and -k 'y'"."""
    chosen = ([f"--tags '{tags}'"] if tags else []) + ([f"-k '{names}'"] if names else [])
    return f"matches {' and '.join(chosen)}" if chosen else "was found"


def pytest_arguments(
    seed: int, expression: str | None, macos: int | None, *, exitfirst: bool = False, product: str | None = None,
    faults: Sequence[str] = (),
) -> list[str]:
    """The pytest command line of a run (plugins are not auto-loaded: see :func:`_binding`).

    ``-c`` names an empty configuration so that no ``pytest.ini`` or ``pyproject.toml`` around the
    working directory applies; the rootdir is the working directory, so paths show relative to it.
    ``-k`` is not pytest's (see :class:`NameFilter`).
    """
    args = [str(BOUND_FEATURES), "-c", os.devnull, "--rootdir", str(Path.cwd()), "--strict-markers",
            "-p", "no:cacheprovider", "-p", "pytest_bdd.plugin", "-p", PLUGIN, "--psso-seed", str(seed)]
    if expression:
        args += ["-m", expression]
    if macos is not None:
        args += ["--psso-macos", str(macos)]
    if product is not None:
        args += ["--psso-product", product]
    for spec in faults:
        args += ["--psso-fault", spec]
    if exitfirst:
        args.append("-x")
    return args


def tag_expression(text: str, registered: Mapping[str, str]) -> str:
    """``--tags`` as a pytest ``-m`` expression: '@' dropped, every tag registered, the syntax valid."""
    expression = re.sub(r"@(?=[\w-])", "", text).strip()
    names = [t for t in re.findall(r"[^\s()]+", expression) if t not in _OPERATORS]
    for name in names:
        if name not in registered:
            close = difflib.get_close_matches(name, list(registered), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join('@' + c for c in close)}?" if close else "see 'psso-sim steps'"
            raise RunUsageError(f"--tags '{text}': @{name} is not a registered tag; registered: "
                                f"{', '.join('@' + t for t in sorted(registered))}", hint=hint)
    if not names:
        raise RunUsageError(f"--tags '{text}' names no tag", hint="e.g. --tags '@macos14 and not @negative'")
    _check_syntax(text, expression)
    return expression


def name_expression(text: str) -> str:
    """``-k`` checked as pytest checks its own: valid syntax, no call arguments; usage error if not."""
    compiled = _compile(text)
    if compiled is None:  # pragma: no cover - pytest moved its parser: -k cannot be read
        raise RunUsageError("-k is not available with this version of pytest")

    def with_arguments(name: str, /, **kwargs: object) -> bool:
        if kwargs:
            raise RunUsageError(f"-k '{text}': names take no arguments ({name}(...))",
                                hint="e.g. -k 'password and not wrong'")
        return True

    compiled.evaluate(with_arguments)
    return text


def _compile(text: str) -> Any:
    """pytest's ``-k``/``-m`` expression compiled, ``None`` if pytest no longer has the parser here."""
    try:
        from _pytest.mark.expression import Expression
    except ImportError:  # pragma: no cover
        return None
    try:
        return Expression.compile(text)
    except Exception as error:  # pytest's ParseError: where and what was expected
        raise RunUsageError(f"-k '{text}' is not a valid expression: {error}",
                            hint="join the parts of a name with and, or, not (a space inside a part as _), "
                                 "e.g. -k 'wrong and password'") from None


class NameFilter:
    """A pytest plugin: keep the scenarios whose names match a ``-k`` expression.

    Each part of the expression matches when it is in the scenario's name, ignoring case; spaces
    in the name may be written ``_`` (pytest's test names have them so, and -k parts have no spaces).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.expression = _compile(text)

    def matches(self, name: str) -> bool:
        names = (name.lower(), name.lower().replace(" ", "_"))

        def has(part: str, /, **kwargs: object) -> bool:
            return any(part.lower() in candidate for candidate in names)

        return bool(self.expression.evaluate(has))

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        keep: list[pytest.Item] = []
        drop: list[pytest.Item] = []
        for item in items:
            name = scenario_name(item)
            (keep if name is not None and self.matches(name) else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


def _check_syntax(text: str, expression: str) -> None:
    try:
        from _pytest.mark.expression import Expression  # pytest's own -m parser
    except ImportError:  # pragma: no cover - pytest moved it; pytest will report a bad expression
        return
    try:
        Expression.compile(expression)
    except Exception as error:
        raise RunUsageError(f"--tags '{text}' is not a valid tag expression: {error}",
                            hint="combine tags with and, or, not and parentheses") from None


class LintGate:
    """A pytest plugin: lint the features before collection; collect nothing if pytest would reject them."""

    def __init__(
        self, paths: Sequence[Path], tags: Mapping[str, str], out: TextIO, header: str, *,
        console: Console | None = None, aliases: Mapping[Path, str] | None = None,
    ) -> None:
        self.paths = list(paths)
        self.tags = tags
        self.out = out
        self.header = header
        self.console = Console.of(out) if console is None else console
        self.aliases = dict(aliases or {})  # resolved path -> the name to show (<stdin>)
        self.blocking: list[LintFinding] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> bool | None:
        findings = lint_paths(self.paths, collect_step_definitions(STEP_PACKAGE), self.tags)
        for path in self.paths:
            if path.resolve() in self.aliases:
                findings = renamed(findings, path, Path(self.aliases[path.resolve()]))
        self.blocking = [f for f in findings if f.kind in BLOCKING_KINDS]
        if self.blocking:
            return True  # collect nothing: run_command reports the findings
        self.out.write(self.header)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            self.out.write("lint found errors; the scenarios concerned will fail at those steps:\n"
                           + format_findings(errors, console=self.console) + "\n")
        self.out.flush()
        return None


def _header(
    paths: Sequence[Path], files: Sequence[Path], seed: int, expression: str | None, names: str | None,
    macos: int | None, aliases: Mapping[Path, str], product: str | None = None,
) -> str:
    from psso_sim.world import World

    organisation = inspect.signature(World).parameters["organisation"].default
    where = ", ".join(aliases.get(p.resolve()) or display_path(p).as_posix() for p in paths)
    count = f"{len(files)} feature file{'s' if len(files) != 1 else ''}"
    parts = [f"psso-sim run: {where} ({count})", f"tenant {organisation}", f"seed {seed}"]
    if expression:
        parts.append(f"tags {expression}")
    if names:
        parts.append(f"names matching '{names}'")
    if macos is not None:
        parts.append(f"macOS {macos}")
    if product is not None:
        parts.append(f"product {product}")
    return ", ".join(parts) + "\n\n"


@contextmanager
def _binding(paths: Sequence[str]) -> Iterator[None]:
    """Tell :mod:`psso_sim.authoring.bound_features` which features to bind; have pytest import it afresh.

    pytest imports test modules with ``importlib``; a module already imported in this process (by an
    earlier run, or the test suite around this one) would keep the features it bound then. Plugins
    installed in the environment are not loaded (only pytest-bdd is needed): they cost seconds.
    """
    previous_env = os.environ.get(FEATURES_ENV)
    previous_autoload = os.environ.get(_AUTOLOAD)
    os.environ[_AUTOLOAD] = "1"
    stale = _feature_test_modules()
    for name in stale:
        del sys.modules[name]
    os.environ[FEATURES_ENV] = os.pathsep.join(paths)
    try:
        yield
    finally:
        _restore_env(FEATURES_ENV, previous_env)
        _restore_env(_AUTOLOAD, previous_autoload)
        for name in _feature_test_modules():
            del sys.modules[name]
        sys.modules.update(stale)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _feature_test_modules() -> dict[str, ModuleType]:
    """The imports of :data:`BOUND_FEATURES` in this process, by module name."""
    found = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        is_bound = isinstance(file, str) and file.endswith(BOUND_FEATURES.name)
        if is_bound and Path(str(file)).resolve() == BOUND_FEATURES:
            found[name] = module
    return found
