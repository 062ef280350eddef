"""The Mac's screen: every visible surface, frontmost first, and acting on labels.

A user acts on what is on screen. Selecting a label that is not there raises an
error listing what is, which is what a feature author or a doc writer needs to see.

Given a trace, the desktop records each screen change as a ``"screen"`` entry: a surface shown
(opened or brought to the front), closed, or the frontmost screen changed by what the user did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from psso_sim.errors import SimError
from psso_sim.trace import Trace
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
    def __init__(self, trace: Trace | None = None, owner: str = "") -> None:
        self._surfaces: list[Surface] = []  # back to front
        self._trace = trace
        self._owner = owner  # the Mac's name, for the trace
        self._traced: tuple[str, str] | None = None  # the frontmost screen the trace last named

    def show(self, surface: Surface) -> None:
        """Open a surface, or bring it to the front."""
        if self._surfaces and self._surfaces[-1] is surface:
            return
        if surface in self._surfaces:
            self._surfaces.remove(surface)
        self._surfaces.append(surface)
        self._record("shown", surface.name, surface.view())

    def close(self, surface: Surface) -> None:
        if surface in self._surfaces:
            self._surfaces.remove(surface)
            self._record("closed", surface.name, None)

    def _record(self, change: str, surface: str, current: View | None) -> None:
        if self._trace is None:
            return
        title = current.screen.title if current is not None else None
        self._traced = (surface, title) if title is not None else None
        shown = f"{surface}: {title}" if title and title != surface else surface
        self._trace.record(self._owner or "desktop", f"{change}: {shown}", kind="screen",
                           detail={"mac": self._owner, "change": change, "surface": surface, "title": title})

    def _frontmost_name(self) -> tuple[str, str] | None:
        return next(((s.name, v.screen.title) for s, v in self.visible()), None)

    def _acting(self, act: Callable[[], None]) -> None:
        """Do what the user did; trace the frontmost screen if it changed."""
        if self._trace is None:
            act()
            return
        self._traced = self._frontmost_name()
        try:
            act()
        finally:
            after = self._frontmost_name()
            if after is not None and after != self._traced:
                self._traced = after
                self._trace.record(self._owner or "desktop", f"on screen: {after[0]}: {after[1]}", kind="screen",
                                   detail={"mac": self._owner, "change": "frontmost", "surface": after[0],
                                           "title": after[1]})

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
        self._acting(self._find(label, within, "control").actions[label])

    def enter(self, field_label: str, value: str, within: str | None = None) -> None:
        handler = self._find(field_label, within, "field").fields[field_label]
        self._acting(lambda: handler(value))

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
