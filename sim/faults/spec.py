"""A fault: where it strikes (a host and path pattern, or APNs, or MDM commands), what it does, for how long.

The textual form, one fault per spec (``psso-sim run --fault SPEC``, ``Given the fault "SPEC" is injected``)::

    SPEC    := TARGET EFFECT SCOPE*
    TARGET  := apns | mdm | HOST[/PATH]      HOST and PATH are globs: "*" is any run of characters except
                                             "/" (in PATH) or "." (in HOST); no PATH means every path
    EFFECT  := STATUS [retry-after=SECONDS]  an HTTP status 400-599 (Retry-After only with 429 or 503)
             | timeout                       the request raises httpx.TimeoutException
             | latency DURATION              the simulated clock moves on by DURATION before the answer
             | drop                          (apns) the push is lost
             | slow DURATION                 (mdm) the push that delivers a command comes DURATION late
    SCOPE   := for DURATION                  a window of simulated time from injection
             | xCOUNT                        the first COUNT matching requests (or pushes)
             | PERCENT%                      each match strikes with that chance, drawn from the seed
             | grant_type=NAME               only token requests whose form's grant_type is NAME (or ends
                                             with ":NAME": jwt-bearer, refresh_token, srv_challenge)
    DURATION:= NUMBER(ms|s|m|h|d)            e.g. 500ms, 30s, 10m, 1h

For example ``enterpriseregistration.windows.net 503 for 10m``,
``login.microsoftonline.com/*/oauth2/v2.0/token 429 retry-after=30 x3``, ``apns drop x1``,
``*.manage.microsoft.com latency 5s for 1h``,
``login.microsoftonline.com/*/oauth2/v2.0/token latency 6m grant_type=jwt-bearer x1`` (a login, not its nonce).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from psso_sim.errors import SimError

__all__ = ["APNS", "MDM", "Fault", "FaultSpecError", "parse_duration", "parse_fault"]

APNS = "apns"  # the pseudo-target for pushes
MDM = "mdm"  # the pseudo-target for MDM command delivery
EFFECTS = ("status", "timeout", "latency", "drop", "slow")
_UNITS = {"ms": timedelta(milliseconds=1), "s": timedelta(seconds=1), "m": timedelta(minutes=1),
          "h": timedelta(hours=1), "d": timedelta(days=1)}
_DURATION = re.compile(r"(\d+)(ms|s|m|h|d)")
_EXPECTED_EFFECT = "a status (e.g. 503), 'timeout', 'latency DURATION', 'drop' (apns) or 'slow DURATION' (mdm)"


class FaultSpecError(SimError):
    """A fault spec that does not parse (a usage error)."""

    subsystem = "faults"
    exit_status = 2


@dataclass(frozen=True)
class Fault:
    """One fault. ``host``/``path`` are regular expressions matched in full; ``target`` is ``"http"``,
    ``"apns"`` or ``"mdm"``. With no window and no count the fault lasts until it is cleared."""

    target: str
    effect: str
    host: str = ".*"
    path: str = ".*"
    status: int | None = None
    retry_after: int | None = None
    duration: timedelta | None = None  # latency, or the delay of a slow MDM command
    window: timedelta | None = None
    count: int | None = None
    chance: float = 1.0
    grant_type: str | None = None  # only token requests with this grant_type (see :meth:`takes_grant`)
    text: str = ""  # the spec it came from, for the trace

    def __post_init__(self) -> None:
        if self.effect not in EFFECTS:
            raise FaultSpecError(f"unknown effect {self.effect!r}", hint=f"one of {', '.join(EFFECTS)}")
        if self.effect == "status" and (self.status is None or not 400 <= self.status <= 599):
            raise FaultSpecError(f"status {self.status} is not an HTTP error", hint="a status from 400 to 599")
        if self.retry_after is not None and self.status not in (429, 503):
            raise FaultSpecError("retry-after goes with a 429 or 503 status", hint="e.g. '429 retry-after=30'")
        if self.effect in ("latency", "slow") and not self.duration:
            raise FaultSpecError(f"{self.effect} needs a duration", hint=f"e.g. '{self.effect} 5s'")
        if self.count is not None and self.count < 1:
            raise FaultSpecError(f"count x{self.count} strikes no request", hint="x1 or more")
        if not 0.0 < self.chance <= 1.0:
            raise FaultSpecError(f"chance {self.chance:.0%} is out of range", hint="from 1% to 100%")
        if self.grant_type is not None and self.target != "http":
            raise FaultSpecError(f"grant_type= picks token requests: {self.target} has none",
                                 hint="use grant_type= with a HOST/PATH target")
        expected = {APNS: ("drop",), MDM: ("slow",)}.get(self.target, ("status", "timeout", "latency"))
        if self.effect not in expected:
            raise FaultSpecError(f"{self.effect!r} does not apply to {self.target}",
                                 hint=f"use {' or '.join(expected)}")

    def describe(self) -> str:
        return self.text or f"{self.target} {self.effect}"

    def takes_grant(self, grant_type: str | None) -> bool:
        """Whether a request whose form has this grant_type (None: no form, or none in it) is struck: a short
        name stands for a URN ending in it, as ``jwt-bearer`` for Platform SSO's login."""
        if self.grant_type is None:
            return True
        return grant_type is not None and (grant_type == self.grant_type or
                                           grant_type.endswith(f":{self.grant_type}"))


def parse_duration(text: str) -> timedelta | None:
    match = _DURATION.fullmatch(text)
    return int(match[1]) * _UNITS[match[2]] if match else None


def _glob(pattern: str, separator: str) -> str:
    return "".join(f"[^{re.escape(separator)}]*" if part == "*" else re.escape(part)
                   for part in re.split(r"(\*)", pattern))


def parse_fault(text: str, where: str = "fault spec") -> Fault:
    """Parse one spec; a bad one raises :class:`FaultSpecError` naming ``where``, the word and its column."""
    words = [(match.start() + 1, match[0]) for match in re.finditer(r"\S+", text)]
    position = 0

    def fail(column: int, problem: str, expected: str) -> FaultSpecError:
        return FaultSpecError(f"{where} {text!r}, column {column}: {problem}", hint=f"expected {expected}")

    def take(expected: str) -> tuple[int, str]:
        nonlocal position
        if position >= len(words):
            raise fail(len(text) + 1, "the spec ends early", expected)
        position += 1
        return words[position - 1]

    def duration(expected: str) -> timedelta:
        column, word = take(expected)
        value = parse_duration(word)
        if not value:
            raise fail(column, f"{word!r} is not a duration", "a duration like 500ms, 30s, 10m, 1h")
        return value

    _, target_word = take("a target: apns, mdm or HOST[/PATH]")
    fields: dict[str, object] = {"text": text.strip()}
    if target_word.lower() in (APNS, MDM):
        fields["target"] = target_word.lower()
    else:
        host, _, path = target_word.partition("/")
        fields.update(target="http", host=_glob(host.lower(), "."), path=_glob("/" + path, "/") if path else ".*")
    column, word = take(_EXPECTED_EFFECT)
    if word.isdigit():
        fields.update(effect="status", status=int(word))
        if position < len(words) and words[position][1].startswith("retry-after="):
            column, option = take("retry-after=SECONDS")
            seconds = option.removeprefix("retry-after=")
            if not seconds.isdigit():
                raise fail(column, f"{option!r} has no whole number of seconds", "retry-after=SECONDS, e.g. 30")
            fields["retry_after"] = int(seconds)
    elif word in ("timeout", "drop"):
        fields["effect"] = word
    elif word in ("latency", "slow"):
        fields.update(effect=word, duration=duration(f"a duration after {word!r}"))
    else:
        raise fail(column, f"{word!r} is not an effect", _EXPECTED_EFFECT)
    while position < len(words):
        column, word = take("a scope")
        if word == "for":
            fields["window"] = duration("a duration after 'for'")
        elif re.fullmatch(r"x\d+", word):
            fields["count"] = int(word[1:])
        elif re.fullmatch(r"\d+%", word):
            fields["chance"] = int(word[:-1]) / 100
        elif word.startswith("grant_type="):
            if not (name := word.removeprefix("grant_type=")):
                raise fail(column, "grant_type= names no grant type", "e.g. grant_type=jwt-bearer")
            fields["grant_type"] = name
        else:
            raise fail(column, f"{word!r} is not a scope",
                       "'for DURATION', 'xCOUNT', 'PERCENT%' or 'grant_type=NAME'")
    try:
        return Fault(**fields)  # type: ignore[arg-type]
    except FaultSpecError as error:
        raise FaultSpecError(f"{where} {text!r}: {error.message}", hint=error.hint) from None
