"""What a surface (an app window, a sheet, a notification) shows, and what it does.

Screens are derived from the owning model's state on every look, so what is on
screen can never drift from what the modelled system holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

__all__ = ["Control", "ControlKind", "Screen", "Surface", "View"]

ControlKind = Literal["button", "field", "row", "tab", "menu", "link", "toggle"]


@dataclass(frozen=True)
class Control:
    label: str
    kind: ControlKind = "button"
    enabled: bool = True


@dataclass(frozen=True)
class Screen:
    surface: str  # "Company Portal", "System Settings", "Sign in", "Notification"...
    title: str
    controls: tuple[Control, ...] = ()
    text: tuple[str, ...] = ()

    def labels(self, kind: ControlKind | None = None) -> list[str]:
        return [c.label for c in self.controls if kind is None or c.kind == kind]

    def shows(self, text: str) -> bool:
        needle = text.casefold()
        return needle in self.title.casefold() or any(needle in line.casefold() for line in self.text)

    def describe(self) -> str:
        lines = [f"{self.surface}: {self.title}"]
        lines += [f"    {line}" for line in self.text]
        lines += [f"    [{c.label}]" + ("" if c.kind == "button" else f" ({c.kind})") for c in self.controls]
        return "\n".join(lines)


@dataclass
class View:
    """A screen plus the handlers behind its controls."""

    screen: Screen
    actions: dict[str, Callable[[], None]] = field(default_factory=dict)
    fields: dict[str, Callable[[str], None]] = field(default_factory=dict)


class Surface(Protocol):
    name: str

    def view(self) -> View | None:
        """What the surface shows now, or None while it is not on screen."""
        ...


def view(
    surface: str,
    title: str,
    *,
    buttons: Mapping[str, Callable[[], None]] | None = None,
    fields: Mapping[str, Callable[[str], None]] | None = None,
    rows: Mapping[str, Callable[[], None]] | None = None,
    text: tuple[str, ...] | list[str] = (),
    toggles: Mapping[str, Callable[[], None]] | None = None,
) -> View:
    """Build a View from handlers; controls appear in the order given: fields, rows, toggles, buttons."""
    controls: list[Control] = [Control(label, "field") for label in (fields or {})]
    controls += [Control(label, "row") for label in (rows or {})]
    controls += [Control(label, "toggle") for label in (toggles or {})]
    controls += [Control(label) for label in (buttons or {})]
    actions = {**(rows or {}), **(toggles or {}), **(buttons or {})}
    return View(Screen(surface, title, tuple(controls), tuple(text)), actions, dict(fields or {}))


__all__ += ["view"]
