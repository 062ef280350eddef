"""The mutation runner's own parts (benchmarks/): the catalogue's checks, the equivalence screen, the shadow.

The runner measures the suite, so its parts must not be what goes wrong: a catalogue entry that no longer
applies is refused with its place, an annotation-only mutant is screened out but a pydantic field's is not,
and a mutant never reaches the checkout.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import coverage_map  # noqa: E402
from mutants import (  # noqa: E402
    CatalogueError,
    Mutant,
    Shadow,
    catalogue_mutants,
    not_a_program_change,
    operator_mutants,
)


def test_the_bug_catalogue_still_applies_to_the_code():
    bugs = catalogue_mutants(ROOT / "benchmarks" / "bug_catalogue.toml")
    assert len(bugs) >= 50
    assert {bug.kind for bug in bugs} == {"timing", "missing-check", "wrong-order", "wrong-state", "version-mix-up"}
    assert not [bug.name for bug in bugs if not_a_program_change(bug)]


def _catalogue(tmp_path, **entry):
    bug = {"id": "b", "kind": "timing", "file": "sim/entra/lockout.py", "find": "LOCKOUT_THRESHOLD = 10",
           "replace": "LOCKOUT_THRESHOLD = 11", "why": "w", **entry}
    path = tmp_path / "bugs.toml"
    path.write_text("[[bug]]\n" + "".join(f"{key} = '''{value}'''\n" for key, value in bug.items()))
    return path


def test_a_catalogued_bug_changes_its_line_only(tmp_path):
    (bug,) = catalogue_mutants(_catalogue(tmp_path))
    assert bug.diff().splitlines()[-2:] == ["-LOCKOUT_THRESHOLD = 10", "+LOCKOUT_THRESHOLD = 11"]
    assert (ROOT / "sim/entra/lockout.py").read_text().splitlines()[bug.lines[0] - 1] == "LOCKOUT_THRESHOLD = 10"


@pytest.mark.parametrize(("entry", "message"), [
    ({"find": "no such text"}, "occurs 0 times"),
    ({"find": "self"}, "it must occur once"),
    ({"kind": "typo"}, "kind 'typo' is none of"),
    ({"file": "sim/nowhere.py"}, "no file sim/nowhere.py"),
])
def test_a_catalogue_entry_that_does_not_apply_is_refused_with_its_place(tmp_path, entry, message):
    with pytest.raises(CatalogueError, match=message) as refused:
        catalogue_mutants(_catalogue(tmp_path, **entry))
    assert "bugs.toml:1: bug 1 (b)" in str(refused.value)


def test_a_catalogue_that_cannot_be_read_is_refused_by_the_command_line(tmp_path):
    with pytest.raises(CatalogueError, match=r"cannot read the catalogue .*missing\.toml: No such file"):
        catalogue_mutants(tmp_path / "missing.toml")
    ran = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "mutation.py"), "--catalogue",
                          str(tmp_path / "missing.toml"), "--label", "refused"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert ran.returncode == 2 and ran.stderr.startswith("error: cannot read the catalogue"), ran.stderr
    assert "Traceback" not in ran.stderr


def _mutant(file: str, old: str, new: str) -> Mutant:
    source = (ROOT / file).read_text()
    assert source.count(old) == 1
    return Mutant("m", file, source.replace(old, new), range(1, 2))


def test_the_screen_drops_annotation_only_mutants_but_keeps_model_fields():
    argument = _mutant("sim/company_portal/retry_policy.py", "-> httpx.Response | dict", "-> httpx.Response & dict")
    assert "annotation" in not_a_program_change(argument)
    # a class body's annotation is read by pydantic: changing it changes the model
    source = (ROOT / "sim/intune/models.py").read_text()
    field = next(line for line in source.splitlines() if line.startswith("    ") and ": str | None" in line)
    assert not_a_program_change(_mutant("sim/intune/models.py", field, field.replace("| None", "& None"))) is None
    assert "not Python" in not_a_program_change(_mutant("sim/entra/lockout.py", "LOCKOUT_THRESHOLD = 10", "= 10"))


def test_operator_mutants_are_mutmuts_in_a_stable_order():
    pytest.importorskip("mutmut", reason="mutmut is tox -e mutation's, not the test extra's")
    first, second = operator_mutants(["sim/entra/lockout.py"]), operator_mutants(["sim/entra/lockout.py"])
    assert [m.name for m in first] == [m.name for m in second] and len(first) > 20
    assert all(m.source != (ROOT / m.file).read_text() for m in first)


def test_a_mutant_runs_in_the_shadow_and_never_touches_the_checkout(tmp_path):
    shadow = Shadow(tmp_path / "shadow")
    bug = _mutant("sim/entra/lockout.py", "LOCKOUT_THRESHOLD = 10", "LOCKOUT_THRESHOLD = 11")
    probe = [sys.executable, "-c", "import psso_sim.entra.lockout as m; print(m.LOCKOUT_THRESHOLD, m.__file__)"]

    def run() -> list[str]:
        return subprocess.run(probe, env=shadow.env(), capture_output=True, text=True, check=True).stdout.split()

    shadow.swap(bug)
    try:
        threshold, where = run()
        assert threshold == "11" and where.startswith(str(tmp_path))
        assert "LOCKOUT_THRESHOLD = 10" in (ROOT / "sim/entra/lockout.py").read_text()
    finally:
        shadow.restore(bug)
    assert run()[0] == "10"  # restored, and its mutant's bytecode forgotten


def test_a_multi_line_statement_is_looked_up_under_its_first_line():
    file = "sim/entra/device_proofs.py"
    statements = coverage_map._statements(file)
    first, inner = next((start, line) for line in range(1, 200)
                        for start in [next((a for a, b in statements if a <= line <= b), line)]
                        if start < line and start not in coverage_map._import_time(file))
    line_map = {file: {first: ["tests/x.py::test_a"]}}
    assert coverage_map.tests_for(line_map, file, range(inner, inner + 1)) == ["tests/x.py::test_a"]
    assert coverage_map.tests_for({file: {}}, file, range(inner, inner + 1)) is None


def test_import_time_lines_have_no_owner_whatever_the_map_says():
    # with lazy imports, a module's constants are "covered" by whichever test imported it first
    file = "sim/entra/lockout.py"
    lines = (ROOT / file).read_text().splitlines()
    constant = lines.index("LOCKOUT_THRESHOLD = 10") + 1
    default = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("def ") and "=" in line)
    line_map = {file: {constant: ["tests/x.py::test_a"], default: ["tests/x.py::test_a"]}}
    assert coverage_map.tests_for(line_map, file, range(constant, constant + 1)) is None
    assert coverage_map.tests_for(line_map, file, range(default, default + 1)) is None


def test_map_node_ids_the_suite_no_longer_has_are_dropped_or_healed():
    suite = frozenset({"tests/a.py::test_x[| a |-b]", "tests/a.py::test_x[c-d]", "tests/a.py::test_y"})
    assert coverage_map.current(["tests/a.py::test_x", "tests/a.py::test_gone", "tests/a.py::test_y"], suite) == [
        "tests/a.py::test_x[c-d]", "tests/a.py::test_x[| a |-b]", "tests/a.py::test_y"]
