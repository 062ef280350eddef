"""Company Portal for macOS: the app's screens, and the Microsoft SSO extension it ships.

The two names resolve on first use (PEP 562): Platform SSO imports the SSO extension from this
package and the app imports Platform SSO, so importing the app here made
``import psso_sim.macos.platform_sso`` fail unless something else had imported the Mac first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psso_sim.company_portal.app import CompanyPortal
    from psso_sim.company_portal.sso_extension import SsoExtension

__all__ = ["CompanyPortal", "SsoExtension"]

_HOMES = {"CompanyPortal": "app", "SsoExtension": "sso_extension"}


def _resolve(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)


if not TYPE_CHECKING:  # as in psso_sim/__init__.py: mypy would type unknown names as Any
    __getattr__ = _resolve
