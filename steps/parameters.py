"""The typed parameters of every step, defined once.

A QA engineer writes: UI labels in quotes exactly as on screen ("Download profile"),
durations in natural units (10 minutes, 4 hours, 1 day), macOS versions as a number
(13 or 14), and actors as "the user" or "the admin".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pytest_bdd import parsers

__all__ = ["PARAMETER_TYPES", "ParameterType", "parse_duration", "step_parser"]

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


PARAMETER_TYPES = {
    t.name: t
    for t in (
        ParameterType("Label", r'[^"]+', str, "a UI label or text, in quotes, exactly as on screen", "Register"),
        ParameterType("Text", r'[^"]*', str, "free text in quotes", "Contoso Labs"),
        ParameterType("Duration", r"\d+ (?:second|minute|hour|day)s?", parse_duration,
                      "a simulated duration: N seconds, minutes, hours or days", "10 minutes"),
        ParameterType("MacOS", r"1[34]", int, "a macOS major version: 13 (Ventura) or 14 (Sonoma)", "14"),
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
