"""Mutation score of the rule modules: how many small plausible changes to sim/ the suite turns red.

Runs mutmut (2.x: it mutates the files in place, runs the runner once per mutant, and restores them) over the
modules that hold the product's rules, with the unit tests and the features of their area as the runner, and
prints the figure per group and in total beside the 85% target. Slow: each mutant is a pytest run, so a group
takes from minutes to hours on 2 cores; ``tox -e mutation`` runs it, CI does not. Run it on a clean checkout
(mutmut restores every file, but an interrupted run leaves a mutant in place: ``git checkout sim`` undoes it).

    python benchmarks/mutation.py                            # every group
    python benchmarks/mutation.py --group company-portal      # one group
    python benchmarks/mutation.py --modules sim/macos/power.py --tests "tests/macos -k lid"   # a sample
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.85


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]
    tests: tuple[str, ...]  # the runner's test paths: the unit tests and features of the area


GROUPS = {
    "entra-tokens": Group(("sim/entra/tokens.py", "sim/entra/lockout.py", "sim/entra/device_proofs.py"),
                          ("tests/entra", "tests/security", "tests/test_features.py")),
    "entra-logins": Group(("sim/entra/psso_login.py", "sim/entra/psso_key_login.py", "sim/entra/registration.py",
                           "sim/entra/certificate_auth.py"),
                          ("tests/entra", "tests/security", "tests/test_features.py")),
    "intune": Group(("sim/intune/backend.py", "sim/intune/mdm_identity.py", "sim/intune/compliance.py"),
                    ("tests/intune", "tests/security", "tests/test_features.py")),
    "platform-sso-mac": Group(("sim/macos/platform_sso.py", "sim/macos/prt_refresh.py", "sim/macos/power.py",
                               "sim/macos/login_window.py", "sim/macos/password_sync.py"),
                              ("tests/macos", "tests/test_features.py")),
    "company-portal": Group(("sim/company_portal/app.py", "sim/company_portal/retry_policy.py",
                             "sim/company_portal/sso_extension.py"),
                            ("tests/company_portal", "tests/faults", "tests/test_features.py")),
}


def _mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, capture_output=True, text=True)


def run_group(name: str, group: Group) -> tuple[int, int, list[str]]:
    """(killed, total, the survivors' descriptions) for one group."""
    modules = [m for m in group.modules if (ROOT / m).exists()]
    shutil.rmtree(ROOT / ".mutmut-cache", ignore_errors=True)
    (ROOT / ".mutmut-cache").unlink(missing_ok=True)
    # -x without xdist: under xdist a stop after the first failure exits 2 (interrupted), and mutmut 2 counts
    # only exit status 1 as a failing run, so every mutant would "survive".
    runner = f"{sys.executable} -m pytest -x -q -p no:randomly -p no:cacheprovider -p no:xdist {' '.join(group.tests)}"
    _mutmut("run", "--paths-to-mutate", ",".join(modules), "--runner", runner, "--no-progress",
            "--tests-dir", "tests", "--CI")
    report = ROOT / f".mutation-{name}.xml"
    report.write_text(_mutmut("junitxml").stdout)
    cases = ElementTree.parse(report).getroot().iter("testcase")
    total, survivors = 0, []
    for case in cases:
        total += 1
        if case.find("failure") is not None:
            survivors.append(f"{case.get('classname')}:{case.get('line')} {case.get('name')}")
    return total - len(survivors), total, survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=sorted(GROUPS), action="append", help="a group (repeatable); default all")
    parser.add_argument("--modules", help="instead of a group: modules to mutate, separated by commas")
    parser.add_argument("--tests", default="tests", help="with --modules: the runner's pytest arguments")
    options = parser.parse_args(argv)
    if shutil.which("git") and subprocess.run(["git", "diff", "--quiet", "--", "sim"], cwd=ROOT).returncode:
        print("sim/ has uncommitted changes: mutmut edits files in place; commit or stash first", file=sys.stderr)
        return 2
    groups = dict(GROUPS)
    if options.modules:
        # --tests stays one string: the shell reads its quotes (-k "a or b")
        groups = {"sample": Group(tuple(options.modules.split(",")), (options.tests,))}
    killed_all = total_all = 0
    for name in options.group or sorted(groups):
        killed, total, survivors = run_group(name, groups[name])
        killed_all, total_all = killed_all + killed, total_all + total
        score = killed / total if total else 0.0
        print(f"{name:<18} {killed:>5} of {total:<5} killed  {score:6.1%}  (target at least {TARGET:.0%})")
        for survivor in survivors:
            print(f"    survived: {survivor}")
    if total_all:
        print(f"{'all groups':<18} {killed_all:>5} of {total_all:<5} killed  {killed_all / total_all:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
