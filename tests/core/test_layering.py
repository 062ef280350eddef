"""Dependencies point one way: the Mac hosts Company Portal, so psso_sim.macos may import
psso_sim.company_portal and never the reverse, not even under TYPE_CHECKING or inside a function.

The check reads the source (every import statement of every module, wherever it sits, and
``import_module("...")`` calls with a literal name), so an import that only runs on some path
cannot hide; a fresh interpreter then confirms that importing Company Portal loads no macOS module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import psso_sim.company_portal

FORBIDDEN = "psso_sim.macos"
PACKAGE = "psso_sim.company_portal"
SOURCES = sorted(Path(psso_sim.company_portal.__file__).parent.rglob("*.py"))


def _package_of(path: Path) -> str:
    """The package a file's relative imports start from: itself for an __init__.py."""
    root = Path(psso_sim.company_portal.__file__).parent
    return ".".join((PACKAGE, *path.relative_to(root).parent.parts))


def _names(node: ast.AST, package: str) -> list[str]:
    """The modules (or module.attribute) an import node names, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # level 1 is the package, each further dot its parent
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    if isinstance(node, ast.Call):
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        first = node.args[0] if node.args else None
        if called in ("import_module", "__import__") and isinstance(first, ast.Constant):
            return [str(first.value)]
    return []


def forbidden_imports(source: str, package: str, filename: str = "<snippet>") -> list[str]:
    """Every import in ``source`` that names psso_sim.macos, as 'file:line: name'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        for name in _names(node, package):
            if name == FORBIDDEN or name.startswith(FORBIDDEN + "."):
                found.append(f"{filename}:{getattr(node, 'lineno', '?')}: {name}")
                break
    return found


def test_the_walk_reads_every_module_of_company_portal() -> None:
    names = {path.name for path in SOURCES}
    assert {"__init__.py", "app.py", "host.py", "diagnostics.py", "sso_extension.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_company_portal_imports_nothing_of_macos(path: Path) -> None:
    found = forbidden_imports(path.read_text(encoding="utf-8"), _package_of(path), str(path))
    assert not found, ("Company Portal must not import psso_sim.macos (the Mac depends on the app, not the "
                       "reverse); type against psso_sim.company_portal.host.HostMac instead:\n" + "\n".join(found))


def test_importing_company_portal_loads_no_macos_module() -> None:
    code = ("import sys, psso_sim.company_portal.app; "
            f"print(sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# The detector can fail: each snippet is one way an import of macOS could creep back in.
@pytest.mark.parametrize("snippet", [
    "import psso_sim.macos.mac",
    "from psso_sim.macos.platform_sso import RegistrationStatus",
    "from psso_sim import macos",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from psso_sim.macos.mac import Mac",
    "def later():\n    from psso_sim.macos.diagnostics.app_sso import platform_state",
    "from ..macos import mac",
    "from importlib import import_module\nimport_module('psso_sim.macos.mac')",
])
def test_the_detector_finds_an_import_of_macos(snippet: str) -> None:
    assert forbidden_imports(snippet, PACKAGE)


@pytest.mark.parametrize("snippet", [
    "from psso_sim.company_portal.host import HostMac",
    "import psso_sim.macosx",  # a prefix of the name is not the package
    "from . import host",
    "from .. import intune",
])
def test_the_detector_lets_other_imports_through(snippet: str) -> None:
    assert not forbidden_imports(snippet, PACKAGE)
