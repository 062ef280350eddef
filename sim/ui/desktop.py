"""The Mac's screen: every visible surface, frontmost first, and acting on labels.

A user acts on what is on screen. Selecting a label that is not there raises an
error listing what is, which is what a feature author or a doc writer needs to see.
"""

from __future__ import annotations

from collections.abc import Iterator

from psso_sim.errors import SimError
from psso_sim.ui.screen import Screen, Surface, View

__all__ = ["Desktop", "LabelNotOnScreen", "SurfaceNotOnScreen", "UIError"]


class UIError(SimError):
    subsystem = "ui"


class LabelNotOnScreen(UIError):
    def __init__(self, label: str, where: str, screens: list[Screen], kind: str = "control") -> None:
        self.label = label
        self.screens = screens
        shown = "\n".join(s.describe() for s in screens) or "(nothing is on screen)"
        labels = [lbl for s in screens for lbl in s.labels()]
        super().__init__(
            f"no {kind} '{label}' on screen{where}; on screen:\n{shown}",
            hint=f"labels on screen: {', '.join(repr(x) for x in labels) or 'none'}",
        )


class SurfaceNotOnScreen(UIError):
    pass


class Desktop:
    def __init__(self) -> None:
        self._surfaces: list[Surface] = []  # back to front

    def show(self, surface: Surface) -> None:
        """Open a surface, or bring it to the front."""
        if surface in self._surfaces:
            self._surfaces.remove(surface)
        self._surfaces.append(surface)

    def close(self, surface: Surface) -> None:
        if surface in self._surfaces:
            self._surfaces.remove(surface)

    def visible(self) -> Iterator[tuple[Surface, View]]:
        for surface in reversed(list(self._surfaces)):
            current = surface.view()
            if current is not None:
                yield surface, current

    def screens(self, within: str | None = None) -> list[Screen]:
        return [v.screen for s, v in self.visible() if within is None or s.name == within]

    def frontmost(self) -> Screen | None:
        return next((v.screen for _, v in self.visible()), None)

    def select(self, label: str, within: str | None = None) -> None:
        self._find(label, within, "control").actions[label]()

    def enter(self, field_label: str, value: str, within: str | None = None) -> None:
        self._find(field_label, within, "field").fields[field_label](value)

    def navigate(self, path: str, within: str | None = None) -> None:
        """Follow "A > B > C": select each label in turn."""
        for label in (part.strip() for part in path.split(">")):
            self.select(label, within)

    def is_on_screen(self, label: str, within: str | None = None) -> bool:
        return any(label in v.actions or label in v.fields for _, v in self._candidates(within))

    def shows_text(self, text: str, within: str | None = None) -> bool:
        return any(s.shows(text) or text in s.labels() for s in self.screens(within))

    def describe(self) -> str:
        return "\n".join(s.describe() for s in self.screens()) or "(nothing is on screen)"

    def _candidates(self, within: str | None) -> list[tuple[Surface, View]]:
        shown = list(self.visible())
        if within is None:
            return shown
        matching = [(s, v) for s, v in shown if s.name == within]
        if not matching:
            names = sorted({s.name for s, _ in shown})
            raise SurfaceNotOnScreen(f"'{within}' is not on screen", hint=f"on screen: {', '.join(names) or 'nothing'}")
        return matching

    def _find(self, label: str, within: str | None, kind: str) -> View:
        candidates = self._candidates(within)
        for _, current in candidates:
            if (kind == "field" and label in current.fields) or (kind != "field" and label in current.actions):
                return current
        where = f" in '{within}'" if within else ""
        raise LabelNotOnScreen(label, where, [v.screen for _, v in candidates], kind)
