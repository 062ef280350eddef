"""Conditions a documented sentence puts on its actions: "For macOS 14 Sonoma users, ...", "If your local
password differs to your Microsoft Entra ID password, ...", "If so, ...".

The grammar (``psso_sim.docs.actions``) reads a condition from a sentence's opening words (or from a
"Check if ..." sentence that an "If so, ..." follows); each action of that sentence, and of the
sentences after it in the same paragraph, carries it (``Action.when``). The session decides it on the
simulated product when the action comes (``psso_sim.docs.state_checks``): an action whose condition
does not hold is "not needed", never failed.

==========================  ============================================================  ====================
kind                        written                                                       holds when
==========================  ============================================================  ====================
``macos``                   For macOS 14 Sonoma users / If you're on macOS 14 / for       the Mac's macOS is
                            macOS 13 Ventura                                              that one (see below)
``passwords-differ``        If your local password differs to your Microsoft Entra ID    the Mac's local and
                            password                                                      Entra passwords differ
``card-paired``             If your smart card is paired with your local account /       a card in the reader
                            If the certificate isn't already paired ...                  is paired (or not)
``mfa-for-registration``    Check if your administrator has configured MFA for the       Entra asks for MFA to
                            device registration flow. If so, ...                          register this Mac
``not-showing``             Open **Settings** > ... > **Profiles** if it doesn't          no window titled
                            automatically appear                                          Profiles is on screen
==========================  ============================================================  ====================

A macOS version named in a condition stands for itself and the later versions ("For macOS 14 Sonoma
users" also holds on macOS 15: the sentence was written before it), except the product release's
earliest version, which a sentence names to single it out ("This prompt doesn't appear for macOS 13
Ventura"): that one stands for itself only. What the Mac then shows is the product's own (its macOS row),
checked on screen; the version in the sentence only says which Macs the sentence is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from psso_sim.product import MACOS

__all__ = ["CONDITION_OPENERS", "Condition", "ConditionKind", "Scope", "applies_to_version", "read_condition",
           "version_named", "version_note"]

ConditionKind = Literal["macos", "passwords-differ", "card-paired", "mfa-for-registration", "not-showing"]
Scope = Literal["", "only", "and-later"]  # "macOS 13 only", "macOS 14+": said outright, else read as below


@dataclass(frozen=True)
class Condition:
    kind: ConditionKind
    source: str  # as written
    negated: bool = False
    major: int = 0  # "macos": the version named
    scope: Scope = ""  # "macos": "(Select for macOS 13 only)", "(macOS 14+)"
    subject: str = ""  # "not-showing": the window's title

    def describe(self) -> str:
        return f"only if {self.source}"


_NAMES = "|".join(release.name for release in MACOS.values())
_VERSION = rf"mac\s?os (?P<major>\d{{2}})(?:\.x)?(?: (?:{_NAMES}))?|(?P<name>{_NAMES})"


def version_named(text: str) -> int | None:
    """The macOS major version a phrase names ("macOS 14 Sonoma", "Ventura", "macOS 15.x"), if any."""
    m = re.search(_VERSION, text, re.IGNORECASE)
    if not m:
        return None
    if m.group("major"):
        return int(m.group("major"))
    return next(major for major, release in MACOS.items() if release.name.lower() == m.group("name").lower())


def applies_to_version(named: int, macos: int, versions: tuple[int, ...], scope: Scope = "") -> bool:
    """Does a sentence about macOS ``named`` concern a Mac on ``macos`` (``versions``: the release's)?"""
    if scope:
        return macos == named or (scope == "and-later" and macos > named)
    earliest = min(versions) if versions else named
    return macos == named or (macos > named and named != earliest)


_VERSION_NOTE = re.compile(r"\s*\((?:select |applies )?(?:for |to )?mac\s?os (?P<major>\d{2})(?:\.x)?"
                           r"(?P<scope>\+| and later| or later| only)?\)(?=[\s.:]*$)", re.IGNORECASE)


def version_note(sentence: str) -> tuple[str, Condition | None]:
    """A sentence without its closing "(Select for macOS 13 only)" / "(macOS 14+)", and the condition it states."""
    m = _VERSION_NOTE.search(sentence)
    if not m:
        return sentence, None
    scope: Scope = "only" if (m.group("scope") or "").strip() == "only" else "and-later" if m.group("scope") else ""
    condition = Condition("macos", m.group(0).strip(" ()"), major=int(m.group("major")), scope=scope)
    return sentence[: m.start()] + sentence[m.end():], condition


_WORDINGS: tuple[tuple[str, ConditionKind, bool], ...] = (
    (rf"^(?:you're|you are) (?:on|using|running) (?:{_VERSION})$", "macos", False),
    (rf"^(?:{_VERSION})(?: users)?$", "macos", False),
    (r"^your local (?:account |device )?password (?:differs|is different) (?:to|from) your "
     r"(?:microsoft )?entra(?: id)? password$", "passwords-differ", False),
    (r"^your local (?:account |device )?password is the same as your (?:microsoft )?entra(?: id)? password$",
     "passwords-differ", True),
    (r"^(?:your|the) (?:smart card|certificate|card) is (?:already )?paired with (?:your|the) local account$",
     "card-paired", False),
    (r"^(?:your|the) (?:smart card|certificate|card) (?:isn't|is not) (?:already |yet )?paired with "
     r"(?:your|the) local account$", "card-paired", True),
    (r"^your administrator has (?:configured|enabled|required) (?:mfa|multifactor authentication) for "
     r"(?:the )?device registration(?: flow)?$", "mfa-for-registration", False),
)
_READERS = tuple((re.compile(pattern, re.IGNORECASE), kind, negated) for pattern, kind, negated in _WORDINGS)


def read_condition(text: str) -> Condition | None:
    """The condition a phrase states ("you're on macOS 14", "your smart card is paired with ..."), or None."""
    phrase = text.strip().rstrip(",")
    for pattern, kind, negated in _READERS:
        if pattern.match(phrase):
            major = version_named(phrase) if kind == "macos" else None
            return Condition(kind, phrase, negated=negated, major=major or 0)
    return None


CONDITION_OPENERS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^(?:if|when) (?P<condition>[^,*]{3,120}),\s+", re.IGNORECASE),
    re.compile(rf"^(?:for|on) (?P<condition>(?:{_VERSION})(?: users)?),\s+", re.IGNORECASE),
)
"""Sentence openers that state a condition; the words they hold go through :func:`read_condition`."""
