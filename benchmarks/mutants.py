"""Mutants of sim/ and where they run: mutmut's operators, the bug catalogue, and a shadow package per worker.

A mutant is a whole-file replacement of one module. It is never written into the checkout: each worker has a
shadow, a copy of the repository taken when the run starts (pytest runs in it) and of the psso_sim package
(sim/, steps/, features/, first on PYTHONPATH), and a mutant replaces one module there for the length of one
pytest run. An interrupted run leaves sim/ untouched, two workers run side by side, and editing the checkout
during a long run changes nothing in it: the tests, the features and the steps all come from the copy.
"""

from __future__ import annotations

import ast
import difflib
import os
import shutil
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("timing", "missing-check", "wrong-order", "wrong-state", "version-mix-up")


@dataclass(frozen=True)
class Mutant:
    name: str  # "sim/entra/lockout.py#5" for mutmut's, the catalogue id for a catalogued bug
    file: str  # path from the repository root
    source: str  # the whole mutated module
    lines: range  # the changed lines of the original, 1-based
    kind: str = "operator"  # mutmut's mutants; a catalogued bug has one of KINDS

    def diff(self) -> str:
        original = (ROOT / self.file).read_text().splitlines(keepends=True)
        changed = self.source.splitlines(keepends=True)
        return "".join(difflib.unified_diff(original, changed, self.file, self.file, n=0))


def _changed_lines(original: str, mutated: str) -> range:
    matcher = difflib.SequenceMatcher(None, original.splitlines(), mutated.splitlines(), autojunk=False)
    changed = [(a1, a2) for tag, a1, a2, _, _ in matcher.get_opcodes() if tag != "equal"]
    first, last = changed[0][0], max(changed[-1][1], changed[0][0] + 1)
    return range(first + 1, last + 1)


@dataclass(frozen=True)
class OperatorMutation:
    """One of mutmut 2's mutations of a module, not yet made: listing them all is cheap, making one is not."""

    file: str
    number: int
    mutation_id: object  # mutmut's RelativeMutationID

    def make(self) -> Mutant:
        from mutmut import Context, mutate

        source = _source(self.file)
        mutated, _ = mutate(Context(source=source, filename=self.file, mutation_id=self.mutation_id))
        return Mutant(f"{self.file}#{self.number}", self.file, mutated, _changed_lines(source, mutated))


@cache
def _source(file: str) -> str:
    return (ROOT / file).read_text()


def operator_mutations(files: list[str]) -> list[OperatorMutation]:
    """Every mutation mutmut 2's operators make of these modules, in a stable order."""
    from mutmut import Context, list_mutations

    return [OperatorMutation(file, number, mutation_id) for file in files
            for number, mutation_id in enumerate(list_mutations(Context(source=_source(file), filename=file)))]


def operator_mutants(files: list[str]) -> list[Mutant]:
    return [mutation.make() for mutation in operator_mutations(files)]


class _NoAnnotations(ast.NodeTransformer):
    """Drops the annotations nothing evaluates under ``from __future__ import annotations``: those of arguments,
    returns and local variables. A class body's are kept: pydantic and dataclasses read them."""

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.returns = None
        self.generic_visit(node)
        for child in ast.walk(node):
            if isinstance(child, ast.AnnAssign):
                child.annotation = ast.Constant(None)
        return node


def not_a_program_change(mutant: Mutant) -> str | None:
    """Why a mutant cannot change what the program does, found without running it; None when it can."""
    original = (ROOT / mutant.file).read_text()
    try:
        mutated_tree = ast.parse(mutant.source)
    except SyntaxError:
        return "not Python: the module would not import (a syntax error is not a plausible regression)"
    if "from __future__ import annotations" not in original:
        return None
    if ast.dump(_NoAnnotations().visit(mutated_tree)) == ast.dump(_NoAnnotations().visit(ast.parse(original))):
        return "an annotation only: never evaluated under `from __future__ import annotations`"
    return None


class CatalogueError(ValueError):
    pass


def catalogue_mutants(path: Path) -> list[Mutant]:
    """The catalogued bugs: each a find/replace in one file of sim/, checked before anything runs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"cannot read the catalogue {path}: {getattr(error, 'strerror', None) or error}") from None
    try:
        entries = tomllib.loads(text).get("bug", [])
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: not TOML: {error}") from None
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[bug]]"]  # tomllib keeps no lines
    mutants, seen = [], set()
    for number, entry in enumerate(entries, 1):
        where = f"{path}:{starts[number - 1]}: bug {number} ({entry.get('id', 'no id')})"
        missing = {"id", "kind", "file", "find", "replace", "why"} - entry.keys()
        if missing:
            raise CatalogueError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["id"] in seen:
            raise CatalogueError(f"{where}: the id is used twice")
        if entry["kind"] not in KINDS:
            raise CatalogueError(f"{where}: kind {entry['kind']!r} is none of {', '.join(KINDS)}")
        seen.add(entry["id"])
        file = ROOT / entry["file"]
        if not file.is_file():
            raise CatalogueError(f"{where}: no file {entry['file']}")
        original = file.read_text()
        if original.count(entry["find"]) != 1:
            raise CatalogueError(f"{where}: the find text occurs {original.count(entry['find'])} times in "
                                 f"{entry['file']}; it must occur once (the code changed since it was written?)")
        mutated = original.replace(entry["find"], entry["replace"])
        mutants.append(Mutant(entry["id"], entry["file"], mutated, _changed_lines(original, mutated), entry["kind"]))
    return mutants


class Shadow:
    """A copy of the repository and of its psso_sim package, in which one module can be swapped."""

    def __init__(self, home: Path):
        self.home = home
        self.repository = home / "repository"  # pytest's working directory and rootdir
        package = home / "site" / "psso_sim"
        shutil.rmtree(home, ignore_errors=True)
        skip = shutil.ignore_patterns(".git", ".mutation", ".tox", ".hypothesis", ".ruff_cache", "*.egg-info",
                                      "__pycache__", "build", "dist")
        shutil.copytree(ROOT, self.repository, ignore=skip)
        shutil.copytree(ROOT / "sim", package, ignore=skip)
        shutil.copytree(ROOT / "steps", package / "steps", ignore=skip)
        shutil.copytree(ROOT / "features", package / "features", ignore=skip)
        self._originals: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(self.home / "site"),
                                                                            os.environ.get("PYTHONPATH")]))}

    def _module(self, file: str) -> Path:
        return self.home / "site" / "psso_sim" / Path(file).relative_to("sim")

    def _write(self, module: Path, source: str) -> None:
        module.write_text(source)
        # A mutant of the same size written in the same second would pass the .pyc's mtime+size check.
        for compiled in (module.parent / "__pycache__").glob(f"{module.stem}.*.pyc"):
            compiled.unlink()

    def swap(self, mutant: Mutant) -> None:
        module = self._module(mutant.file)
        self._originals.setdefault(mutant.file, module.read_text())
        self._write(module, mutant.source)

    def restore(self, mutant: Mutant) -> None:
        self._write(self._module(mutant.file), self._originals[mutant.file])
