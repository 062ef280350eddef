"""What a World loads, and when: heavy libraries come with their first use, not with ``import psso_sim.world``.

Each check runs in a fresh interpreter: in this one, other tests have long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

LATE = ("httpx", "cryptography", "joserfc", "respx", "faker", "freezegun", "psso_sim.macos.mac")


def loaded_after(code: str) -> set[str]:
    """The modules of ``LATE`` that are in sys.modules once ``code`` has run in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    modules = json.loads(done.stdout.splitlines()[-1])
    return {late for late in LATE if late in modules}


def test_importing_the_world_loads_no_http_no_crypto_no_mac() -> None:
    assert loaded_after("import psso_sim.world") == set()


def test_a_new_world_derives_no_key_and_builds_no_route() -> None:
    assert loaded_after("from psso_sim.world import World\nWorld(seed=1)") == {"httpx"}  # Graph's modules load it


def test_each_library_comes_with_its_first_use() -> None:
    code = """from psso_sim.world import World
world = World(seed=1)
tenant = world.entra.tenant.tenant_id
world.network.client("probe").get(f"https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys")"""
    assert loaded_after(code) == {"httpx", "respx", "joserfc", "cryptography"}  # routing, the tenant's key
    assert loaded_after("from psso_sim.world import World\nWorld(seed=1).add_mac()") >= {"faker", "psso_sim.macos.mac"}


def test_a_first_certificate_made_under_frozen_time_leaves_real_time_working() -> None:
    # cryptography keeps the datetime type it first sees; seen under freezegun, real datetimes would fail after.
    code = """import random
from psso_sim.entra import es256
from psso_sim.world import World
world = World(seed=1)
authority = world.entra.tokens.organisation_ca
key = es256.derive_key(random.Random(1)).public_key()
with world.frozen_time():
    authority.issue("adele@contoso.example", "Adele Vance", key)
authority.issue("alex@contoso.example", "Alex Wilber", key)
print("ok")"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_every_pydantic_model_builds_its_validator_on_first_use() -> None:
    # defer_build: building a validator costs ~1 ms a model, most of them request bodies a run may never see.
    import importlib
    from pathlib import Path

    from pydantic import BaseModel

    sim = Path(importlib.import_module("psso_sim").__file__ or "").parent
    for path in sorted(sim.rglob("*.py")):
        if "BaseModel" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(sim).with_suffix("").parts
            importlib.import_module(".".join(("psso_sim", *parts)).removesuffix(".__init__"))

    def models(base: type[BaseModel]) -> list[type[BaseModel]]:
        return [m for sub in base.__subclasses__() for m in (sub, *models(sub))]

    ours = {m for m in models(BaseModel) if m.__module__.startswith("psso_sim.")}
    assert len(ours) > 20
    assert sorted(m.__qualname__ for m in ours if not m.model_config.get("defer_build")) == []
