"""The actions a documented step is read as (``psso_sim.docs.actions`` reads them; ``psso_sim.docs.session`` does them).

Each carries the clause it was read from, so a report can quote the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from psso_sim.docs.model import ProcedureStep

__all__ = [
    "REGISTRATION_FLOW",
    "WAIT_LIMIT",
    "Action",
    "EnterCredentials",
    "EnterLocalPassword",
    "EnterPassword",
    "Expect",
    "ExpectGone",
    "Navigate",
    "NotUnderstood",
    "Note",
    "OpenApp",
    "RunCommands",
    "Select",
    "StepPlan",
    "Wait",
]

WAIT_LIMIT = timedelta(minutes=10)  # the longest a "wait" waits, in simulated time


@dataclass(frozen=True, kw_only=True)
class Action:
    source: str  # the clause as written, **bold** kept
    optional: bool = False  # "If prompted, ...": done only when its label is on screen

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

    def describe(self) -> str:
        return f"enter the Microsoft Entra ID credentials and select '{self.button}'"


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

    def describe(self) -> str:
        if self.until == "duration":
            return f"wait {self.duration}"
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

    def describe(self) -> str:
        where = f" in '{self.within}'" if self.within else ""
        if self.surface:
            return f"expect a '{self.text}' window on screen"
        return f"expect {'words of ' if self.loose else ''}'{self.text}' on screen{where}"


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
