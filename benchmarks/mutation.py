"""Mutation score of the rule modules: how many small plausible changes to sim/ the suite turns red.

The mutants are mutmut 2's (its operators on constants, comparisons, operators, strings, keywords) over the
modules that hold the product's rules, or the hand-written regressions of ``benchmarks/bug_catalogue.toml``
(``--catalogue``). Each mutant is run against the tests that execute its lines (benchmarks/coverage_map.py),
the Gherkin features first (for a catalogued bug, every feature: that figure must not lean on the map). The
figures say how many the features alone catch and how many the whole suite catches. Mutants run in a shadow
package, never in the checkout (benchmarks/mutants.py), on --jobs workers.

All mutants of every group take hours on 2 cores; ``--sample N`` measures a seeded random sample and prints
the score with its 95% interval. ``tox -e mutation`` runs it; CI does not.

    python benchmarks/mutation.py --sample 300             # a sample over every group
    python benchmarks/mutation.py --group intune            # every mutant of one group
    python benchmarks/mutation.py --catalogue benchmarks/bug_catalogue.toml
    python benchmarks/mutation.py --modules sim/macos/power.py
"""

from __future__ import annotations

import argparse
import json
import math
import queue
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import coverage_map
from mutants import CatalogueError, Mutant, Shadow, catalogue_mutants, not_a_program_change, operator_mutations

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.85  # the whole suite, of mutmut's mutants (issue 15)
FEATURES_TARGET = 0.90  # the Gherkin features alone, of realistic bugs (issue 15)
KILLED = ("features", "tests", "import", "timeout")  # verdicts that count as caught


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]
    fallback: tuple[str, ...]  # for import-time lines no single test owns: the area's tests and the features


GROUPS = {
    "entra-tokens": Group(("sim/entra/tokens.py", "sim/entra/sign_in_rules.py", "sim/entra/lockout.py",
                           "sim/entra/device_proofs.py", "sim/entra/directory.py"),
                          ("tests/entra", "tests/security", coverage_map.FEATURES)),
    "entra-logins": Group(("sim/entra/psso_login.py", "sim/entra/psso_key_login.py", "sim/entra/registration.py",
                           "sim/entra/certificate_auth.py", "sim/entra/device_certificates.py"),
                          ("tests/entra", "tests/security", coverage_map.FEATURES)),
    "intune": Group(("sim/intune/backend.py", "sim/intune/mdm_identity.py", "sim/intune/device_status.py",
                     "sim/intune/passcode.py", "sim/intune/sso_checks.py", "sim/intune/sso_payload.py"),
                    ("tests/intune", "tests/security", coverage_map.FEATURES)),
    "platform-sso-mac": Group(("sim/macos/platform_sso.py", "sim/macos/prt_refresh.py", "sim/macos/power.py",
                               "sim/macos/login_window.py", "sim/macos/password_sync.py",
                               "sim/macos/password_recovery.py", "sim/macos/mdm_client.py"),
                              ("tests/macos", coverage_map.FEATURES)),
    "company-portal": Group(("sim/company_portal/app.py", "sim/company_portal/retry_policy.py",
                             "sim/company_portal/sso_extension.py", "sim/company_portal/devices.py"),
                            ("tests/company_portal", "tests/faults", coverage_map.FEATURES)),
}
EVERYTHING = ("tests", "--deselect", "tests/test_wheel.py")  # a catalogued bug on an import-time line


@dataclass(frozen=True)
class Verdict:
    mutant: str
    group: str
    verdict: str  # features | tests | import | timeout (caught); survived; equivalent; not-run
    why: str
    seconds: float


def _pytest(shadow: Shadow, arguments: list[str], timeout: float) -> int | None:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:xdist",
               "-p", "no:cacheprovider", *arguments]
    try:
        return subprocess.run(command, cwd=shadow.repository, env=shadow.env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        return None


def _patience(arguments: list[str]) -> float:
    """How long a run may take before it counts as a hang: generous, since a slow run is not a caught mutant.
    The whole suite takes about 5 minutes on one core, the features about 1; two workers share the cores."""
    if any("::" not in argument for argument in arguments):  # folders or files: up to the whole suite
        return 2400.0
    return 600.0 + 5 * len(arguments)


def judge(mutant: Mutant, group: str, fallback: tuple[str, ...], line_map: coverage_map.LineMap,
          suite: frozenset[str], shadow: Shadow, also: tuple[str, ...] = (), every_feature: bool = False) -> Verdict:
    started = time.perf_counter()

    def verdict(name: str, why: str) -> Verdict:
        return Verdict(mutant.name, group, name, why, round(time.perf_counter() - started, 1))

    if reason := not_a_program_change(mutant):
        return verdict("equivalent", reason)
    selected = coverage_map.tests_for(line_map, mutant.file, mutant.lines)
    if selected is not None:
        selected = coverage_map.current(selected, suite) or None
    if selected is None:
        runs = [("features", [coverage_map.FEATURES]), ("tests", [a for a in fallback if a != coverage_map.FEATURES])]
        how = "import-time line: the features, then " + " ".join(fallback)
    else:
        features = [node for node in selected if node.startswith(coverage_map.FEATURES)]
        runs = [("features", [coverage_map.FEATURES] if every_feature else features),
                ("tests", [node for node in selected if node not in features])]
        how = (f"every feature, then {len(selected) - len(features)} tests" if every_feature else
               f"{len(features)} scenarios and {len(selected) - len(features)} tests") + " run its lines"
    if also:
        runs.append(("tests", list(also)))
        how += f"; also {' '.join(also)}"
    shadow.swap(mutant)
    try:
        for name, arguments in runs:
            if not arguments:
                continue
            status = _pytest(shadow, arguments, timeout=_patience(arguments))
            if status is None:
                return verdict("timeout", f"{how}; the {name} did not finish (a hang counts as caught)")
            if status == 1:
                return verdict(name, how)
            if status in (2, 3):  # the mutant breaks collection or pytest itself: the suite is red
                return verdict("import", f"{how}; pytest exited {status}")
            if status != 0:
                return verdict("not-run", f"{how}; pytest exited {status} (no tests or a usage error)")
        return verdict("survived", how)
    finally:
        shadow.restore(mutant)


def _interval(killed: int, total: int) -> str:
    """The Wilson 95% interval of a sampled share."""
    if not total:
        return ""
    z, share = 1.96, killed / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return f"  95% interval {centre - half:.1%} to {centre + half:.1%}"


def summarise(verdicts: list[Verdict], sampled: bool) -> list[str]:
    lines = []
    for group in [*sorted({v.group for v in verdicts}), "all"]:
        chosen = [v for v in verdicts if group in ("all", v.group)]
        counted = [v for v in chosen if v.verdict not in ("equivalent", "not-run")]
        by_features = sum(v.verdict == "features" for v in counted)
        killed = sum(v.verdict in KILLED for v in counted)
        score = killed / len(counted) if counted else 0.0
        lines.append(
            f"{group:<18} {killed:>4} of {len(counted):<4} killed {score:6.1%} (target {TARGET:.0%})"
            f"  by the features alone {by_features / len(counted) if counted else 0:6.1%}"
            f" (target {FEATURES_TARGET:.0%})"
            f"  equivalent {sum(v.verdict == 'equivalent' for v in chosen)}"
            f"  not run {sum(v.verdict == 'not-run' for v in chosen)}"
            + (_interval(killed, len(counted)) if sampled and group == "all" else ""))
    return lines


Candidate = tuple[str, tuple[str, ...], Mutant]  # (group or bug kind, fallback tests, mutant)


class _Refused(Exception):
    """A usage error: main prints it and exits 2."""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=sorted(GROUPS), action="append", help="a group (repeatable); default all")
    parser.add_argument("--modules", help="instead of groups: modules of sim/ to mutate, separated by commas")
    parser.add_argument("--catalogue", type=Path, help="instead of mutmut's mutants: a bug catalogue (TOML)")
    parser.add_argument("--sample", type=int, help="a seeded random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=2026, help="the sample's seed (default 2026)")
    parser.add_argument("--jobs", type=int, default=2, help="workers, each with a shadow package (default 2)")
    parser.add_argument("--label", default="run", help="names the results in .mutation/ (default run)")
    parser.add_argument("--resume", action="store_true", help="keep the verdicts already in .mutation/LABEL.jsonl")
    parser.add_argument("--only", help="judge only these mutants (names separated by commas), e.g. again with --also")
    parser.add_argument("--also", action="append", default=[],
                        help="pytest arguments run for every mutant after its own tests (tests newer than the map)")
    parser.add_argument("--remap", action="store_true", help="make the line map again (a suite run under coverage)")
    return parser.parse_args(argv)


def _candidates(options: argparse.Namespace) -> list[Candidate]:
    """The mutants to judge: the catalogue's bugs, or mutmut's of the groups (or modules), maybe sampled."""
    # A sample is judged in its own random order: a run stopped early leaves a smaller random sample, and
    # --resume goes on with the same one.
    sample = random.Random(options.seed).sample if options.sample else None
    if options.catalogue:
        try:
            bugs = catalogue_mutants(options.catalogue)
        except CatalogueError as error:
            raise _Refused(str(error)) from None
        candidates: list[Candidate] = [(bug.kind, EVERYTHING, bug) for bug in bugs]
        return sample(candidates, options.sample) if sample and options.sample < len(candidates) else candidates
    groups = dict(GROUPS)
    if options.modules:
        modules = tuple(options.modules.split(","))
        if missing := [m for m in modules if not (ROOT / m).is_file()]:
            raise _Refused(f"no such module: {', '.join(missing)} (paths from the repository root)")
        groups = {"modules": Group(modules, EVERYTHING)}
    pending = [(name, groups[name].fallback, mutation) for name in options.group or sorted(groups)
               for mutation in operator_mutations(list(groups[name].modules))]
    if sample and options.sample < len(pending):
        pending = sample(pending, options.sample)  # listed cheaply, made only when sampled
    return [(name, fallback, mutation.make()) for name, fallback, mutation in pending]


def _verdicts_kept(options: argparse.Namespace, results: Path, wanted: set[str]) -> dict[str, Verdict]:
    """The verdicts of earlier runs that stand: all with --resume, all but the --only ones with --only."""
    done: dict[str, Verdict] = {}
    if (options.resume or wanted) and results.exists():
        done = {v.mutant: v for v in (Verdict(**json.loads(line)) for line in results.read_text().splitlines())}
    elif results.exists():
        results.unlink()
    if wanted:  # judged again: the new verdicts replace the old ones in the results
        done = {name: v for name, v in done.items() if name not in wanted}
        results.write_text("".join(json.dumps(v.__dict__) + "\n" for v in done.values()))
    return done


def _shadows(options: argparse.Namespace) -> tuple[queue.SimpleQueue[Shadow], frozenset[str]]:
    """One copy per worker, all taken now (an edit to the checkout during the run reaches none of them), and the
    suite's node ids. The features must pass in a copy without a mutant: if they failed there, every mutant
    would count as "killed"."""
    idle: queue.SimpleQueue[Shadow] = queue.SimpleQueue()
    for number in range(options.jobs):
        idle.put(Shadow(coverage_map.CACHE / f"{options.label}-shadow-{number}"))  # labels run side by side
    baseline = idle.get()
    if (status := _pytest(baseline, [coverage_map.FEATURES], timeout=1200)) != 0:
        raise _Refused(f"without any mutant the features fail in the shadow copy (pytest exited {status}); "
                       f"run them in {baseline.repository} to see why")
    suite = coverage_map.collected(baseline.repository, baseline.env())
    idle.put(baseline)
    return idle, suite


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    try:
        candidates = _candidates(options)
        wanted = set(options.only.split(",")) if options.only else set()
        if unknown := wanted - {c[2].name for c in candidates}:
            raise _Refused(f"no such mutant: {', '.join(sorted(unknown))}")
        results = coverage_map.CACHE / f"{options.label}.jsonl"
        coverage_map.CACHE.mkdir(exist_ok=True)
        done = _verdicts_kept(options, results, wanted)
        line_map = coverage_map.build(options.jobs, remap=options.remap)
        if wanted:
            candidates = [c for c in candidates if c[2].name in wanted or c[2].name in done]
        todo = [c for c in candidates if c[2].name not in done]
        idle, suite = _shadows(options) if todo else (queue.SimpleQueue[Shadow](), frozenset[str]())
    except _Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{len(candidates)} mutants ({len(done)} already judged), {options.jobs} workers", file=sys.stderr)

    lock = threading.Lock()
    verdicts = [done[c[2].name] for c in candidates if c[2].name in done]

    def work(candidate: Candidate) -> None:
        shadow = idle.get()
        group, fallback, mutant = candidate
        try:
            result = judge(mutant, group, fallback, line_map, suite, shadow, tuple(options.also),
                           every_feature=bool(options.catalogue))
        finally:
            idle.put(shadow)
        with lock:
            verdicts.append(result)
            with results.open("a") as out:
                out.write(json.dumps(result.__dict__) + "\n")
            print(f"[{len(verdicts)}/{len(candidates)}] {result.verdict:<10} {mutant.name} ({result.seconds}s)",
                  file=sys.stderr)

    with ThreadPoolExecutor(options.jobs) as pool:
        list(pool.map(work, todo))
    _report(options, candidates, verdicts)
    return 0


def _report(options: argparse.Namespace, candidates: list[Candidate], verdicts: list[Verdict]) -> None:
    by_name = {c[2].name: c[2] for c in candidates}
    survivors = [v for v in verdicts if v.verdict == "survived"]
    report = coverage_map.CACHE / f"{options.label}-survivors.md"
    report.write_text("".join(f"## {v.mutant} ({v.group})\n{v.why}\n\n```diff\n{by_name[v.mutant].diff()}```\n\n"
                              for v in sorted(survivors, key=lambda v: v.mutant)))
    for line in summarise(verdicts, sampled=bool(options.sample)):
        print(line)
    print(f"survivors, with their diffs: {report.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
