"""Every module of psso-sim declares its public names (``__all__``), and they exist."""

import importlib
import pkgutil
from types import ModuleType

import pytest

import psso_sim
import psso_sim.features
import psso_sim.steps

PACKAGES: tuple[ModuleType, ...] = (psso_sim, psso_sim.steps, psso_sim.features)


def _modules() -> list[str]:
    # Each package walked from its own __path__: in an editable checkout steps/ and features/ are not
    # inside sim/, in a wheel they are (hence the set). walk_packages imports the packages it finds.
    names = {package.__name__ for package in PACKAGES}
    for package in PACKAGES:
        names.update(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."))
    return sorted(names)


MODULES = _modules()


def test_the_walk_reaches_every_package() -> None:
    for name in ("psso_sim.world", "psso_sim.entra.models", "psso_sim.steps.setup", "psso_sim.features"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_all_is_declared_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} declares no __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names missing attributes: {missing}"
    assert len(set(module.__all__)) == len(module.__all__), f"{name}.__all__ names something twice"
