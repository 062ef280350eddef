"""Every module in sim/ declares its public names (``__all__``), and they exist."""

import importlib
import pkgutil

import pytest

import psso_sim

MODULES = sorted(m.name for m in pkgutil.walk_packages(psso_sim.__path__, "psso_sim."))


@pytest.mark.parametrize("name", MODULES)
def test_all_is_declared_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} declares no __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names missing attributes: {missing}"
