"""What a step or a procedure is *for*, and whether the product got there: "To repair your registration,
select **Repair**", "Select **Deregister** to remove the device", a procedure titled "Repair PSSO
registration".

A goal is read from the words, then looked up in ``PURPOSES`` (first match wins): a phrase pattern and a
check on the session's World. A goal no row reads is only a note. A step's purpose is checked after its
actions; one not reached then is checked again when the procedure ends (the following steps may finish
what it started: "select **Register** to register your device", then the credentials), and only then
fails. A procedure's purpose is checked after its last step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psso_sim.docs.state_checks import BUSY

if TYPE_CHECKING:
    from psso_sim.docs.session import Session

__all__ = ["PURPOSES", "Baseline", "Purpose", "baseline", "goals_in", "procedure_goal", "purpose_for"]


@dataclass(frozen=True)
class Baseline:
    """What the product was before the step (or procedure) a purpose belongs to."""

    device_id: str | None  # the Mac's Entra device registration, if any
    incidents: int = 0  # diagnostic reports the service has received


def baseline(session: Session) -> Baseline:
    registration = session.mac.platform_sso.registration
    return Baseline(registration.device_id if registration else None, len(session.world.diagnostics.incidents))


Check = Callable[["Session", Baseline], "str | None"]  # None when reached, else what the product shows


def _registered(session: Session, before: Baseline) -> str | None:
    return None if session.mac.platform_sso.registration else \
        f"the Mac is not registered with Platform SSO ({session.mac.platform_sso.status.value})"


def _removed(session: Session, before: Baseline) -> str | None:
    registration = session.mac.platform_sso.registration
    return None if registration is None else f"the Mac is still registered (device {registration.device_id})"


def _repaired(session: Session, before: Baseline) -> str | None:
    psso = session.mac.platform_sso
    registration = psso.registration
    if psso.sheet is not None or psso.status in BUSY:
        return None  # "You're taken through the same device registration flow": the repair is under way
    if registration is None:
        return f"the Mac is not registered with Platform SSO ({session.mac.platform_sso.status.value})"
    if before.device_id == registration.device_id:
        return f"the Mac keeps the registration it had (device {registration.device_id}): nothing replaced it"
    return None


def _enrolled(session: Session, before: Baseline) -> str | None:
    return None if session.mac.mdm.enrolled else "the Mac is not enrolled in Intune"


def _status_shown(session: Session, before: Baseline) -> str | None:
    # the status is read where the product shows it: the Platform SSO registration's own words on screen
    shown = session.screen().casefold()
    if any(words in shown for words in ("registration", "platform single sign-on", "platform sso")):
        return None
    return "no screen shows the device's registration status"


def _logs_sent(session: Session, before: Baseline) -> str | None:
    return None if len(session.world.diagnostics.incidents) > before.incidents else \
        "the diagnostics service received no report from this Mac"


def _may_join(session: Session, before: Baseline) -> str | None:
    policy = session.world.entra.directory.device_registration_policy
    who = {"None": "no users", "Selected": "only selected users"}.get(policy.join.value, "all users")
    return None if policy.may_join(session.person.user) else \
        f"Entra ID lets {who} join devices, not this user"


@dataclass(frozen=True)
class Purpose:
    name: str  # what the product reaches, for the report
    pattern: re.Pattern[str]
    check: Check


def _row(name: str, pattern: str, check: Check) -> Purpose:
    return Purpose(name, re.compile(pattern, re.IGNORECASE), check)


PURPOSES: tuple[Purpose, ...] = (
    _row("registration repaired", r"\brepair\b", _repaired),
    _row("registration removed", r"\b(?:de|un)-?regist|\bremove\b.*\b(?:device|registration|mac)\b", _removed),
    _row("logs sent", r"\b(?:send|upload|email) (?:the |your )?(?:diagnostic )?logs\b", _logs_sent),
    _row("user allowed to join", r"\bmust be allow-?listed\b|\b(?:is|are) allowed to join\b", _may_join),
    _row("registration completed", r"\bcheck\b.*\bregistration\b.*\bcomplet", _registered),
    _row("registration status shown", r"\bcheck\b.*\b(?:registration )?status\b", _status_shown),
    _row("device registered", r"(?<![a-z-])regist(?:er|ration)\b.*\b(?:device|mac|psso|platform)\b|"
                              r"^register\b", _registered),
    _row("MDM enrolled", r"\benrol", _enrolled),
)
"""The goals the verifier can check, first match wins (the narrower "repair" before "register")."""


def purpose_for(goal: str) -> Purpose | None:
    return next((row for row in PURPOSES if row.pattern.search(goal)), None)


_TO_OPENER = re.compile(r"(?:^|[.!?]\s+)To ([a-z][^,.;]*),", re.IGNORECASE)
_SELECT_TO = re.compile(r"\*\*[^*]+\*\*\s+to ([a-z][^,.;*]*)")


def goals_in(text: str) -> list[str]:
    """The goals a step's words name: "To <goal>, ..." and "Select **Y** to <goal>"."""
    goals = [m.group(1).strip() for m in _TO_OPENER.finditer(text)]
    return goals + [m.group(1).strip() for m in _SELECT_TO.finditer(text)]


def procedure_goal(title: str | None, intro: list[str]) -> str | None:
    """The result a procedure names in its opening sentence or, failing that, its heading ("Repair PSSO
    registration", "You can also deregister the device"); None when neither names exactly one goal of the
    table ("Repair or remove PSSO registration" names two: which one the steps are for, only they say)."""
    for text in [*reversed(intro), *([title] if title else [])]:
        parts = [p.strip() for p in re.split(r",|\bor\b", text) if p.strip()]
        named = {row.name: part[m.start():].rstrip(".;:") for part in parts
                 if (row := purpose_for(part)) is not None and (m := row.pattern.search(part))}
        if len(named) == 1:
            return next(iter(named.values()))
        if named:
            return None
    return None
