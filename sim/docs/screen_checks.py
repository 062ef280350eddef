"""Reading the screen the way the verifier's expectations do: a label, a window's title, loose words.

"Expect (loose)" finds a phrase's words on screen: short function words and UI words ("window",
"message", "prompt") are left out, and a word matches a shown word sharing its first six letters. An
exact expectation matches a control label, a window's title (or part of one split at " | ", ": ", " - "),
a window's name (its surface), or the words whole in the title or the text.
"""

from __future__ import annotations

import re

from psso_sim.docs.action_types import Expect
from psso_sim.ui.desktop import Desktop, UIError
from psso_sim.ui.screen import Screen

__all__ = ["CONFIRMATION", "CONFIRMED", "STOP_WORDS", "missing", "seen", "shows", "tokens", "window_named"]

STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the to your you of in on for with and or by is are was this that which be been has have had upon from "
        "as it its can will all any steps step message confirmation successful successfully window screen app "
        "application popup appears appear displayed action item now then there here when while please new next "
        "following some using use used via after before into out up so not no prompt prompted",
    )
)
CONFIRMATION = re.compile(r"\b(?:confirm\w*|success\w*)\b", re.IGNORECASE)  # the text promises one
CONFIRMED = re.compile(r"\b(?:complete[ds]?|success\w*|all set)\b", re.IGNORECASE)  # the screen gives one


def shows(screen: Screen, text: str, *, title_only: bool = False) -> bool:
    """A control labelled ``text`` or a window titled (or named) so (a title's parts split at " | ", ": ",
    " - " count), or, unless a title is meant, the words whole (word-bounded) in the title or the text."""
    wanted = text.casefold()
    parts = [screen.title, *re.split(r"\s+[|\-]\s+|:\s+", screen.title)]
    if any(label.casefold() == wanted for label in [*screen.labels(), *parts]):
        return True
    if title_only and screen.surface.casefold() == wanted:
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
    return not title_only and any(pattern.search(place) for place in [screen.title, *screen.text])


def window_named(desktop: Desktop, name: str) -> bool:
    """A window whose name (surface) or title is ``name``."""
    return any(name.casefold() in (s.surface.casefold(), s.title.casefold()) for s in desktop.screens())


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def seen(word: str, shown: set[str]) -> bool:
    if word in shown:
        return True
    stem = word[: max(4, min(len(word), 6))]
    return len(word) >= 4 and any(w.startswith(stem) for w in shown)


def missing(desktop: Desktop, expect: Expect) -> str | None:
    """Why the screen does not show what a (non-surface) ``expect`` says, or None when it does."""
    where = f" in '{expect.within}'" if expect.within else ""
    try:
        screens = desktop.screens(expect.within) if expect.within else desktop.screens()
    except UIError:
        screens = []
    if expect.within and not screens:
        return f"no '{expect.within}' window on screen"
    if expect.one_of:
        if any(shows(s, label) for s in screens for label in expect.labels):
            return None
        return f"none of {', '.join(repr(label) for label in expect.labels)} is on screen{where}"
    labels = [expect.text] if not expect.loose else list(expect.labels)
    for text in labels:
        if not any(shows(s, text, title_only=expect.title) for s in screens):
            return f"no window titled '{text}' on screen{where}" if expect.title else \
                f"'{text}' is not on screen{where}"
    if expect.loose:
        shown = {w for s in screens for w in tokens(" ".join([s.title, *s.text, *s.labels()]))}
        absent = [w for w in tokens(expect.text) if w not in STOP_WORDS and not seen(w, shown)]
        if absent:
            return f"the screen{where} does not show '{expect.text}' (no {', '.join(repr(w) for w in absent)})"
        said = " ".join(line for s in screens for line in (s.title, *s.text))
        if CONFIRMATION.search(expect.text) and not CONFIRMED.search(said):
            return f"the screen{where} shows no confirmation ('{expect.text}'): nothing says it is complete"
    return None
