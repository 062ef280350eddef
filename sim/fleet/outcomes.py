"""What each Mac of a fleet ended as, and which known issue stopped it: read from the modelled system.

End states (:data:`END_STATES`), read from the Mac, Entra ID and Intune, never from the population's traits:

- ``registered``: Platform SSO registration is complete, Entra ID has the Mac's device object, and
  Platform SSO signed the user in (the Mac holds a Primary Refresh Token, user state normal): SSO works.
- ``password not synced``: registered, but Platform SSO's login failed afterwards (user state
  ``POUserStateLoginNeeded``): the Mac password is not the Entra password, and SSO waits for a login.
- ``stuck in registration``: Platform SSO is configured on the Mac, but registration did not complete (or
  Entra ID has no device object for it).
- ``stuck in enrollment``: the Mac is not managed by Intune, or never received the Platform SSO settings.

A Mac that did not end registered is matched against :data:`SYMPTOMS`, a table of what each known issue
documents the Mac (or the admin center) shows, to the known issue's title. A Mac whose symptom no known
issue names gets :data:`UNEXPLAINED`, with what it showed in ``detail``: such a Mac is never hidden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.intune.models import ProfileStatus
from psso_sim.macos.keychain import WORKPLACE_JOIN_KEY
from psso_sim.macos.platform_sso import UserState

if TYPE_CHECKING:
    from psso_sim.fleet.population import Population
    from psso_sim.macos.mac import Mac
    from psso_sim.world import World

__all__ = ["END_STATES", "NOTHING_SHOWN", "PASSWORD_NOT_SYNCED", "REGISTERED", "STUCK_IN_ENROLLMENT",
           "STUCK_IN_REGISTRATION", "SYMPTOMS", "UNEXPLAINED", "WORKPLACE_JOIN_KEPT", "FleetResult", "MacOutcome",
           "Observation", "Symptom", "classify", "end_state", "observe"]

REGISTERED = "registered"
PASSWORD_NOT_SYNCED = "password not synced"
STUCK_IN_REGISTRATION = "stuck in registration"
STUCK_IN_ENROLLMENT = "stuck in enrollment"
END_STATES = (REGISTERED, PASSWORD_NOT_SYNCED, STUCK_IN_REGISTRATION, STUCK_IN_ENROLLMENT)
UNEXPLAINED = "unexplained"
NOTHING_SHOWN = "nothing shown"
"""The symptom of a failure the Mac tells no one about (the Mac shows no error message and no notification)."""
WORKPLACE_JOIN_KEPT = "the Workplace Join key is still in the keychain"

# Words an error message would use on any surface (as the known-issue steps check "shows no error").
_ERROR_WORDS = ("error", "fail", "not authorized", "unauthorized", "denied", "couldn't", "can't", "unable",
                "aadsts", "insufficient", "permission", "incorrect", "invalid", "blocked", "timed out")


@dataclass(frozen=True)
class Observation:
    """One thing the modelled system shows about a Mac: a notification, a window, an admin center's status."""

    where: str  # "Notification", a window's surface, "Intune", "Platform SSO", "the user"
    title: str
    text: str

    def says(self, fragment: str) -> bool:
        return fragment.casefold() in f"{self.title}\n{self.text}".casefold()

    def is_error(self) -> bool:
        return any(self.says(word) for word in _ERROR_WORDS)

    def describe(self) -> str:
        return f"{self.where}: {self.title}" + (f": {self.text}" if self.text else "")


@dataclass(frozen=True)
class Symptom:
    """A known issue's documented symptom: where it shows, the title, and a fragment of the text."""

    where: str
    title: str
    text: str
    known_issue: str
    source: str  # the document and section naming the issue
    state: str | None = None  # only for Macs in this end state


_GUIDE = "macOS Platform single sign-on known issues and troubleshooting > Known issues"
_INTUNE = "Configure platform SSO for macOS devices > Common errors"

SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("Notification", "Unable to Sync Password", "AADSTS50076", "Per user MFA causes password sync failure",
            _GUIDE),
    Symptom("Notification", "Unable to Sync Password", "doesn't meet this Mac's password requirements",
            "Passcode policy complexity mismatches", _GUIDE),
    Symptom("Intune", "", "10001: misconfiguration in the SSOe payload", "10001: misconfiguration in the SSOe payload",
            _INTUNE),
    Symptom("Intune", "", "10002: multiple SSOe payloads configured", "10002: multiple SSOe payloads configured",
            _INTUNE),
    # The user went through Register and the sign-in, and nothing says why the Mac is not registered.
    Symptom("Platform SSO", "", NOTHING_SHOWN, "No error message if user has insufficient permissions", _GUIDE,
            state=STUCK_IN_REGISTRATION),
)
"""Observed symptom -> known issue title, first match wins (data: a rule-breaking test may swap a row)."""


@dataclass(frozen=True)
class MacOutcome:
    index: int
    mac: str
    user: str
    macos: int
    authentication_method: str
    end_state: str
    known_issue: str | None  # None: registered; UNEXPLAINED: stuck, and no known issue names the symptom
    detail: str
    arrived: datetime
    settled: datetime


@dataclass(frozen=True)
class FleetResult:
    population: Population
    outcomes: list[MacOutcome] = field(default_factory=list)
    simulated_span: timedelta = timedelta(0)

    def counts(self) -> dict[tuple[str, str | None], int]:
        """Macs per (end state, known issue), in END_STATES order."""
        counted = Counter((o.end_state, o.known_issue) for o in self.outcomes)
        order = {state: n for n, state in enumerate(END_STATES)}
        return dict(sorted(counted.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1] or "")))

    def stuck(self, state: str) -> int:
        """How many Macs ended in ``state`` (an end state; "stuck in registration", ...)."""
        return sum(1 for o in self.outcomes if o.end_state == state)

    def because_of(self, known_issue: str) -> int:
        """How many Macs did not end registered because of ``known_issue`` (or UNEXPLAINED)."""
        return sum(1 for o in self.outcomes if o.known_issue == known_issue)

    @classmethod
    def merge(cls, results: list[FleetResult]) -> FleetResult:
        """One result of shards of the same population, Macs by index; the span of the longest shard."""
        if not results:
            raise ValueError("no fleet results to merge")
        population = results[0].population
        whole = population.slice(0, population.macs) if population.count is not None else population
        outcomes = sorted((o for r in results for o in r.outcomes), key=lambda o: o.index)
        return cls(whole, outcomes, max(r.simulated_span for r in results))


def end_state(world: World, mac: Mac) -> str:
    """The Mac's end state, from the Mac (MDM, Platform SSO), and Entra ID's device objects."""
    psso = mac.platform_sso
    if not mac.mdm.enrolled or psso.payload is None:
        return STUCK_IN_ENROLLMENT
    registration = psso.registration
    if registration is None or registration.device_id not in world.entra.directory.devices:
        return STUCK_IN_REGISTRATION
    if psso.tokens is None or psso.user_state is UserState.LOGIN_NEEDED:
        return PASSWORD_NOT_SYNCED
    return REGISTERED


def observe(world: World, mac: Mac, flow_error: str | None = None, profiles: tuple[str, ...] = ()) -> list[Observation]:
    """What the Mac shows (notifications, windows), Platform SSO's state, and the status Intune's admin
    center gives the Mac for each profile in ``profiles`` (identifiers) that it could not deliver."""
    seen = [Observation("the user", "could not go on", flow_error)] if flow_error else []
    seen += [Observation("Notification", n.title, n.body) for n in mac.notifications.active()]
    seen += [Observation(s.surface, s.title, "\n".join(s.text)) for s in mac.desktop.screens()
             if s.surface != "Notification"]
    shown = NOTHING_SHOWN if not any(o.is_error() for o in seen) else "an error is shown"
    seen.append(Observation("Platform SSO", mac.platform_sso.status.value, shown))
    if mac.mdm.enrolled:
        device = world.intune.device_by_udid(mac.udid)
        for identifier in profiles:
            status, message = world.intune.profile_status.get((device.id, identifier), (None, ""))
            if status is ProfileStatus.ERROR:
                seen.append(Observation("Intune", f"profile status {status.value}", message))
    return seen


def classify(
    world: World, mac: Mac, flow_error: str | None = None, profiles: tuple[str, ...] = ()
) -> tuple[str, str | None, str]:
    """(end state, known issue, detail) of the Mac; ``profiles``: the identifiers of the profiles targeting it."""
    state = end_state(world, mac)
    # A migrated Mac loses the Enterprise SSO plug-in's key; one that kept it says so ("Device migration").
    kept = [WORKPLACE_JOIN_KEPT] if mac.keychain.has(WORKPLACE_JOIN_KEY) else []
    if state == REGISTERED:
        return state, None, "; ".join(kept)
    seen = observe(world, mac, flow_error, profiles)
    for symptom in SYMPTOMS:
        for observation in seen:
            if symptom.state in (None, state) and observation.where == symptom.where and \
                    observation.says(symptom.title) and observation.says(symptom.text):
                return state, symptom.known_issue, "; ".join([observation.describe(), *kept])
    shown = [o for o in seen if o.is_error()] or [o for o in seen if o.where in ("the user", "Platform SSO")]
    return state, UNEXPLAINED, "; ".join([*(o.describe() for o in shown), *kept])
