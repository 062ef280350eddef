"""The typed parameters of every step, defined once.

A QA engineer writes: UI labels in quotes exactly as on screen ("Download profile"),
durations in natural units (10 minutes, 4 hours, 1 day), macOS versions as a number or a name
(14 or Sonoma; one per row of psso_sim.product.MACOS), and actors as "the user" or "the admin".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pytest_bdd import parsers

from psso_sim.product import MACOS

__all__ = ["MACOS_NAMES", "PARAMETER_TYPES", "ParameterType", "parse_duration", "step_parser"]

_UNITS = {"second": "seconds", "minute": "minutes", "hour": "hours", "day": "days"}


def parse_duration(text: str) -> timedelta:
    amount, unit = text.split()
    return timedelta(**{_UNITS[unit.rstrip("s")]: int(amount)})


@dataclass(frozen=True)
class ParameterType:
    name: str
    pattern: str
    converter: Callable[[str], Any]
    description: str
    example: str


MACOS_NAMES = {**{str(major): major for major in MACOS}, **{r.name: major for major, r in MACOS.items()}}
"""A macOS version as a feature may write it: its major version or its name (one row of MACOS each)."""

PARAMETER_TYPES = {
    t.name: t
    for t in (
        ParameterType("Label", r'[^"]+', str, "a UI label or text, in quotes, exactly as on screen", "Register"),
        ParameterType("Text", r'[^"]*', str, "free text in quotes", "Contoso Labs"),
        ParameterType("Duration", r"\d+ (?:second|minute|hour|day)s?", parse_duration,
                      "a simulated duration: N seconds, minutes, hours or days", "10 minutes"),
        ParameterType("MacOS", "|".join(MACOS_NAMES), MACOS_NAMES.__getitem__,
                      "a macOS major version or its name: "
                      + ", ".join(f"{r.major} ({r.name})" for r in MACOS.values()), "14"),
        ParameterType("Number", r"\d+", int, "a whole number", "3"),
        ParameterType("Code", r"[^`]+", str,
                      "a command line or a tool's output, in backquotes, exactly as typed or shown "
                      "(it may hold double quotes)", "app-sso platform -s"),
    )
}


def _typed(parameter: ParameterType) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        return parameter.converter(text)

    convert.pattern = parameter.pattern  # type: ignore[attr-defined]  # read by parse
    return convert


_EXTRA_TYPES = {name: _typed(p) for name, p in PARAMETER_TYPES.items()}


def step_parser(pattern: str) -> parsers.cfparse:
    # Fail at import, not mid-run, when a pattern names a type that does not exist.
    for name in re.findall(r"\{\w+:(\w+)\}", pattern):
        if name not in PARAMETER_TYPES:
            raise ValueError(f"step pattern {pattern!r} uses unknown parameter type {name!r}")
    return parsers.cfparse(pattern, extra_types=_EXTRA_TYPES)
