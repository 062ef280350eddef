"""An admin portal in the admin's browser: a menu tree of pages, and panes over them.

A portal's menu is built from paths, "Devices > Manage devices > Configuration", each label a row on
the page above it; the paths come from the product release's rows, so a page moves between releases
without an ``if`` here. A page may show content of its own (text, toggles, buttons, fields) besides its
menu; a pane (a wizard, a policy's page) covers the menu until it closes. The left navigation (Home and
the portal's top-level entries) is on every page, as in the real portals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from psso_sim.ui.screen import Control, Screen, View

__all__ = ["Actions", "Page", "Pane", "Portal"]

Actions = dict[str, Callable[[], None]]
Path = tuple[str, ...]


@dataclass
class Page:
    """What a page or pane shows besides the menu: text, then controls by kind, in this order."""

    title: str
    text: list[str] = field(default_factory=list)
    fields: dict[str, Callable[[str], None]] = field(default_factory=dict)
    rows: Actions = field(default_factory=dict)
    toggles: Actions = field(default_factory=dict)
    buttons: Actions = field(default_factory=dict)


class Pane(Protocol):
    def page(self) -> Page:
        """What the pane shows now."""
        ...


class Portal:
    """The menu tree, the current page, and the pane over it; subclasses add their pages."""

    name: str
    navigation: ClassVar[tuple[str, ...]]
    """The left navigation's entries besides Home (what the portal shows whatever the release)."""

    def __init__(self) -> None:
        self.visible = False
        self.location: Path = ()
        self.pane: Pane | None = None
        self._children: dict[Path, list[str]] = {}
        self._pages: dict[Path, Callable[[], Page]] = {}
        self._on_enter: dict[Path, Callable[[], None]] = {}
        for label in self.navigation:
            self.add_path((label,))

    def add_path(
        self, path: Iterable[str], page: Callable[[], Page] | None = None, on_enter: Callable[[], None] | None = None
    ) -> None:
        """Each label of ``path`` becomes a row under the one before; ``page`` is what the last one shows."""
        path = tuple(path)
        for depth in range(len(path)):
            children = self._children.setdefault(path[:depth], [])
            if path[depth] not in children:
                children.append(path[depth])
        if page is not None:
            self._pages[path] = page
        if on_enter is not None:
            self._on_enter[path] = on_enter

    def open(self) -> None:
        """The admin signs in: the portal opens on Home."""
        self.visible = True
        self.go(())

    def go(self, path: Path) -> None:
        self.location = path
        self.pane = None
        enter = self._on_enter.get(path)
        if enter is not None:
            enter()

    def view(self) -> View | None:
        if not self.visible:
            return None
        if self.pane is not None:
            content = self.pane.page()
            menu: Actions = {}
        else:
            content = self._pages[self.location]() if self.location in self._pages else Page(self._title())
            menu = {label: self._descend(label) for label in self._children.get(self.location, [])}
        nav: Actions = {"Home": lambda: self.go(())}
        nav |= {label: self._top(label) for label in self._children.get((), [])}
        # The left navigation last, in its order; a label that is also a row of this page acts as that row.
        rows = {**content.rows, **{k: v for k, v in menu.items() if k not in nav},
                **{k: menu.get(k, v) for k, v in nav.items()}}
        controls = [Control(label, "field") for label in content.fields]
        controls += [Control(label, "row") for label in rows]
        controls += [Control(label, "tab") for label in content.toggles]
        controls += [Control(label) for label in content.buttons]
        screen = Screen(self.name, content.title, tuple(controls), tuple(content.text))
        return View(screen, {**rows, **content.toggles, **content.buttons}, dict(content.fields))

    def _title(self) -> str:
        return " | ".join(self.location[-2:]) if self.location else "Home"

    def _descend(self, label: str) -> Callable[[], None]:
        return lambda: self.go((*self.location, label))

    def _top(self, label: str) -> Callable[[], None]:
        return lambda: self.go((label,))
