"""The tags a feature file may use: :data:`TAGS`, which the pytest plugin registers as markers.

The table is code, not configuration: it ships in the wheel, so ``--strict-markers`` passes in any
project that installs psso-sim, and ``psso-sim steps`` lists the same tags wherever it runs.

The vocabulary has five kinds of tag (:func:`tag_group`): the product release a scenario is for
(``@product-2023-11``, ``@product-current``: one row each of :data:`psso_sim.product.PRODUCTS`), the
macOS version (``@macos13``... one per row of :data:`psso_sim.product.MACOS`: the other versions skip it),
the workflow a feature belongs to (``@enrollment``...), the known issue it shows (a description starting
"known issue:"), and the kind of scenario (``@negative``, ``@known-issue``).
"""

from __future__ import annotations

import re
from types import MappingProxyType

from psso_sim.product import MACOS, PRODUCTS

__all__ = ["PRODUCT_TAG_PREFIX", "SCENARIO_KINDS", "TAGS", "TAG_GROUPS", "registered_tags", "tag_group"]

PRODUCT_TAG_PREFIX = "product-"

TAGS = MappingProxyType({
    **{f"{PRODUCT_TAG_PREFIX}{name}": f"the product release {name}: {release.summary}"
       for name, release in PRODUCTS.items()},
    **{f"macos{major}": f"runs on macOS {major} {release.name} only" for major, release in MACOS.items()},
    "enrollment": "Intune MDM enrollment with Microsoft Entra join",
    "negative": "the documented procedure fails as the product fails",
    "known-issue": "a documented known issue: the product's behaviour, its symptom and the workaround",
    "diagnostics": "troubleshooting and reporting an issue: Company Portal logs, Terminal tools",
    "passcode-policy": "known issue: passcode policy complexity mismatches break password sync",
    "long-running": "known issue: long running registration, offered again after a failure",
    "faults": "failures injected into the simulated services (psso_sim.faults) and the product's reaction",
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
    "settings-catalog": "the admin's Intune settings catalog policy for Platform SSO: create, assign, deliver; "
                        "errors 10001 and 10002",
    "registration": "Platform SSO registration from the Registration Required notification (current articles)",
    "secure-enclave": "the Secure Enclave method (Platform Credential for macOS): a key that never leaves the Mac",
    "smart-card": "the Smart card method: certificate-based authentication, a card paired with the local account",
    "password-method": "the Password method: the Single Sign-On window, then the Entra password synchronized",
    "registration-status": "Check your device registration status: Users & Groups, Network Account Server",
    "deregister": "Company Portal Preferences: Deregister, then register again (current articles)",
    "sequoia-reregistration": "known issue: unexpected or frequent re-registration prompts on macOS 15.0 to 15.2 "
                              "(fixed in 15.3)",
    "sso-plugin-after-update": "known issue: the Enterprise SSO plug-in doesn't activate after a system update "
                               "(sudo killall swcd, sudo swcutil reset)",
    "temporary-password": "known issue: temporary passwords issued during password reset can't be synced with "
                          "Platform SSO",
    "software-update": "a macOS point release installed with Software Update; the Mac restarts",
    "setup-assistant": "join a new Mac during Setup Assistant (out-of-box experience) with Automated Device "
                       "Enrollment, then register it with Platform SSO",
    "password-recovery": "known issue: a password reset without the local password (FileVault or MDM-driven "
                         "recovery) resets the Secure Enclave; Platform SSO must be registered again",
    "passkeys": "known issue: the Platform Credential as a passkey needs the Secure Enclave method, passkeys "
                "(FIDO2) enabled in Entra ID and Company Portal on as the passkey provider",
    "fleet": "a fleet of users and Macs rolled out over simulated days: Macs per end state and known issue",
})
"""Every tag a feature may use (without '@'), with what it means: the pytest markers of psso-sim."""

TAG_GROUPS = ("macOS versions (any other version skips the scenario)", "Workflows", "Known issues",
              "Kinds of scenario", "Product releases (untagged scenarios run on 'current')")
SCENARIO_KINDS = frozenset({"negative", "known-issue"})


def tag_group(name: str, description: str = "") -> str:
    """Which of :data:`TAG_GROUPS` the tag ``name`` (without '@') belongs to."""
    if re.fullmatch(r"macos\d+", name):
        return TAG_GROUPS[0]
    if name.startswith(PRODUCT_TAG_PREFIX):
        return TAG_GROUPS[4]
    if name in SCENARIO_KINDS:
        return TAG_GROUPS[3]
    return TAG_GROUPS[2] if description.lower().startswith("known issue") else TAG_GROUPS[1]


def registered_tags() -> dict[str, str]:
    """``{name: description}`` of every registered tag (a copy of :data:`TAGS`)."""
    return dict(TAGS)
