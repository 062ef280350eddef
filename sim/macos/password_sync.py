"""Password synchronisation: Platform SSO makes the Mac's local password the Entra password.

The Mac applies the Entra password as it applies any new local password: only if the local
password policy that MDM installed allows it. A policy stricter than Entra's makes sync fail
(known issue "Passcode policy complexity mismatches"); so does a Platform SSO login that Entra
refuses because it wants MFA the login cannot give (known issue "Per user MFA causes password
sync failure"). Either failure is shown where macOS shows it: a Platform Single Sign-On
notification, with the local password left as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["SYNC_FAILED_TITLE", "report_sync_failure", "sync_local_password"]

SYNC_FAILED_TITLE = "Unable to Sync Password"
_APP = "Platform Single Sign-On"


def sync_local_password(mac: Mac, new_password: str) -> list[str]:
    """Set the local password to ``new_password``; the policy's violations when it may not.

    Nothing changes (and nothing is reported) when the passwords already match.
    """
    if mac.account.verify(new_password):
        return []
    policy = mac.password_policy
    violations = policy.violations(new_password) if policy is not None else []
    if violations:
        report_sync_failure(
            mac,
            "Your Microsoft Entra ID password doesn't meet this Mac's password requirements: "
            + "; ".join(violations) + ".",
        )
        return violations
    mac.account.password = new_password
    mac.runtime.trace.record(mac.name, "local password synchronized with Microsoft Entra ID")
    return []


def report_sync_failure(mac: Mac, reason: str) -> None:
    """The notification macOS shows when password sync fails (one at a time)."""
    mac.notifications.dismiss_all(SYNC_FAILED_TITLE)
    mac.notifications.post(_APP, SYNC_FAILED_TITLE, f"{reason} Your Mac password was not changed.")
    mac.runtime.trace.record(mac.name, f"password sync failed: {reason}")
