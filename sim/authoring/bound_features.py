"""The test module ``psso-sim run`` hands to pytest: binds the feature files it was given.

``psso-sim run`` sets :data:`FEATURES_ENV` to the feature files or folders to run (os.pathsep-separated)
and passes this file to pytest. Imported any other way (the variable unset), it binds nothing.
"""

from __future__ import annotations

import os

from pytest_bdd import scenarios

__all__ = ["FEATURES_ENV"]

FEATURES_ENV = "PSSO_SIM_FEATURES"

_SELECTED = os.environ.get(FEATURES_ENV, "")
if _SELECTED:
    scenarios(*_SELECTED.split(os.pathsep))
