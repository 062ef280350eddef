"""The tags a feature file may use: :data:`TAGS`, which the pytest plugin registers as markers.

The table is code, not configuration: it ships in the wheel, so ``--strict-markers`` passes in any
project that installs psso-sim, and ``psso-sim steps`` lists the same tags wherever it runs.

The vocabulary has four kinds of tag (:func:`tag_group`): the macOS version a scenario is for
(``@macos13``, ``@macos14``: the other version skips it), the workflow a feature belongs to
(``@enrollment``...), the known issue it shows (a description starting "known issue:"), and the kind
of scenario (``@negative``, ``@known-issue``).
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = ["SCENARIO_KINDS", "TAGS", "TAG_GROUPS", "registered_tags", "tag_group"]

TAGS = MappingProxyType({
    "macos13": "runs on macOS 13 Ventura only",
    "macos14": "runs on macOS 14 Sonoma only",
    "enrollment": "Intune MDM enrollment with Microsoft Entra join",
    "negative": "the documented procedure fails as the product fails",
    "known-issue": "a documented known issue: the product's behaviour, its symptom and the workaround",
    "diagnostics": "troubleshooting and reporting an issue: Company Portal logs, Terminal tools",
    "passcode-policy": "known issue: passcode policy complexity mismatches break password sync",
    "long-running": "known issue: long running registration, offered again after a failure",
    "sso-prompt-closed": "known issue: SSO auth prompt closed while the registration is in progress",
    "insufficient-permissions": "known issue: no error message if the user may not join devices",
    "per-user-mfa": "known issue: per-user MFA causes password sync failure",
    "report-an-issue": "Company Portal Help > Send diagnostic report > Email logs",
    "jitr": "Just In Time registration from Company Portal's Devices tab, and the missed-notification reminder",
    "migration": "migration from the Microsoft Enterprise SSO plug-in (Workplace Join key removed)",
    "compliance-mediation": "a Mac targeted for Platform SSO falls out of compliance; mediation registers it",
    "blocked-by-policy": "Conditional Access blocks the user; the Intune JIT workflow registers the Mac",
    "repair": "repair a Platform SSO registration (Settings on macOS 14, Company Portal on macOS 13)",
    "unregister": "Company Portal Preferences: Unregister and Sign out, then register again",
    "password-sync": "an Entra password change (SSPR) reaches the Mac within 4 hours",
    "terminal": "app-sso, log config and sysdiagnose in Terminal",
})
"""Every tag a feature may use (without '@'), with what it means: the pytest markers of psso-sim."""

TAG_GROUPS = ("macOS versions (any other version skips the scenario)", "Workflows", "Known issues",
              "Kinds of scenario")
SCENARIO_KINDS = frozenset({"negative", "known-issue"})


def tag_group(name: str, description: str = "") -> str:
    """Which of :data:`TAG_GROUPS` the tag ``name`` (without '@') belongs to."""
    if re.fullmatch(r"macos\d+", name):
        return TAG_GROUPS[0]
    if name in SCENARIO_KINDS:
        return TAG_GROUPS[3]
    return TAG_GROUPS[2] if description.lower().startswith("known issue") else TAG_GROUPS[1]


def registered_tags() -> dict[str, str]:
    """``{name: description}`` of every registered tag (a copy of :data:`TAGS`)."""
    return dict(TAGS)
