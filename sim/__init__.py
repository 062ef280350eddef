"""psso-sim: macOS Platform SSO with Microsoft Entra ID, simulated end to end.

The names a test needs, from one place: ``from psso_sim import Person, World`` (guide: docs/api.md).

They resolve lazily (PEP 562): every ``psso_sim.*`` import, the CLI's and the pytest plugin's
included, runs this file first, and a World pulls in httpx, respx, pydantic and Faker. Importing
the package costs nothing until a name is used; ``TYPE_CHECKING`` shows type checkers the real types.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psso_sim.actors import Person
    from psso_sim.clock import DEFAULT_START
    from psso_sim.company_portal.host import RegistrationStatus
    from psso_sim.company_portal.sso_extension import DeviceRegistration
    from psso_sim.entra.models import DeviceObject, User
    from psso_sim.errors import SimError, UnexpectedRequest
    from psso_sim.intune.models import CompliancePolicy, ComplianceState, ManagedDevice
    from psso_sim.macos.mac import Mac
    from psso_sim.macos.platform_sso import SsoTokens, UserState
    from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL
    from psso_sim.trace import Trace, TraceEntry
    from psso_sim.world import World

    __version__: str

__all__ = [
    "DEFAULT_START",
    "PRT_REFRESH_INTERVAL",
    "CompliancePolicy",
    "ComplianceState",
    "DeviceObject",
    "DeviceRegistration",
    "Mac",
    "ManagedDevice",
    "Person",
    "RegistrationStatus",
    "SimError",
    "SsoTokens",
    "Trace",
    "TraceEntry",
    "UnexpectedRequest",
    "User",
    "UserState",
    "World",
]

# Each public name -> the module that defines it (tests/test_api_doc.py checks the two lists agree).
_HOMES = {
    "DEFAULT_START": "clock",
    "PRT_REFRESH_INTERVAL": "macos.prt_refresh",
    "CompliancePolicy": "intune.models",
    "ComplianceState": "intune.models",
    "DeviceObject": "entra.models",
    "DeviceRegistration": "company_portal.sso_extension",
    "Mac": "macos.mac",
    "ManagedDevice": "intune.models",
    "Person": "actors",
    "RegistrationStatus": "company_portal.host",
    "SimError": "errors",
    "SsoTokens": "macos.platform_sso",
    "Trace": "trace",
    "TraceEntry": "trace",
    "UnexpectedRequest": "errors",
    "User": "entra.models",
    "UserState": "macos.platform_sso",
    "World": "world",
}


def _resolve(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version  # costs a few ms: only when asked

        value: object = version("psso-sim")
    elif name in _HOMES:
        value = getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # cached: the next access does not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})


# Hidden from type checkers: with a module __getattr__ in view, mypy would type a misspelt
# psso_sim.Wrold as Any instead of reporting it.
if not TYPE_CHECKING:
    __getattr__ = _resolve
