"""The real clients come with the ``interop`` extra (tox's test env installs it); without them, say so."""

from __future__ import annotations

import importlib.util

_CLIENTS = {"msal": "msal", "jwt": "PyJWT[crypto]", "msgraph": "msgraph-sdk"}
_missing = [package for module, package in _CLIENTS.items() if importlib.util.find_spec(module) is None]
if _missing:
    raise ImportError(
        f"tests/interop/ runs real clients that are not installed: {', '.join(_missing)}; "
        "install the interop extra: pip install -e \".[test,interop]\" (or run tox -e tests)"
    )
