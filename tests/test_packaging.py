"""Every folder of the repository that holds package code or data is in the wheel's package list.

pyproject.toml lists the packages by hand (setuptools cannot rename sim/ to psso_sim while finding
them), so a new folder would silently be left out of the wheel; this test names it instead.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_and_feature_folder_is_a_listed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed, roots = set(config["packages"]), config["package-dir"]
    expected = set()
    for package, folder in roots.items():
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".feature"} and "__pycache__" not in path.parts:
                relative = path.parent.relative_to(ROOT / folder).parts
                expected.add(".".join((package, *relative)))
    missing = sorted(expected - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
