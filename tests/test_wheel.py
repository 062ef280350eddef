"""psso-sim from its wheel, outside this repository, as a developer in another project uses it.

The wheel is built once per run (xdist workers share it), installed with its dependencies from PyPI in
a fresh virtual environment, and used from empty directories with a clean environment: the CLI, the
README's "Use it from your own project" as written, a consumer project with a ``steps`` package of
its own, and ``mypy --strict`` on code that uses the public API. Nothing of this repository is
importable there, so a file missing from the wheel or a name that only resolves in the clone fails
here. Slow (under a minute) and needs the package index: ``pytest -m "not wheel"`` leaves it out.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
API_DOC = ROOT / "docs" / "api.md"
README_SECTION = "## Use it from your own project"
FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
BIN = "Scripts" if os.name == "nt" else "bin"
# Local state that must not reach the build: a stale build/lib would ship files the source no longer has.
_LOCAL_STATE = shutil.ignore_patterns(".git", ".tox", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                      ".*_cache")


def NOT_SOURCE(directory: str, names: list[str]) -> set[str]:
    """Local state anywhere, and a run's output folder at the top ("reports"; sim/reports is code)."""
    ignored = set(_LOCAL_STATE(directory, names))
    if Path(directory).resolve() == ROOT.resolve() and "reports" in names:
        ignored.add("reports")
    return ignored
# The consumer's pytest runs get the strictness of ours, and leave no cache behind.
STRICT = "--strict-markers -p no:cacheprovider"

pytestmark = pytest.mark.wheel


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with the psso-sim wheel and mypy installed, and how to run in it."""

    venv: Path
    site_packages: Path
    env: Mapping[str, str]

    def run(self, *command: str, cwd: Path, status: int = 0, env: Mapping[str, str] | None = None,
            timeout: float = 300) -> str:
        """Run ``command`` (a console script of the venv, or python) in ``cwd``; its stdout and stderr."""
        assert not cwd.resolve().is_relative_to(ROOT), f"{cwd} is inside the repository"
        executable = self.venv / BIN / command[0]
        result = subprocess.run([str(executable), *command[1:]], cwd=cwd, env={**self.env, **(env or {})},
                                capture_output=True, text=True, timeout=timeout, check=False)
        output = result.stdout + result.stderr
        shown = f"$ {shlex.join(command)}  (in {cwd}, exit {result.returncode})\n{output}"
        assert result.returncode == status, shown
        assert "Traceback" not in output, shown
        return output


def clean_environment(venv: Path) -> dict[str, str]:
    """This process's environment without anything that leads back to the repository or to this run.

    pip's own settings (PIP_*, its config files, HOME for its cache) stay: they say how to reach the index.
    """
    outer = [Path(sys.prefix).resolve(), ROOT]  # the venv or tox env running this suite, and the clone
    path = [entry for entry in os.environ.get("PATH", "").split(os.pathsep)
            if entry and not any(Path(entry).resolve().is_relative_to(o) for o in outer)]
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PYTHON", "PYTEST", "PSSO_SIM", "VIRTUAL_ENV", "MYPY", "COV_", "FORCE_COLOR",
                                   "PY_COLORS", "CLICOLOR"))}
    # NO_COLOR: the assertions read plain text, whatever colours the developer's terminal asks for.
    env.update(PATH=os.pathsep.join([str(venv / BIN), *path]), VIRTUAL_ENV=str(venv), PYTHONNOUSERSITE="1",
               NO_COLOR="1")
    return env


def pip(venv: Path, env: Mapping[str, str], *args: str, cwd: Path) -> None:
    """pip in the venv; a failure skips the module if the index is out of reach, else fails it."""
    command = [str(venv / BIN / "python"), "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    # Is it the network? Fetch a package that certainly exists, bypassing pip's cache.
    probe = subprocess.run([*command[:4], "download", "--no-deps", "--no-cache-dir", "-d", str(cwd / "probe"),
                            "pytest"], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)
    if probe.returncode != 0:
        last = (probe.stdout + probe.stderr).strip().splitlines()[-1:] or ["(no output)"]
        pytest.skip(f"pip cannot reach the package index, which the wheel's build and dependencies need "
                    f"(pip download pytest: {last[0]})")
    pytest.fail(f"pip {args[0]} failed with the package index in reach:\n$ {shlex.join(command)}\n{output}",
                pytrace=False)


def build_and_install(base: Path) -> Path:
    """The wheel of the working tree, installed with mypy in a new venv under ``base``; the venv."""
    # Built from a copy: a build writes build/ and *.egg-info into its source tree, and others work in ours.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    env = clean_environment(venv)
    pip(venv, env, "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"), str(source), cwd=base)
    (wheel,) = (base / "dist").glob("psso_sim-*.whl")
    pip(venv, env, "install", "--quiet", str(wheel), "mypy", cwd=base)
    return venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    # One venv per run: under xdist, whichever worker comes first builds it in the run's basetemp (the
    # parent of the workers' own) while the others wait on the lock, then reuse it. pytest-xdist's
    # loadgroup cannot keep the module on one worker: on pytest 9.2 it ignores xdist_group (xdist#1386).
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent
    shared, outcome = base / "psso-sim-wheel", base / "psso-sim-wheel.json"
    with FileLock(base / "psso-sim-wheel.lock"):
        if not outcome.exists():
            try:
                shared.mkdir()
                record = {"venv": str(build_and_install(shared))}
            except pytest.skip.Exception as skip:
                outcome.write_text(json.dumps({"skip": skip.msg}))
                raise
            except BaseException as error:
                outcome.write_text(json.dumps({"fail": f"the worker that built the venv failed: {error!r}"}))
                raise
            outcome.write_text(json.dumps(record))
        record = json.loads(outcome.read_text())
    if "skip" in record:
        pytest.skip(record["skip"])
    if "fail" in record:
        pytest.fail(record["fail"], pytrace=False)
    venv = Path(record["venv"])
    env = clean_environment(venv)
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = subprocess.run([str(venv / BIN / "python"), "-c", where], env=env, capture_output=True, text=True,
                             check=True).stdout.strip()
    return Installed(venv=venv, site_packages=Path(purelib), env=env)


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One per worker: the venv is shared, mypy's cache is written as it runs."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """An empty working directory outside the repository."""
    directory = tmp_path / "empty"
    directory.mkdir()
    return directory


def write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def summary(output: str) -> str:
    """pytest's closing line, e.g. '=== 2 passed in 1.23s ==='."""
    return output.strip().splitlines()[-1]


# ---- the installed package -------------------------------------------------------------------


def test_psso_sim_is_imported_from_the_venv_and_claims_no_generic_name(installed: Installed, empty: Path) -> None:
    code = textwrap.dedent("""\
        import importlib.util, psso_sim, psso_sim.steps, psso_sim.features
        print(psso_sim.__file__)
        print(psso_sim.steps.__file__)
        print(psso_sim.features.FEATURES_DIR)
        print([name for name in ("sim", "steps", "features") if importlib.util.find_spec(name)])
        """)
    package, steps, features, generic = installed.run("python", "-c", code, cwd=empty).splitlines()
    home = installed.site_packages / "psso_sim"
    assert Path(package) == home / "__init__.py"
    assert Path(steps) == home / "steps" / "__init__.py"
    assert Path(features) == home / "features"
    assert generic == "[]"  # sim/, steps/ and features/ are the clone's folder names, not import names
    assert (home / "py.typed").is_file()
    assert len(list((home / "features").rglob("*.feature"))) == len(list((ROOT / "features").rglob("*.feature")))


# ---- the CLI, from an empty directory --------------------------------------------------------


def test_steps_prints_the_catalogue(installed: Installed, empty: Path) -> None:
    out = installed.run("psso-sim", "steps", cwd=empty)
    heading = re.match(r"Step catalogue: (\d+) steps in (\d+) areas\n", out)
    assert heading and int(heading[1]) > 50, out[:500]
    assert "\nGiven the user has a Mac with macOS {version:MacOS}\n" in out
    assert re.search(r"^    defined: +psso_sim\.steps\.setup:\d+$", out, re.MULTILINE), out[:2000]


def test_lint_passes_the_bundled_features(installed: Installed, empty: Path) -> None:
    out = installed.run("psso-sim", "lint", cwd=empty)
    closing = out.strip().splitlines()[-1]
    assert closing.startswith("lint: ") and "error" not in closing and "warning" not in closing, out
    # Every finding is about the installed files, none about the clone's.
    findings = [line for line in out.splitlines() if ": info: " in line]
    assert all(line.startswith(str(installed.site_packages / "psso_sim")) for line in findings), out


def test_run_passes_every_bundled_feature(installed: Installed, empty: Path) -> None:
    out = installed.run("psso-sim", "run", cwd=empty)
    scenarios = re.search(r"^scenarios: (\d+) passed, (\d+) failed$", out, re.MULTILINE)
    assert scenarios and int(scenarios[1]) > 40 and scenarios[2] == "0", out[-2000:]
    assert "✗" not in out
    assert str(installed.site_packages / "psso_sim" / "features" / "enrollment") in out
    assert str(ROOT) not in out


def test_verify_doc_verifies_a_procedure(installed: Installed, empty: Path) -> None:
    # The enrollment procedure in Learn conventions that tests/docs/test_verify.py mutates.
    steps = (ROOT / "tests" / "data" / "docs" / "enroll_steps.txt").read_text(encoding="utf-8").splitlines()
    doc = textwrap.dedent("""\
        ---
        title: Set up a test Mac with Company Portal
        description: A procedure for the documentation verifier, from an installed psso-sim.
        ms.date: 11/06/2023
        ---

        # Set up a test Mac with Company Portal

        ## Enroll and register the Mac

        """) + "".join(f"1. {step}\n" for step in steps)
    write(empty, {"DOC.md": doc})
    out = installed.run("psso-sim", "verify-doc", "DOC.md", cwd=empty)
    assert "Enroll and register the Mac" in out
    assert "(steps at line 11; macOS 13, 14)" in out  # no tab: both versions, side by side
    assert "Result: OK (exit 0)" in out
    assert out.count("13 ✓  14 ✓") == len(steps), out


def test_fleet_runs_its_shards_in_worker_processes(installed: Installed, empty: Path) -> None:
    write(empty, {"fleet.toml": 'name = "wheel"\nmacs = 6\nper_user_mfa = "50%"\n'})
    out = installed.run("psso-sim", "fleet", "fleet.toml", "--shards", "2", "--json", "fleet.json", cwd=empty)
    assert "fleet.toml: 'wheel', 6 Macs, seed 0, product current, 2 shards" in out, out
    assert "Per user MFA causes password sync failure" in out and "wrote fleet.json" in out, out
    assert json.loads((empty / "fleet.json").read_text(encoding="utf-8"))["totals"]["macs"] == 6


# ---- the README's "Use it from your own project", as written ---------------------------------


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{README_SECTION}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


@pytest.fixture(scope="module")
def readme_project(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The section's files, each written where its first line ('# path') says; its pytest commands."""
    project = tmp_path_factory.mktemp("readme-project")
    shell: list[str] = []
    for language, code in FENCE.findall(readme_section()):
        if language == "bash":
            shell += code.splitlines()
            continue
        first = code.partition("\n")[0]
        assert first.startswith("# "), f"a {language} block in the README section names no file: {first!r}"
        write(project, {first[2:].strip(): code})  # the name stays as a comment: Gherkin has them too
    # The install is the fixture's: the wheel built here stands for the path the README names.
    assert any(line.startswith("pip install ") for line in shell), "the README section shows no 'pip install'"
    commands = [line for line in shell if line.startswith("pytest")]
    assert {"features", "test_features.py"} <= {p.name for p in project.iterdir()}, sorted(project.iterdir())
    assert not (project / "conftest.py").exists()
    return project, commands


def test_the_readme_section_runs_as_written(installed: Installed, readme_project: tuple[Path, list[str]]) -> None:
    project, commands = readme_project
    assert len(commands) >= 3, commands
    assert any("--psso-seed" in c for c in commands) and any("--psso-macos" in c for c in commands), commands
    for command in commands:
        out = installed.run(*shlex.split(command, comments=True), cwd=project, env={"PYTEST_ADDOPTS": STRICT})
        closing = summary(out)
        assert " passed" in closing and "failed" not in closing and "error" not in closing, out
        if "--psso-macos 13" in command:  # the @macos14 scenario is skipped, not run
            assert " skipped" in closing, out


# ---- a consumer project: its own steps package, the bundled steps, no conftest.py -------------

CONSUMER = {
    "steps/__init__.py": '"""The consumer\'s own step definitions: a package named steps, as many projects have."""\n',
    "steps/ours.py": textwrap.dedent('''\
        """A step of the consumer's own, on psso-sim's fixtures."""

        from pytest_bdd import then

        from psso_sim import Mac, RegistrationStatus, World


        @then("the consumer step runs")
        def consumer_step_runs(world: World, mac: Mac) -> None:
            assert mac.platform_sso.status is RegistrationStatus.REGISTERED
            assert mac.name in world.macs
        '''),
    # Lines from features/examples/users_who_may_join_devices.feature (the seeds' release, so tagged
    # for it: Company Portal's Register popup), plus the consumer's step.
    "features/x.feature": textwrap.dedent("""\
        @product-2023-11 @enrollment
        Feature: A consumer's feature on psso-sim's steps and its own

          Background:
            Given these users:
              | name        | mfa                     |
              | Adele Vance | Microsoft Authenticator |
            And these device settings:
              | users may join devices | selected users |
              | Selected               | Adele Vance    |
            And the admin has deployed the Platform SSO settings in Intune
            And the admin requires compliant Macs in Intune

          @macos14
          Scenario: A selected user registers their Mac
            Given these Macs:
              | macOS | owner       |
              | 14    | Adele Vance |
            When the user opens the "Company Portal" app
            And the user selects "Sign in"
            And the user enters their Microsoft Entra ID credentials and selects "Next"
            And the user selects "Begin"
            And the user selects "Continue"
            And the user selects "Download profile"
            And the user selects "Install" on the notification at the top right
            And the user selects "Management Profile"
            And the user selects "Install"
            And the user enters their local device password and selects "Enroll"
            Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
            When the user returns to the "Company Portal" app
            And the user waits up to 5 minutes to be prompted to select "Register"
            And the user selects "Register" in the "Company Portal" window
            And the user enters their Microsoft Entra ID credentials and selects "Next"
            And the user waits up to 5 minutes to be prompted to select "Done"
            Then Entra ID has a device object for the Mac, Microsoft Entra joined
            And Platform SSO registration is complete
            And the Mac is "compliant" in Intune
            And the consumer step runs
        """),
    # The consumer's steps reach pytest-bdd through the test module's namespace: no conftest.py.
    "test_features.py": textwrap.dedent("""\
        from pytest_bdd import scenarios

        from steps.ours import *  # noqa: F403

        scenarios("features")
        """),
    "test_api.py": textwrap.dedent('''\
        """Plain tests on the world fixture and the public API."""

        from pathlib import Path

        import psso_sim.steps
        import steps
        from psso_sim import ComplianceState, Person, RegistrationStatus, World


        def test_a_mac_registers(world: World) -> None:
            user = world.add_user()
            mac = world.add_mac(owner=user, macos=13)
            world.target_platform_sso()
            world.require_compliance()
            person = Person(world, user, mac)
            person.enroll_with_company_portal()
            assert world.intune.device_by_udid(mac.udid).compliance_state is ComplianceState.NONCOMPLIANT
            person.register_with_company_portal()
            assert mac.platform_sso.status is RegistrationStatus.REGISTERED
            print(f"CONSUMER-WORLD seed={world.seed} user={user.user_principal_name}")


        def test_steps_is_the_consumers_own_package() -> None:
            assert Path(steps.__file__).parent == Path(__file__).parent / "steps"
            assert psso_sim.steps.__name__ == "psso_sim.steps" and psso_sim.steps is not steps
        '''),
}


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("consumer"), CONSUMER)


def world_line(out: str) -> str:
    (line,) = re.findall(r"CONSUMER-WORLD .*", out)  # -v -s: after the test's name
    return line


def test_a_consumer_project_runs_its_features_and_tests(installed: Installed, consumer: Path) -> None:
    pytest_run = ("pytest", *STRICT.split(), "-v", "-s", "-rs")
    out = installed.run(*pytest_run, cwd=consumer)
    assert "test_features.py::test_a_selected_user_registers_their_mac PASSED" in out, out
    assert "test_api.py::test_steps_is_the_consumers_own_package PASSED" in out, out
    assert re.search(r"= 3 passed in ", summary(out)), out
    first = world_line(out)

    reseeded = installed.run(*pytest_run, "--psso-seed", "3", cwd=consumer)
    assert re.search(r"= 3 passed in ", summary(reseeded)), reseeded
    assert world_line(reseeded) != first  # another seed, another World

    # --psso-macos 13 skips the @macos14 scenario; the plain test's World is the first run's again.
    on13 = installed.run(*pytest_run, "--psso-macos", "13", cwd=consumer)
    assert "scenario is for macOS 14 only (this run is for macOS 13)" in on13, on13
    assert re.search(r"= 2 passed, 1 skipped in ", summary(on13)), on13
    assert world_line(on13) == first


# ---- types: py.typed ships, and consumer code passes mypy --strict ----------------------------


def mypy_strict(installed: Installed, cache: Path, cwd: Path, *files: str) -> None:
    out = installed.run("mypy", "--strict", "--cache-dir", str(cache), *files, cwd=cwd)
    assert out.startswith("Success: no issues found"), out


def test_consumer_code_passes_mypy_strict(installed: Installed, mypy_cache: Path, consumer: Path,
                                          readme_project: tuple[Path, list[str]]) -> None:
    mypy_strict(installed, mypy_cache, consumer, "test_api.py", "test_features.py", "steps/ours.py")
    project, _ = readme_project
    mypy_strict(installed, mypy_cache, project, *sorted(p.name for p in project.glob("*.py")))


def test_the_api_guide_runs_and_passes_mypy_strict(installed: Installed, mypy_cache: Path, empty: Path) -> None:
    if not API_DOC.exists():
        pytest.skip("docs/api.md does not exist: no API guide to run against the wheel")
    text = API_DOC.read_text(encoding="utf-8")
    blocks = [m for m in FENCE.finditer(text) if m[1] == "python"]
    assert blocks, "docs/api.md has no python block"
    # One script, each block at its own line: a failure or a mypy error names the line in docs/api.md.
    lines = [""] * (text.count("\n") + 1)
    for block in blocks:
        first = text.count("\n", 0, block.start(2))
        for offset, line in enumerate(block[2].splitlines()):
            lines[first + offset] = line
    write(empty, {"api_guide.py": "\n".join(lines) + "\n"})
    installed.run("python", "api_guide.py", cwd=empty)
    mypy_strict(installed, mypy_cache, empty, "api_guide.py")
