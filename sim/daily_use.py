"""A Mac in ordinary use for weeks: the user's working days, in simulated time.

Each weekday the user opens the lid at 9:00 and unlocks the Mac the way its Platform SSO method does (Touch ID
for the Secure Enclave key, the card's PIN, the Entra password), locks it for lunch at 12:30 and unlocks it at
13:30, opens a web app at 15:00 (single sign-on with the PRT), and closes the lid at 17:30. Weekends the lid
stays closed. Each time the user looks at the screen (after unlocking, after the web app) anything asking for
their attention is written down: a notification, a password prompt, a sign-in page instead of the app.

What runs meanwhile is the model's own: the 4-hourly PRT refresh while the lid is open, LoginFrequency's login
at an unlock, the refresh missed asleep and made on waking (:mod:`psso_sim.macos.power`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from psso_sim.actors import Person

__all__ = ["DEFAULT_WEB_APP", "Attention", "WorkingDays"]

DEFAULT_WEB_APP = "Office 365"
_DAY = (time(9, 0), time(12, 30), time(13, 30), time(15, 0), time(17, 30))


@dataclass(frozen=True)
class Attention:
    """Something that asked for the user's attention, when, and what it said."""

    at: datetime
    what: str


@dataclass
class WorkingDays:
    person: Person
    web_app: str = DEFAULT_WEB_APP
    unlock: Callable[[], None] | None = None  # how the user unlocks; default: by the Mac's method
    seen: list[Attention] = field(default_factory=list)
    days_worked: int = 0

    def run(self, days: int) -> list[Attention]:
        """``days`` calendar days from now; what asked for attention on them (also kept in :attr:`seen`)."""
        world, mac = self.person.world, self.person.mac
        start = len(self.seen)
        end = world.now() + timedelta(days=days)
        day = world.now().date()
        while True:
            if day.weekday() < 5:
                opening, lunch, back, web, closing = (datetime.combine(day, t, world.now().tzinfo) for t in _DAY)
                if opening >= world.now() and closing <= end:
                    self._to(opening)
                    if mac.power.asleep:
                        mac.power.wake()
                    self._unlock_and_look()
                    self._to(lunch)
                    mac.lock_screen.lock()
                    self._to(back)
                    self._unlock_and_look()
                    self._to(web)
                    self._use_web_app()
                    self._to(closing)
                    mac.power.sleep()
                    self.days_worked += 1
            day += timedelta(days=1)
            if datetime.combine(day, time(0), world.now().tzinfo) >= end:
                break
        self._to(end)
        return self.seen[start:]

    def begin_next_day(self) -> None:
        """The next weekday at 9:00: the lid opens and the user unlocks the Mac (the day's rest is the caller's)."""
        world, mac = self.person.world, self.person.mac
        day = world.now().date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        if not mac.power.asleep:
            mac.power.sleep()
        self._to(datetime.combine(day, _DAY[0], world.now().tzinfo))
        mac.power.wake()
        self._unlock_and_look()

    def _to(self, when: datetime) -> None:
        world = self.person.world
        if when > world.now():
            world.scheduler.run_until(when)

    def _unlock_and_look(self) -> None:
        mac = self.person.mac
        if mac.lock_screen.locked:
            (self.unlock or self._unlock_by_method)()
        if mac.lock_screen.locked:
            self._saw(f"the lock screen refused the unlock: {mac.lock_screen.error}")
        self._look()

    def _unlock_by_method(self) -> None:
        mac, person = self.person.mac, self.person
        method = mac.platform_sso.method
        if method is not None and method.user_key == "secure-enclave":
            person.unlock_with_touch_id()
        elif method is not None and method.user_key == "certificate" and mac.smart_card_reader.card is not None:
            mac.lock_screen.unlock_with_pin(mac.smart_card_reader.card.pin)
        else:
            mac.lock_screen.unlock(person.entra_password)

    def _use_web_app(self) -> None:
        browser = self.person.mac.browser
        browser.open_resource(self.web_app)
        if browser.page != "granted":
            self._saw(f"{self.web_app}: {browser.page}: {browser.message}")
        self._look()
        browser.quit()

    def _look(self) -> None:
        mac = self.person.mac
        for notification in mac.notifications.active():
            self._saw(f"notification '{notification.title}': {notification.body}")
        if mac.password_prompt.open:
            self._saw(f"'{mac.password_prompt.name}' asks for the password: {mac.password_prompt.message}")

    def _saw(self, what: str) -> None:
        attention = Attention(self.person.world.now(), what)
        if attention not in self.seen:
            self.seen.append(attention)
