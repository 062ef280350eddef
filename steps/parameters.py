"""The typed parameters of every step, defined once.

A QA engineer writes: UI labels in quotes exactly as on screen ("Download profile"),
durations in natural units (10 minutes, 4 hours, 1 day), macOS versions as a number, a name or both
(14, Sonoma, 14 Sonoma or Sonoma 14, in any case; one per row of psso_sim.product.MACOS), and actors as
"the user" or "the admin". A point release in quotes ("15.1") may carry the name too ("Sequoia 15.1"), or
be the name alone ("Sequoia": the build the row's new Macs run).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pytest_bdd import parsers

from psso_sim.errors import SimError
from psso_sim.product import MACOS

__all__ = [
    "MACOS_NAMES",
    "MACOS_SPELLINGS",
    "PARAMETER_TYPES",
    "MacOSVersionError",
    "ParameterType",
    "macos_build",
    "macos_major",
    "parse_duration",
    "step_parser",
]

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

MACOS_SPELLINGS = {
    **MACOS_NAMES,
    **{f"{major} {r.name}": major for major, r in MACOS.items()},
    **{f"{r.name} {major}": major for major, r in MACOS.items()},
}
"""Every way a feature may write a macOS version: 14, Sonoma, 14 Sonoma, Sonoma 14 (matched ignoring case)."""

_BY_SPELLING = {spelling.casefold(): major for spelling, major in MACOS_SPELLINGS.items()}


def macos_major(text: str) -> int:
    """The major version ``text`` names (any of MACOS_SPELLINGS, any case); ValueError if none."""
    major = _BY_SPELLING.get(" ".join(text.split()).casefold())
    if major is None:
        raise ValueError(f"'{text}' is not a macOS version: write one of {', '.join(MACOS_SPELLINGS)}")
    return major


class MacOSVersionError(SimError):
    subsystem = "steps"


def macos_build(text: str) -> str:
    """The point release a quoted macOS version names: "15.1", "Sequoia 15.1", "15.1 Sequoia", "macOS 15.1",
    or a name alone ("Sequoia": the build a new Mac of that row runs). A name must agree with the number."""
    words = text.replace("macOS", " ").split()
    numbers = [w for w in words if w[:1].isdigit()]
    names = [w for w in words if not w[:1].isdigit()]
    hint = 'write the version as Apple does, e.g. "15.1", "Sequoia 15.1" or "Sequoia"'
    if len(numbers) > 1 or len(names) > 1 or not words:
        raise MacOSVersionError(f"'{text}' is not one macOS version", hint=hint)
    named = _BY_SPELLING.get(names[0].casefold()) if names else None
    if names and named is None:
        raise MacOSVersionError(f"'{names[0]}' is not a macOS name; the names are "
                                f"{', '.join(r.name for r in MACOS.values())}", hint=hint)
    if not numbers:
        assert named is not None
        return MACOS[named].os_version
    build = numbers[0]
    if named is not None and build.split(".")[0] != str(named):
        raise MacOSVersionError(f"'{text}': {build} is not macOS {MACOS[named].name} ({named}.x)", hint=hint)
    return build

PARAMETER_TYPES = {
    t.name: t
    for t in (
        ParameterType("Label", r'[^"]+', str, "a UI label or text, in quotes, exactly as on screen", "Register"),
        ParameterType("Text", r'[^"]*', str, "free text in quotes", "Contoso Labs"),
        ParameterType("Duration", r"\d+ (?:second|minute|hour|day)s?", parse_duration,
                      "a simulated duration: N seconds, minutes, hours or days", "10 minutes"),
        ParameterType("MacOS", "|".join(sorted(MACOS_SPELLINGS, key=len, reverse=True)).replace(" ", r"\s+"),
                      macos_major,
                      "a macOS major version, its name or both (any case): "
                      + ", ".join(f"{r.major} ({r.name})" for r in MACOS.values()), "14"),
        ParameterType("Number", r"\d+", int, "a whole number", "3"),
        ParameterType("Step", r".+", str, "a step line as a scenario writes it, keyword first (Given, When or "
                      "Then), in quotes; it may hold quotes of its own", "Then Platform SSO registration is complete"),
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
