"""The actions a documented step is read as (``psso_sim.docs.actions`` reads them; ``psso_sim.docs.session`` does them).

Each carries the clause it was read from, so a report can quote the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from psso_sim.docs.conditions import Condition
from psso_sim.docs.model import ProcedureStep

__all__ = [
    "REGISTRATION_FLOW",
    "WAIT_LIMIT",
    "Action",
    "ApproveMFA",
    "ChooseFirst",
    "EnterCredentials",
    "EnterLocalPassword",
    "EnterPassword",
    "EnterPin",
    "EnterValue",
    "Expect",
    "ExpectAbsent",
    "ExpectGone",
    "ExpectState",
    "FillAccount",
    "FinishPolicy",
    "GoToWindow",
    "Navigate",
    "NotUnderstood",
    "Note",
    "OpenApp",
    "RunCommands",
    "Select",
    "SelectPolicy",
    "StateKind",
    "StepPlan",
    "SwitchOn",
    "Unlock",
    "Wait",
]

WAIT_LIMIT = timedelta(minutes=10)  # the longest a "wait" waits, in simulated time


@dataclass(frozen=True, kw_only=True)
class Action:
    source: str  # the clause as written, **bold** kept
    optional: bool = False  # "If prompted, ...": done only when its label is on screen
    when: Condition | None = None  # "For macOS 14 users, ...": done only when the condition holds

    @property
    def kind(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "-", type(self).__name__).lower()

    def describe(self) -> str:
        return self.kind


@dataclass(frozen=True, kw_only=True)
class OpenApp(Action):
    app: str

    def describe(self) -> str:
        return f"open the '{self.app}' app"


@dataclass(frozen=True, kw_only=True)
class Select(Action):
    label: str
    within: str | None = None
    implied: bool = False  # not written as "select": read from "a notification ... to register"
    path: tuple[str, ...] = ()  # the navigation ("A > B > C") this select is label ``at`` of, if any
    at: int = 0

    def describe(self) -> str:
        where = f" in '{self.within}'" if self.within else ""
        return f"select '{self.label}'{where}" + (" (implied)" if self.implied else "")


@dataclass(frozen=True, kw_only=True)
class Navigate(Action):
    path: tuple[str, ...]

    def describe(self) -> str:
        return "navigate " + " > ".join(f"'{p}'" for p in self.path)


@dataclass(frozen=True, kw_only=True)
class EnterCredentials(Action):
    button: str = "Next"
    approve: bool = True  # approve an MFA request right away (False: a later step of the document says to)

    def describe(self) -> str:
        return f"enter the Microsoft Entra ID credentials and select '{self.button}'"


@dataclass(frozen=True, kw_only=True)
class ApproveMFA(Action):
    """ "Open your Authenticator app ... and complete the MFA flow": approve the waiting sign-in request."""

    def describe(self) -> str:
        return "approve the sign-in request in Microsoft Authenticator"


@dataclass(frozen=True, kw_only=True)
class Unlock(Action):
    """ "Once your account is unlocked with Touch ID or password": answer macOS's prompt to unlock the account."""

    def describe(self) -> str:
        return "unlock the local account (Touch ID or the local password)"


@dataclass(frozen=True, kw_only=True)
class EnterPin(Action):
    button: str | None = None  # the button selected after it; the prompt's own title means its default button

    def describe(self) -> str:
        return "enter the smart card's PIN" + (f" and select '{self.button}'" if self.button else "")


@dataclass(frozen=True, kw_only=True)
class EnterValue(Action):
    """ "**Platform**: Select **macOS**", "name the policy **X**": a value typed or chosen in a named field."""

    field: str
    value: str
    choices: tuple[str, ...] = ()  # "**Password**, **UserSecureEnclaveKey**, or **SmartCard**": any one of them

    def describe(self) -> str:
        if self.choices:
            return f"enter one of {', '.join(repr(c) for c in self.choices)} as '{self.field}'"
        return f"enter '{self.value}' as '{self.field}'"


@dataclass(frozen=True, kw_only=True)
class SelectPolicy(Action):
    """ "select your existing Platform SSO settings catalog policy": the row of an Intune policy that the
    admin deployed before the procedure (the starting point's), whatever its name."""

    kind_of: str  # as written: "Platform SSO settings catalog"

    def describe(self) -> str:
        return f"select the existing {self.kind_of} policy"


@dataclass(frozen=True, kw_only=True)
class FinishPolicy(Action):
    """ "complete the policy": the wizard's last button, Create for a new policy or Save for an edit."""

    def describe(self) -> str:
        return "finish the policy (Create, or Save when editing)"


@dataclass(frozen=True, kw_only=True)
class ChooseFirst(Action):
    """ "follow the steps to select your country or region, and configure network settings": on each pane
    (named by words of its title), the first option offered, then Continue; a Get Started before them."""

    panes: tuple[str, ...]

    def describe(self) -> str:
        return "choose the first option on the " + ", then the ".join(f"'{p}'" for p in self.panes) + " pane"


@dataclass(frozen=True, kw_only=True)
class FillAccount(Action):
    """ "fill in your full name, account name, and create a local account password": Create a Mac Account's
    fields, with the user's name and a new password."""

    def describe(self) -> str:
        return "fill in the full name, an account name and a new local password"


@dataclass(frozen=True, kw_only=True)
class SwitchOn(Action):
    """ "enable **Company Portal** through the toggle switch": select the switch unless it is on already."""

    label: str

    def describe(self) -> str:
        return f"switch '{self.label}' on"


@dataclass(frozen=True, kw_only=True)
class GoToWindow(Action):
    """ "navigate to your username in the **Users & Groups** window": back to that window (closing the sheets
    on it with Done or Back), where ``item`` must show."""

    window: str
    item: str = ""

    def describe(self) -> str:
        return f"go back to the '{self.window}' window" + (f" and find {self.item}" if self.item else "")


@dataclass(frozen=True, kw_only=True)
class EnterLocalPassword(Action):
    def describe(self) -> str:
        return "enter the local device password"


@dataclass(frozen=True, kw_only=True)
class EnterPassword(Action):
    """ "Enter your password": the Entra sign-in's if one is on screen, else the local one."""

    def describe(self) -> str:
        return "enter the password asked for"


@dataclass(frozen=True, kw_only=True)
class RunCommands(Action):
    commands: tuple[str, ...]

    def describe(self) -> str:
        return "run " + "; ".join(f"`{c}`" for c in self.commands) if self.commands else "run a command (none given)"


@dataclass(frozen=True, kw_only=True)
class Wait(Action):
    until: Literal["prompt", "registration", "duration"]
    duration: timedelta = WAIT_LIMIT
    target: str | None = None  # the next label the procedure selects
    window: str | None = None  # "When a **Single Sign-On** window appears": wait for that window instead

    def describe(self) -> str:
        if self.until == "duration":
            return f"wait {self.duration}"
        if self.window:
            return f"wait for the '{self.window}' window"
        what = "to be prompted" if self.until == "prompt" else "for the device to register"
        return f"wait {what}" + (f" (until '{self.target}' is on screen)" if self.target else "")


REGISTRATION_FLOW = "the device registration flow"
"""An :class:`Expect` ``text`` (with ``surface``) for "you're taken through the registration flow": any of
its windows, which differ by release (the Sign in sheet; on current, macOS's registration prompts first)."""


@dataclass(frozen=True, kw_only=True)
class Expect(Action):
    text: str  # exact text (loose=False) or words to find (loose=True)
    within: str | None = None
    loose: bool = False
    labels: tuple[str, ...] = ()  # bold labels inside a loose phrase: shown exactly
    surface: bool = False  # text names a window (surface) that must be on screen
    title: bool = False  # text names a window's title (or a control): "which opens **Profiles**"
    one_of: bool = False  # labels are alternatives: "which should be **A**, **B**, or **C**"

    def describe(self) -> str:
        where = f" in '{self.within}'" if self.within else ""
        if self.surface:
            return f"expect a '{self.text}' window on screen"
        if self.one_of:
            return "expect one of " + ", ".join(f"'{label}'" for label in self.labels) + f" on screen{where}"
        return f"expect {'words of ' if self.loose else ''}'{self.text}' on screen{where}"


@dataclass(frozen=True, kw_only=True)
class ExpectAbsent(Action):
    """ "This prompt doesn't appear": no window's title holds ``text`` (the prompt the step named before)."""

    text: str

    def describe(self) -> str:
        return f"expect no '{self.text}' prompt on screen"


StateKind = Literal["registered", "sso", "mfa-requested", "local-password-prompt", "unlocked-earlier",
                    "old-password-refused", "method", "home-screen", "policy-listed"]
_STATES: dict[StateKind, str] = {
    "registered": "expect the Mac registered with Platform SSO",
    "sso": "expect Platform SSO signed in (a Primary Refresh Token)",
    "mfa-requested": "expect Entra to ask for MFA (a sign-in request waiting in Microsoft Authenticator)",
    "local-password-prompt": "expect a prompt for the local account password",
    "unlocked-earlier": "expect that a prompt asked for the local account password in an earlier step",
    "old-password-refused": "expect the local password the Mac had before to be refused",
    "method": "expect the Mac to use the {value} authentication method",
    "home-screen": "expect the user signed in at the desktop, Setup Assistant done",
    "policy-listed": "expect the new policy in the admin center's list of profiles{value}",
}


@dataclass(frozen=True, kw_only=True)
class ExpectState(Action):
    """A claim about the product's state rather than a label: "your device should be registered with PSSO"."""

    state: StateKind
    value: str = ""

    def describe(self) -> str:
        return _STATES[self.state].format(value=self.value)


@dataclass(frozen=True, kw_only=True)
class ExpectGone(Action):
    surface: str

    def describe(self) -> str:
        return f"expect no '{self.surface}' window on screen"


@dataclass(frozen=True, kw_only=True)
class Note(Action):
    reason: str

    def describe(self) -> str:
        return f"note: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class NotUnderstood(Action):
    def describe(self) -> str:
        return f"not understood: {self.source!r}"


@dataclass(frozen=True)
class StepPlan:
    step: ProcedureStep
    actions: tuple[Action, ...]
    alternative: bool = False

    @property
    def not_understood(self) -> list[str]:
        return [a.source for a in self.actions if isinstance(a, NotUnderstood)]
