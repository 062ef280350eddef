"""A fleet's population: how many users and Macs, and in what shares each trait occurs.

Written as a small TOML file (:func:`load_population`) or a Gherkin table of ``| trait | value |`` rows
(:meth:`Population.from_rows`). The traits only set up the world (a user with per-user MFA, a passcode
profile assigned to the user, the method of the Platform SSO policy assigned to them...); what each Mac ends
up as is read from the modelled system afterwards (:mod:`psso_sim.fleet.outcomes`).

Shares are exact: for a trait, Mac number i gets the i-th value of a list holding exactly the rounded share
of each value (largest remainders, so the counts add up to ``macs``), shuffled with a stream seeded by
(seed, trait). A Mac's traits thus depend on (seed, i) only, never on how the fleet is cut into shards.
What a trait's shares leave over goes to its default (macOS 14, Password, no passcode profile).
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from psso_sim.clock import DEFAULT_START
from psso_sim.errors import SimError
from psso_sim.intune.passcode import PasscodeSettings
from psso_sim.macos.authentication_methods import METHODS, UnknownMethod, method_named
from psso_sim.product.macos import MACOS
from psso_sim.product.releases import DEFAULT_PRODUCT, PRODUCTS

__all__ = ["PASSCODE_POLICIES", "WORKING_HOURS", "Member", "Population", "PopulationError", "load_population"]

T = TypeVar("T")

PASSCODE_POLICIES: dict[str, PasscodeSettings | None] = {
    "none": None,  # no passcode profile: macOS's own rules, which any Entra password meets
    "standard": PasscodeSettings(min_length=8, min_complex_chars=0),
    # Stricter than the Entra passwords of the tenant (14 characters): the known issue's mismatch.
    "strict": PasscodeSettings(min_length=16, min_complex_chars=2),
}
"""The named local password policies a population may assign, as the admin's Intune passcode settings."""

WORKING_HOURS = (time(9, 0), time(17, 0))
"""Users arrive at their Mac on a weekday between these hours (UTC, the World's clock)."""

_WEEKEND = (5, 6)


class PopulationError(SimError):
    subsystem = "fleet"
    exit_status = 2


@dataclass(frozen=True)
class Member:
    """The traits of Mac number ``index`` and its user."""

    index: int
    macos: int
    authentication_method: str  # the articles' name: Password, Secure Enclave, Smart card
    per_user_mfa: bool
    passcode_policy: str
    may_join: bool
    legacy_workplace_join: bool
    arrival: timedelta  # after the population's start


@dataclass(frozen=True)
class Population:
    name: str = "fleet"
    seed: int = 0
    macs: int = 10
    rollout_days: int = 5
    product: str = DEFAULT_PRODUCT
    macos: Mapping[int, float] = field(default_factory=lambda: {14: 1.0})
    authentication_methods: Mapping[str, float] = field(default_factory=lambda: {"Password": 1.0})
    per_user_mfa: float = 0.0
    passcode_policies: Mapping[str, float] = field(default_factory=lambda: {"none": 1.0})
    join_permission: str | float = "all"  # "all", "none", or the share of users allowed (Selected)
    legacy_workplace_join: float = 0.0
    start: datetime = DEFAULT_START
    first: int = 0  # the Macs this population runs: a shard's window of the whole fleet
    count: int | None = None

    def __post_init__(self) -> None:
        _check(self, lambda key: key)

    # the Macs
    @property
    def indices(self) -> range:
        count = self.macs - self.first if self.count is None else self.count
        return range(self.first, self.first + count)

    def slice(self, index: int, count: int) -> Population:
        """Macs ``index`` to ``index + count - 1`` of the same fleet (their traits unchanged)."""
        if index < 0 or count < 0 or index + count > self.macs:
            raise PopulationError(f"Macs {index} to {index + count - 1} are not in a fleet of {self.macs}",
                                  hint=f"index and count within 0..{self.macs}")
        return replace(self, first=index, count=count)

    def member(self, i: int) -> Member:
        if not 0 <= i < self.macs:
            raise PopulationError(f"no Mac number {i} in a fleet of {self.macs}", hint=f"0 to {self.macs - 1}")
        deals = self._deals
        return Member(
            index=i, macos=deals["macos"][i], authentication_method=deals["method"][i],
            per_user_mfa=deals["per-user MFA"][i], passcode_policy=deals["passcode"][i],
            may_join=deals["join"][i], legacy_workplace_join=deals["legacy WPJ"][i], arrival=self._arrival(i),
        )

    @property
    def join_share(self) -> float:
        return {"all": 1.0, "none": 0.0}.get(str(self.join_permission), _as_float(self.join_permission))

    @cached_property
    def _deals(self) -> dict[str, list[Any]]:
        return {
            "macos": self._deal("macos", self.macos, 14),
            "method": self._deal("method", self.authentication_methods, "Password"),
            "per-user MFA": self._deal("per-user MFA", {True: self.per_user_mfa}, False),
            "passcode": self._deal("passcode", self.passcode_policies, "none"),
            "join": self._deal("join", {True: self.join_share}, False),
            "legacy WPJ": self._deal("legacy WPJ", {True: self.legacy_workplace_join}, False),
        }

    def _deal(self, trait: str, shares: Mapping[T, float], default: T) -> list[T]:
        """Exactly the rounded share of each value (largest remainders), shuffled by (seed, trait)."""
        rest = max(0.0, 1.0 - sum(shares.values()))
        wanted = {**shares, default: shares.get(default, 0.0) + rest}
        exact = {value: share * self.macs for value, share in wanted.items()}
        counts = {value: int(amount) for value, amount in exact.items()}
        by_remainder = sorted(exact, key=lambda value: counts[value] - exact[value])  # stable: table order
        for value in by_remainder[: self.macs - sum(counts.values())]:
            counts[value] += 1
        dealt = [value for value, count in counts.items() for _ in range(count)]
        random.Random(f"psso-sim fleet {self.seed} {trait}").shuffle(dealt)
        return dealt

    def _arrival(self, i: int) -> timedelta:
        """A weekday of the rollout and a minute of its working hours, from (seed, i)."""
        draw = random.Random(f"psso-sim fleet {self.seed} arrival {i}")
        day, minute = draw.randrange(self.rollout_days), draw.randrange(_working_minutes())
        date = self.start.date()
        while date.weekday() in _WEEKEND:
            date += timedelta(days=1)
        for _ in range(day):
            date += timedelta(days=1)
            while date.weekday() in _WEEKEND:
                date += timedelta(days=1)
        at = datetime.combine(date, WORKING_HOURS[0], self.start.tzinfo or UTC) + timedelta(minutes=minute)
        return max(timedelta(0), at - self.start)

    # reading
    @classmethod
    def from_rows(cls, rows: list[list[str]], where: str, *, defaults: Mapping[str, Any] | None = None) -> Population:
        """A population from ``| trait | value |`` rows (a header row ``| trait | value |`` may lead);
        ``defaults``: field values the rows may override (a scenario's seed and product)."""
        values: dict[str, Any] = dict(defaults or {})
        lines: dict[str, str] = {}
        body = [[cell.strip() for cell in row] for row in rows]
        if body and [c.casefold() for c in body[0]] == ["trait", "value"]:
            body = body[1:]
        for number, row in enumerate(body, start=1):
            at = f"{where}, row {number} ({' | '.join(row)})"
            if len(row) != 2:
                raise PopulationError(f"{at}: a row has two cells, the trait and its value",
                                      hint="e.g. | macOS 14 | 50% |")
            _read_trait(row[0], row[1], values, at)
            lines[_field_of(row[0])] = at
        return _build(values, lambda key: lines.get(key, where))

    def describe(self) -> str:
        return (f"{self.name}: {self.macs} Macs over {self.rollout_days} days, product {self.product}, "
                f"seed {self.seed}")


def load_population(path: Path) -> Population:
    """A population from a TOML file: the fields of :class:`Population`, shares as 0.1 or "10%"."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PopulationError(f"cannot read the fleet file {path}: {error.strerror}",
                              hint="give the path of a fleet TOML file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PopulationError(f"{path}: not valid TOML: {error}",
                              hint="see docs/examples/fleet.toml for a fleet file") from None
    lines = text.splitlines()

    def where(key: str) -> str:
        name = key.split(".")[-1]
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=|^\s*\[{re.escape(name)}\]")
        line = next((n for n, content in enumerate(lines, start=1) if pattern.search(content)), None)
        return f"{path}, line {line}, '{key}'" if line else f"{path}, '{key}'"

    unknown = sorted(set(data) - _TOML_FIELDS)
    if unknown:
        raise PopulationError(f"{where(unknown[0])}: no such fleet setting",
                              hint=f"settings: {', '.join(sorted(_TOML_FIELDS))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        at = where(key)
        if key in _SHARE_TABLES:
            if not isinstance(value, dict):
                raise PopulationError(f"{at}: a table of shares, e.g. [{key}]", hint=_SHARE_TABLES[key])
            values[key] = {_table_key(key, str(k), where(f"{key}.{k}")): _share(v, where(f"{key}.{k}"))
                           for k, v in value.items()}
        elif key in ("per_user_mfa", "legacy_workplace_join"):
            values[key] = _share(value, at)
        elif key == "join_permission":
            values[key] = _join(value, at)
        elif key == "start":
            values[key] = _start(value, at)
        else:
            values[key] = value
    return _build(values, where)


_SHARE_TABLES = {
    "macos": "[macos] with a share per major version, e.g. 14 = 0.5",
    "authentication_methods": '[authentication_methods] with a share per method, e.g. "Secure Enclave" = 0.2',
    "passcode_policies": f"[passcode_policies] with a share per policy ({', '.join(PASSCODE_POLICIES)})",
}
_TOML_FIELDS = {"name", "seed", "macs", "rollout_days", "product", "start", "per_user_mfa", "join_permission",
                "legacy_workplace_join", *_SHARE_TABLES}


def _build(values: dict[str, Any], where: Callable[[str], str]) -> Population:
    population = Population.__new__(Population)  # checked below, naming the file's lines, not by __post_init__
    defaults = Population()
    for name in Population.__dataclass_fields__:
        object.__setattr__(population, name, values.get(name, getattr(defaults, name)))
    _check(population, where)
    return population


def _check(population: Population, where: Callable[[str], str]) -> None:
    """Each value the type and range it must have, with the product's macOS versions and methods."""
    kinds = {str: "text", int: "whole number"}
    for key, kind in (("name", str), ("seed", int), ("macs", int), ("rollout_days", int), ("product", str)):
        value = getattr(population, key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise PopulationError(f"{where(key)}: {value!r} is not a {kinds[kind]}",
                                  hint=f"'{key}' takes a {kinds[kind]}")
    if population.macs < 1 or population.rollout_days < 1:
        key = "macs" if population.macs < 1 else "rollout_days"
        raise PopulationError(f"{where(key)}: {getattr(population, key)} is too few", hint="at least 1")
    release = PRODUCTS.get(population.product)
    if release is None:
        raise PopulationError(f"{where('product')}: no product '{population.product}'",
                              hint=f"products: {', '.join(PRODUCTS)}")
    for version in population.macos:
        if version not in release.macos_versions:
            raise PopulationError(f"{where('macos')}: product {release.name} does not run on macOS {version}",
                                  hint=f"macOS versions: {', '.join(map(str, release.macos_versions))}")
    for method in population.authentication_methods:
        if method_named(method).value not in release.authentication_methods:
            supported = ", ".join(METHODS[value].title for value in release.authentication_methods)
            raise PopulationError(f"{where('authentication_methods')}: product {release.name} has no "
                                  f"'{method}' method", hint=f"methods: {supported}")
    for policy in population.passcode_policies:
        if policy not in PASSCODE_POLICIES:
            raise PopulationError(f"{where('passcode_policies')}: no passcode policy '{policy}'",
                                  hint=f"policies: {', '.join(PASSCODE_POLICIES)}")
    for key in ("macos", "authentication_methods", "passcode_policies"):
        total = sum(getattr(population, key).values())
        if total > 1.0 + 1e-9:
            raise PopulationError(f"{where(key)}: the shares add up to {total:.0%}",
                                  hint="at most 100%; what they leave over goes to the default")
    _join(population.join_permission, where("join_permission"))
    if population.start.tzinfo is None:
        raise PopulationError(f"{where('start')}: {population.start} has no time zone", hint="e.g. 2023-11-06T09:00Z")


# Gherkin rows: | trait | value |
_SCALARS = {"name": "name", "seed": "seed", "macs": "macs", "rollout days": "rollout_days", "product": "product",
            "start": "start", "per user mfa": "per_user_mfa", "join permission": "join_permission",
            "legacy workplace join key": "legacy_workplace_join", "legacy workplace join": "legacy_workplace_join"}
_TRAITS_HINT = ("traits: macOS <version>, Password, Secure Enclave, Smart card, per-user MFA, passcode policy <name>, "
                "join permission, legacy Workplace Join key, rollout days, seed, product, start, name")


def _normal(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


def _read_trait(trait: str, value: str, values: dict[str, Any], at: str) -> None:
    key = _normal(trait)
    macos = re.fullmatch(r"macos (\S+)", key)
    if macos:
        values.setdefault("macos", {})[_macos(macos.group(1), at)] = _share(value, at)
    elif key.startswith("passcode policy "):
        values.setdefault("passcode_policies", {})[key.removeprefix("passcode policy ")] = _share(value, at)
    elif key in _SCALARS:
        name = _SCALARS[key]
        converters: dict[str, Callable[[str, str], Any]] = {
            "seed": _integer, "macs": _integer, "rollout_days": _integer, "start": _start,
            "per_user_mfa": _share, "legacy_workplace_join": _share, "join_permission": _join,
        }
        values[name] = converters.get(name, _text)(value, at)
    else:
        try:
            method = method_named(trait.strip())
        except UnknownMethod:
            raise PopulationError(f"{at}: no trait '{trait}'", hint=_TRAITS_HINT) from None
        values.setdefault("authentication_methods", {})[method.title] = _share(value, at)


def _field_of(trait: str) -> str:
    """The Population field a table row's trait sets (to name the row in a later error)."""
    key = _normal(trait)
    if key.startswith("macos "):
        return "macos"
    if key.startswith("passcode policy "):
        return "passcode_policies"
    return _SCALARS.get(key, "authentication_methods")


def _table_key(table: str, key: str, at: str) -> Any:
    if table == "macos":
        return _macos(key, at)
    if table == "authentication_methods":
        try:
            return method_named(key).title
        except UnknownMethod as error:
            raise PopulationError(f"{at}: {error.message}", hint=error.hint) from None
    return key


def _macos(text: str, at: str) -> int:
    spelled = {str(major): major for major in MACOS} | {r.name.casefold(): major for major, r in MACOS.items()}
    if text.casefold() not in spelled:
        raise PopulationError(f"{at}: no macOS '{text}'", hint=f"macOS versions: {', '.join(map(str, MACOS))}")
    return spelled[text.casefold()]


def _share(value: object, at: str) -> float:
    """0.25 or "25%"."""
    share: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        share = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*%\s*", value):
        share = float(value.strip().rstrip("%")) / 100
    if share is None or not 0.0 <= share <= 1.0:
        raise PopulationError(f"{at}: {value!r} is not a share", hint='a share is "25%" (or 0.25 in a TOML file)')
    return share


def _as_float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _join(value: object, at: str) -> str | float:
    if isinstance(value, str) and _normal(value) in ("all", "none"):
        return _normal(value)
    try:
        return _share(value, at)
    except PopulationError:
        raise PopulationError(f"{at}: {value!r} is not a join permission",
                              hint='"all", "none", or the share of users allowed to join, e.g. "90%"') from None


def _text(value: str, at: str) -> str:
    return value


def _integer(value: str, at: str) -> int:
    if not re.fullmatch(r"\s*\d+\s*", value):
        raise PopulationError(f"{at}: {value!r} is not a whole number", hint="e.g. 5")
    return int(value)


def _start(value: object, at: str) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise PopulationError(f"{at}: {value!r} is not a date and time",
                              hint="ISO 8601 with a time zone, e.g. 2023-11-06T09:00Z") from None


def _working_minutes() -> int:
    begin, end = WORKING_HOURS
    return (end.hour * 60 + end.minute) - (begin.hour * 60 + begin.minute)
