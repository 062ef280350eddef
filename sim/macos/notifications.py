"""Notification Center: banners at the top right of the screen, with their actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from psso_sim.trace import Trace
from psso_sim.ui.desktop import Desktop
from psso_sim.ui.screen import View, view

__all__ = ["Notification", "NotificationCenter"]


@dataclass(eq=False)
class Notification:
    app: str
    title: str
    body: str
    posted_at: datetime
    actions: dict[str, Callable[[], None]] = field(default_factory=dict)
    dismissed: bool = False
    name: str = "Notification"

    def view(self) -> View | None:
        if self.dismissed:
            return None
        buttons = {label: self._acting(action) for label, action in self.actions.items()}
        buttons["Close"] = self.dismiss
        return view(self.name, self.title, text=[self.app, self.body, "(top right of the screen)"], buttons=buttons)

    def _acting(self, action: Callable[[], None]) -> Callable[[], None]:
        def act() -> None:
            self.dismissed = True  # a banner goes away once acted on
            action()

        return act

    def dismiss(self) -> None:
        self.dismissed = True


class NotificationCenter:
    def __init__(self, desktop: Desktop, trace: Trace, now: Callable[[], datetime], owner: str = "") -> None:
        self._desktop = desktop
        self._owner = owner
        self._trace = trace
        self._now = now
        self.history: list[Notification] = []

    def post(
        self, app: str, title: str, body: str, actions: dict[str, Callable[[], None]] | None = None
    ) -> Notification:
        notification = Notification(app, title, body, self._now(), dict(actions or {}))
        self.history.append(notification)
        self._desktop.show(notification)
        self._trace.record("notification", f"{app}: {title}", kind="notification",
                           detail={"mac": self._owner, "app": app, "title": title, "body": body,
                                   "actions": list(notification.actions)})
        return notification

    def active(self, title: str | None = None) -> list[Notification]:
        return [n for n in self.history if not n.dismissed and (title is None or n.title == title)]

    def dismiss_all(self, title: str) -> None:
        for notification in self.active(title):
            notification.dismiss()
