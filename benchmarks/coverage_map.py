"""Which tests run each line of sim/: the map that lets a mutant be judged by the tests that can see it.

One run of the suite under pytest-cov with ``--cov-context=test`` records, per line of sim/, the node ids of
the tests that executed it. A mutant is then run against those tests only (features first), as mutmut 3 and
cosmic-ray do: a test that never reaches a line cannot notice a change to it. Lines run at import time only
(constants, default arguments, class bodies) have no test of their own; the caller falls back to a broad
runner for them.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".mutation"
FEATURES = "tests/test_features.py"  # the Gherkin features, run as pytest-bdd scenarios

LineMap = dict[str, dict[int, list[str]]]  # sim-relative path -> 1-based line -> node ids


def _digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _sources() -> dict[str, str]:
    """sim/'s modules, each with a digest of its text."""
    return {str(path.relative_to(ROOT)): _digest(path) for path in sorted((ROOT / "sim").rglob("*.py"))}


def _tests() -> str:
    """One digest of the tests, the steps and the features."""
    return _digest(*(path for folder in ("steps", "features", "tests") for path in sorted((ROOT / folder).rglob("*"))
                     if path.suffix in (".py", ".feature") and "__pycache__" not in path.parts))


def build(jobs: int, remap: bool = False) -> LineMap:
    """Run the suite once under coverage with test contexts and return the line map.

    The map is cached in .mutation/lines.json and kept when the code moves on, for what it still describes: a
    module changed since has no lines in it (its mutants fall back to the broad runner), and new tests are
    missing from it (a mutant only they kill may be reported as surviving, never the reverse). A warning says
    so; ``--remap`` runs the suite under coverage again."""
    path = CACHE / "lines.json"
    if path.exists() and not remap:
        cached = json.loads(path.read_text())
        sources = _sources()
        changed = sorted(file for file, digest in cached["sources"].items() if sources.get(file) != digest)
        if changed:
            print(f"warning: {len(changed)} modules changed since the line map was made; their mutants run the "
                  f"broad runner: {', '.join(changed)} (--remap to map them again)", file=sys.stderr)
        if cached["tests"] != _tests():
            print("warning: the tests changed since the line map was made; --remap to include the new ones",
                  file=sys.stderr)
        return {file: {int(line): nodes for line, nodes in lines.items()}
                for file, lines in cached["lines"].items() if file not in changed}
    CACHE.mkdir(exist_ok=True)
    sources, tests = _sources(), _tests()  # before the run: what the map describes
    data_file = CACHE / "coverage"
    env = {**os.environ, "COVERAGE_FILE": str(data_file)}
    for stale in CACHE.glob("coverage*"):
        stale.unlink()
    print(f"mapping which tests run each line of sim/ (one suite run under coverage, {jobs} workers)...",
          file=sys.stderr)
    # The wheel tests build and install a wheel: their lines run in another interpreter, outside the map.
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-n", str(jobs),
                          "--deselect", "tests/test_wheel.py", "--cov=psso_sim", "--cov-context=test",
                          "--cov-report=", "--no-cov-on-fail"], cwd=ROOT, env=env, check=False,
                         stdout=subprocess.DEVNULL)
    if run.returncode:
        raise SystemExit(f"the suite is red without any mutant (pytest exited {run.returncode}): fix it first")
    from coverage import CoverageData

    data = CoverageData(basename=str(data_file))
    data.read()
    sim = (ROOT / "sim").resolve()
    result: LineMap = {}
    for measured in data.measured_files():
        source = Path(measured).resolve()
        if not source.is_relative_to(sim):
            continue
        lines: dict[int, list[str]] = {}
        for line, contexts in data.contexts_by_lineno(measured).items():
            # pytest-cov names a context "node id|phase"; a parametrized id may itself hold "|"
            nodes = sorted({context.rsplit("|", 1)[0] for context in contexts if context})
            if nodes:
                lines[line] = nodes
        result[str(source.relative_to(ROOT))] = lines
    if not result:
        raise SystemExit("the coverage run measured nothing in sim/: is pytest-cov installed (tox -e mutation)?")
    path.write_text(json.dumps({"sources": sources, "tests": tests, "lines": result}))
    return result


def collected(cwd: Path, env: dict[str, str]) -> frozenset[str]:
    """The node ids the suite has now: the map may name tests renamed or removed since it was made."""
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
                          "--deselect", "tests/test_wheel.py"], cwd=cwd, env=env, capture_output=True, text=True,
                         check=False)
    return frozenset(line for line in run.stdout.splitlines() if "::" in line)


def current(nodes: list[str], suite: frozenset[str]) -> list[str]:
    """The map's node ids that the suite still has; one cut short at a "|" (maps made before the fix above)
    stands for every parametrization it begins."""
    kept: set[str] = set()
    for node in nodes:
        if node in suite:
            kept.add(node)
        else:
            kept.update(n for n in suite if n.startswith(node + "["))
    return sorted(kept)


@cache
def _statements(file: str) -> list[tuple[int, int]]:
    """(first, last) lines of every statement in a file, innermost first (sorted by span)."""
    tree = ast.parse((ROOT / file).read_text())
    spans = [(node.lineno, node.end_lineno or node.lineno) for node in ast.walk(tree) if isinstance(node, ast.stmt)]
    return sorted(spans, key=lambda span: span[1] - span[0])


@cache
def _import_time(file: str) -> frozenset[int]:
    """The lines that run when the module is imported: module and class bodies, decorators, default arguments.

    Their coverage names whichever test happened to import the module first, so it says nothing about which
    tests depend on them."""
    lines: set[int] = set()

    def body(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.ClassDef):
                lines.update(_header(node))
                body(node.body)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines.update(_header(node))
            else:
                lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))

    body(ast.parse((ROOT / file).read_text()).body)
    return frozenset(lines)


def _header(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> range:
    first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
    return range(first, node.body[0].lineno)


def tests_for(line_map: LineMap, file: str, lines: range) -> list[str] | None:
    """The node ids that run any of these 1-based lines, or None when no test owns them (import-time code).

    Coverage records a statement under its first line, so a line inside a statement spanning several lines is
    looked up under the innermost statement that contains it."""
    if any(line in _import_time(file) for line in lines):
        return None
    recorded = line_map.get(file, {})
    nodes: set[str] = set()
    for line in lines:
        start = next((first for first, last in _statements(file) if first <= line <= last), line)
        nodes.update(recorded.get(line, ()))
        nodes.update(recorded.get(start, ()))
    return sorted(nodes) or None
