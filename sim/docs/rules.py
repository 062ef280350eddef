"""What a grammar rule is, and the pieces the rules of ``psso_sim.docs.actions`` share.

A :class:`Rule` is a name, a pattern matched against a whole clause (case-insensitive) and a builder
that turns the match into actions; its example is a clause it reads (tests check each rule reads its
own example first). The builder may note in the :class:`Context` what later clauses need: the app in
play, the window selects act on, the last prompt the step named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from psso_sim.docs.action_types import Action, Note
from psso_sim.docs.conditions import Condition

__all__ = ["GENERIC_WINDOW", "LABELS", "SURFACES", "WINDOW", "YOU_ARE", "Build", "Context", "Rule", "labels_in",
           "note", "rule", "surface_of"]

# Where a clause says "in the X window", the window (Desktop surface) it means.
SURFACES = {
    "company portal": "Company Portal",
    "settings": "System Settings",
    "system settings": "System Settings",
    "notification": "Notification",
    "sign in": "Sign in",
    "sign-in": "Sign in",
    "terminal": "Terminal",
}

LABELS = (r"(?P<labels>\*\*[^*]+?\*\*(?:\s*(?:,\s*(?:and\s+|or\s+)?|>|\bthen\b|\band\b|\bor\b)\s*(?:then\s+)?"
          r"\*\*[^*]+?\*\*)*)")
WINDOW = r"(?:popup|window|dialog|sheet|notification|banner|screen|app|pane|page)"
GENERIC_WINDOW = re.compile(
    rf"^(?:the |a )?(?:new |next |same |following )?{WINDOW}(?: that (?:appears|opens))?$", re.IGNORECASE
)
YOU_ARE = r"(?:you're|you are|you'll be|you will be)"


@dataclass
class Context:
    """What earlier clauses set: the app in play and the surface selects act on (this sentence), the
    commands of the step's code blocks, the prompt the step last named and the condition a "Check if"
    sentence stated (this step)."""

    app: str | None = None
    within: str | None = None
    code: tuple[str, ...] = ()
    prompt: str | None = None  # "you see a prompt to X": X, for "This prompt doesn't appear"
    checked: Condition | None = None  # "Check if X.": X, for "If so, ..."
    listing: bool = False  # "select the following settings:": the bare labels after it are selected


Build = Callable[[re.Match[str], str, Context], list[Action]]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Build
    example: str


def rule(name: str, pattern: str, build: Build, example: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build, example)


def labels_in(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"\*\*([^*]+?)\*\*", text)]


def surface_of(where: str | None) -> str | None:
    """The window a phrase such as "the Company Portal popup" or "the top right" means, if known."""
    if not where:
        return None
    name = re.sub(rf"\s+{WINDOW}(?:\s+that appears)?$", "", where.strip(), flags=re.I)
    name = re.sub(r"^(?:the\s+)?(?:mac's\s+|your mac's\s+)?", "", name.replace("**", ""), flags=re.I)
    if re.search(r"top right", where, re.I) or re.fullmatch(r"(?:popup|notification|banner)", name, re.I):
        return "Notification"
    return SURFACES.get(name.lower())


def note(reason: str) -> Build:
    """A rule for words that need no check: they are reported with ``reason``."""

    def build(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
        return [Note(source=src, reason=reason)]

    return build
