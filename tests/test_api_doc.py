"""docs/api.md runs as written, and ``psso_sim`` exports what it promises, cheaply."""

from __future__ import annotations

import re
import subprocess
import sys
import traceback
import types
from pathlib import Path

import pytest

import psso_sim

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
HEAVY = ("httpx", "respx", "faker", "pydantic")


def code_blocks(text: str) -> list[tuple[str, int, str]]:
    """Every fenced block: (language, line of its first code line, code)."""
    return [(m[1], text.count("\n", 0, m.start(2)) + 1, m[2]) for m in FENCE.finditer(text)]


def python_blocks() -> list[tuple[int, str]]:
    blocks = code_blocks(DOC.read_text(encoding="utf-8"))
    return [(line, code) for language, line, code in blocks if language == "python"]


def test_every_code_block_is_python() -> None:
    # Only python blocks run below: any other block would be an example nothing checks.
    others = [(language or "(none)", line) for language, line, _ in code_blocks(DOC.read_text(encoding="utf-8"))
              if language != "python"]
    assert not others, f"{DOC.name}: code blocks that would not run (language, line): {others}"


def test_the_guide_runs_top_to_bottom(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3
    # A real module, registered while it runs: as a reader's script, dataclasses and freezegun see it.
    module = types.ModuleType("psso_sim_api_doc")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    for line, code in blocks:
        # Padded so that a traceback's line numbers are the document's.
        compiled = compile("\n" * (line - 1) + code, str(DOC), "exec")
        try:
            exec(compiled, module.__dict__)
        except Exception as error:
            # exec'd code gets no assertion rewriting: name the document's line and show its text.
            frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == str(DOC)]
            where = f"line {frames[-1].lineno}: {frames[-1].line}" if frames else "?"
            pytest.fail(f"docs/api.md, block at line {line}, failed at {where}\n{type(error).__name__}: {error}")


def test_every_public_name_resolves() -> None:
    assert sorted(psso_sim._HOMES) == sorted(psso_sim.__all__)
    assert psso_sim.__all__ == sorted(psso_sim.__all__, key=lambda n: (not n.isupper(), n))
    for name in psso_sim.__all__:
        assert getattr(psso_sim, name) is not None, name
    assert set(psso_sim.__all__) <= set(dir(psso_sim))
    assert re.fullmatch(r"\d+\.\d+.*", psso_sim.__version__)
    with pytest.raises(AttributeError, match="no attribute 'Wrold'"):
        psso_sim.Wrold  # type: ignore[attr-defined]  # noqa: B018  # the failure is the point


# For each public name, as if it were a program's first import: a name whose module only imports
# after some other module would pass in this process, where everything is already imported.
FIRST_IMPORT = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] == "psso_sim"]:
        del sys.modules[loaded]
    try:
        getattr(importlib.import_module("psso_sim"), name)
    except Exception as error:
        failed.append(f"{name}: {error!r}")
print("\\n".join(failed))
"""


def test_every_public_name_resolves_as_the_first_import() -> None:
    run = subprocess.run([sys.executable, "-c", FIRST_IMPORT, *psso_sim.__all__], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_importing_the_package_loads_no_heavy_dependency() -> None:
    # A fresh interpreter: this one has long since imported them.
    code = f"import sys, psso_sim; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", f"import psso_sim loaded {loaded.strip()}"
