"""One run of the simulated product for the verifier: a fresh World, a user at a Mac, and the
actions of ``psso_sim.docs.actions`` performed through the same UI model the features drive.

A session starts from one of three documented situations (``SETUPS``), reached through the UI
exactly as the enrollment procedure does it, so that a procedure about an enrolled or a
registered Mac meets the product in the state a reader's Mac would be in:

- ``new``: the prerequisites only (a user with Microsoft Authenticator, a Mac on the chosen
  macOS, Platform SSO settings and a compliance policy deployed in Intune);
- ``enrolled``: enrolled in Intune through Company Portal; the registration prompt was missed
  (closed) and Company Portal quit: the starting point of just-in-time registration;
- ``registered``: enrolled and registered with Platform SSO; every window closed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import Literal

from psso_sim.actors import Person
from psso_sim.admin.entra_admin_center import EntraAdminCenter
from psso_sim.admin.graph_client import GraphClient
from psso_sim.admin.portal import Portal
from psso_sim.docs.action_types import (
    REGISTRATION_FLOW,
    Action,
    EnterCredentials,
    EnterLocalPassword,
    EnterPassword,
    Expect,
    ExpectGone,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    RunCommands,
    Select,
    Wait,
)
from psso_sim.errors import SimError
from psso_sim.intune.admin_center import AdminCenter
from psso_sim.macos.platform_sso import RegistrationStatus
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, PIN_PROMPT, SMART_CARD_CHOICE
from psso_sim.product import DEFAULT_PRODUCT, ProductRelease
from psso_sim.ui.desktop import Desktop, UIError
from psso_sim.ui.screen import Screen
from psso_sim.world import World

__all__ = ["ADMIN_APPS", "SETUPS", "Session", "Setup", "StepFailure"]

Setup = Literal["new", "enrolled", "registered"]
SETUPS: dict[Setup, str] = {
    "new": "a new Mac; the user, Platform SSO settings and compliance policy exist",
    "enrolled": "enrolled in Intune through Company Portal, not registered (the prompt was missed)",
    "registered": "enrolled and registered with Platform SSO",
}

_STOP = frozenset(
    re.findall(
        r"\S+",
        "a an the to your you of in on for with and or by is are was this that which be been has have had upon from "
        "as it its can will all any steps step message confirmation successful successfully window screen app "
        "application popup appears appear displayed action item now then there here when while please new next "
        "following some using use used via after before into out up so not no",
    )
)


_PORTALS: dict[str, Callable[[GraphClient, ProductRelease], Portal]] = {
    "Microsoft Intune admin center": AdminCenter,
    "Microsoft Entra admin center": EntraAdminCenter,
}
ADMIN_APPS = {**{name: name for name in _PORTALS}, "Intune admin center": "Microsoft Intune admin center",
              "Entra admin center": "Microsoft Entra admin center"}
"""The administrator's portals a procedure may open, by the names documents use, to the portal's own."""
_REGISTRATION_WINDOWS = frozenset({"Sign in", *(k.surface for k in (ENTRA_PROMPT, SMART_CARD_CHOICE, PIN_PROMPT))})
_CONFIRMATION = re.compile(r"\b(?:confirm\w*|success\w*)\b", re.IGNORECASE)  # the text promises one
_CONFIRMED = re.compile(r"\b(?:complete[ds]?|success\w*|all set)\b", re.IGNORECASE)  # the screen gives one
_FINISHING = ("Done", "Finish")  # a screen still offering these has not been finished
_CONTROL_WORD = re.compile(r"\s+(?:menu|tab|button|pane|option|link|row)$", re.IGNORECASE)


class StepFailure(SimError):
    """An action the product did not allow, with the screen it showed then."""

    subsystem = "docs"

    def __init__(self, message: str, *, screen: str, suggestion: str | None = None) -> None:
        self.screen = screen
        self.suggestion = suggestion
        super().__init__(message)


class Session:
    def __init__(self, *, seed: int, macos: int, setup: Setup = "new", product: str = DEFAULT_PRODUCT) -> None:
        """Build the World; only a SimError comes out (``cannot build ...``), whatever the model does."""
        self.macos = macos
        self.setup = setup
        try:
            self.world = World(seed=seed, product=product)
            user = self.world.add_user()
            self.world.target_platform_sso()
            self.world.require_compliance()
            self.mac = self.world.add_mac(macos=macos, owner=user)
        except SimError:
            raise
        except Exception as error:  # a fault in the product model
            raise SimError(f"cannot build the simulated world: {type(error).__name__}: {error}",
                           subsystem="docs") from None
        self.person = Person(self.world, user, self.mac)
        self.desktop: Desktop = self.mac.desktop  # the screen the reader is looking at
        self._portals: dict[str, tuple[Portal, Desktop]] = {}
        self._answered: set[tuple[str, str]] = set()  # windows on screen right after the last user action
        if setup != "new":
            self._prepare(setup)

    def screen(self) -> str:
        try:
            return str(self.desktop.describe())
        except Exception as error:  # a fault in the product model: still report
            return f"(the screen could not be read: {type(error).__name__}: {error})"

    def close(self) -> None:
        self.world.close()

    def admin_center(self, name: str = "Microsoft Intune admin center") -> tuple[Portal, Desktop]:
        """An admin portal in the administrator's browser (its own screen), on the World's release."""
        name = ADMIN_APPS.get(name, name)
        if name not in self._portals:
            client = self.world.network.client(f"{name} (browser)")
            portal = _PORTALS[name](GraphClient(client), self.world.product)
            desktop = Desktop()
            desktop.show(portal)
            self._portals[name] = (portal, desktop)
        return self._portals[name]

    # ---- doing --------------------------------------------------------------------------

    def perform(self, action: Action) -> str | None:
        """Do one action; a note for the report, or StepFailure with what was on screen."""
        if isinstance(action, Note | NotUnderstood):
            return None
        if action.optional and not self.can_perform(action):
            return f"{action.describe()}: not needed (not on screen)"
        try:
            note = self._do(action)
            if not isinstance(action, Wait | Expect | ExpectGone):
                self._answered = {(screen.surface, screen.title) for screen in self.desktop.screens()}
            return note
        except StepFailure:
            raise
        except UIError as error:
            raise self._failure(error.message, action) from None
        except SimError as error:
            raise self._failure(f"the simulated product refused: {error.message}", action) from None
        except Exception as error:  # a fault in the product model: report it at the step, never crash
            raise self._failure(f"the simulated product failed: {type(error).__name__}: {error}", action) from None

    def replay(self, actions: Sequence[Action]) -> bool:
        """Perform actions already verified elsewhere; False if one of them fails here."""
        try:
            for action in actions:
                self.perform(action)
        except StepFailure:
            return False
        return True

    def unfinished(self) -> str | None:
        """A Mac window that came up after the user's last action and offers Done or Finish, or None.

        A window the last action opened is its result (an Info sheet with Done); one that came up
        later, while waiting, is the product asking for a step the procedure does not give.
        """
        try:
            screens = self.mac.desktop.screens()
        except Exception:  # a fault in the product model: nothing to say here
            return None
        for screen in screens:
            offered = [label for label in _FINISHING if label in screen.labels()]
            if offered and screen.surface != "Notification" and (screen.surface, screen.title) not in self._answered:
                return f"'{screen.surface}: {screen.title}' still offers '{offered[0]}'"
        return None

    def can_perform(self, action: Action) -> bool:
        """Would ``action`` find what it needs on screen now (nothing is changed)?"""
        desktop = self.desktop
        try:
            if isinstance(action, Select):
                return self._on_screen(action.label, action.within) is not None
            if isinstance(action, Navigate):
                return bool(desktop.is_on_screen(action.path[0]))
            if isinstance(action, EnterCredentials):
                return bool(desktop.is_on_screen("Email address", "Sign in"))
            if isinstance(action, EnterLocalPassword):
                return bool(desktop.is_on_screen("Password")) and not self._signing_in()
            if isinstance(action, EnterPassword):
                return self._signing_in() or bool(desktop.is_on_screen("Password"))
            if isinstance(action, RunCommands):
                return bool(desktop.is_on_screen("Command", "Terminal"))
            if isinstance(action, Expect):
                return self._missing(action) is None
            if isinstance(action, ExpectGone):
                return not self._surfaces(action.surface)
        except Exception:  # UIError, or a fault in the product model: it cannot be done
            return False
        return True

    def _do(self, action: Action) -> str | None:
        desktop = self.desktop
        if isinstance(action, OpenApp):
            return self._open(action)
        if isinstance(action, Select):
            label = self._on_screen(action.label, action.within) or action.label
            desktop.select(label, action.within)
            if label != action.label:
                return f"'{action.label}' read as the '{label}' control"
        elif isinstance(action, Navigate):
            for k, label in enumerate(action.path):
                try:
                    desktop.select(label)
                except UIError as error:
                    after = f" (after {' > '.join(action.path[:k])})" if k else ""
                    raise self._failure(f"{error.message}{after}", Select(source=action.source, label=label)) from None
        elif isinstance(action, EnterCredentials):
            self.person.enter_credentials(button=action.button)
            if self._signing_in():
                sheet = desktop.screens("Sign in")[0]
                said = "; ".join(sheet.text) or "no message"
                raise self._failure(f"the Microsoft Entra sign-in did not complete ({said})", action)
        elif isinstance(action, EnterLocalPassword):
            if self._signing_in():
                raise self._failure("a Microsoft Entra sign-in is on screen, not a local password prompt", action)
            desktop.enter("Password", self.mac.account.password)
        elif isinstance(action, EnterPassword):
            if self._signing_in():
                return self._do(EnterCredentials(source=action.source))
            desktop.enter("Password", self.mac.account.password)
            return "entered the local password"
        elif isinstance(action, RunCommands):
            return self._run(action)
        elif isinstance(action, Wait):
            return self._wait(action)
        elif isinstance(action, Expect):
            missing = self._missing(action)
            if missing is not None:
                raise self._failure(missing, action)
        elif isinstance(action, ExpectGone) and self._surfaces(action.surface):
            raise self._failure(f"the '{action.surface}' window is still on screen", action)
        return None

    def _open(self, action: OpenApp) -> str | None:
        if action.app in ADMIN_APPS:
            center, self.desktop = self.admin_center(action.app)
            center.open()
            return "the administrator's browser"
        self.desktop = self.mac.desktop
        try:
            self.mac.open_app(action.app)
        except SimError as error:
            label = self._on_screen(action.app)
            if label is not None:
                self.desktop.select(label)
                return f"'{action.app}' is not an app: selected '{label}' on screen"
            raise self._failure(f"{error.message}, and no control '{action.app}' is on screen", action) from None
        return None

    def _on_screen(self, label: str, within: str | None = None) -> str | None:
        """The label as shown: exactly, or without a control word the writer bolded ("Info menu")."""
        bare = _CONTROL_WORD.sub("", label)
        for candidate in dict.fromkeys([label, bare]):
            try:
                if self.desktop.is_on_screen(candidate, within):
                    return candidate
            except UIError:
                return None
        return None

    def _run(self, action: RunCommands) -> str:
        """Type each command at the Terminal prompt (and the local password when sudo asks)."""
        if not action.commands:
            raise self._failure("the step says to run a command, but shows none", action)
        outputs = []
        for command in action.commands:
            self.desktop.enter("Command", command, "Terminal")
            if self.desktop.is_on_screen("Password", "Terminal"):
                self.desktop.enter("Password", self.mac.account.password, "Terminal")
            result = self.mac.terminal.last_result
            if result is not None and result.exit_code != 0:
                said = (result.stderr or result.stdout).strip().splitlines()
                raise self._failure(f"`{command}` failed (exit {result.exit_code}): {said[0] if said else ''}",
                                    action)
            outputs.append(f"`{command}`: exit 0")
        return "; ".join(outputs)

    def _wait(self, action: Wait) -> str:
        desktop = self.desktop
        start = self.world.now()
        if action.until == "duration":
            self.world.advance(action.duration)
            return f"waited {action.duration} (simulated)"
        before = self.screen()

        def target_shown() -> bool:
            if action.target is None:
                return action.until == "registration" or self.screen() != before
            return bool(desktop.is_on_screen(action.target))

        def done() -> bool:
            psso = self.mac.platform_sso
            busy = psso.status in (RegistrationStatus.SIGNING_IN, RegistrationStatus.REGISTERING)
            return target_shown() and not (action.until == "registration" and busy)

        met = self.world.wait_until(done, action.duration)
        waited = self.world.now() - start
        what = f"'{action.target}' appeared" if action.target else "done"
        return f"waited {waited} (simulated): {what}" if met else f"waited {waited} (simulated); nothing more came"

    # ---- looking ------------------------------------------------------------------------

    def _surfaces(self, name: str) -> list[str]:
        return [s.surface for s in self.desktop.screens() if s.surface == name]

    def _signing_in(self) -> bool:
        desktop = self.desktop
        return any(s.surface == "Sign in" and "Email address" in s.labels() for s in desktop.screens())

    def _missing(self, expect: Expect) -> str | None:
        """Why the screen does not show what ``expect`` says, or None when it does."""
        desktop = self.desktop
        if expect.surface and expect.text == REGISTRATION_FLOW:
            on_screen = {s.surface for s in desktop.screens()}
            return None if on_screen & _REGISTRATION_WINDOWS else f"no window of {REGISTRATION_FLOW} on screen"
        if expect.surface:
            return None if self._surfaces(expect.text) else f"no '{expect.text}' window on screen"
        where = f" in '{expect.within}'" if expect.within else ""
        try:
            screens = desktop.screens(expect.within) if expect.within else desktop.screens()
        except UIError:
            screens = []
        if expect.within and not screens:
            return f"no '{expect.within}' window on screen"
        labels = [expect.text] if not expect.loose else list(expect.labels)
        for text in labels:
            if not any(_shows(s, text, title_only=expect.title) for s in screens):
                return f"no window titled '{text}' on screen{where}" if expect.title else \
                    f"'{text}' is not on screen{where}"
        if expect.loose:
            shown = {w for s in screens for w in _tokens(" ".join([s.title, *s.text, *s.labels()]))}
            missing = [w for w in _tokens(expect.text) if w not in _STOP and not _seen(w, shown)]
            if missing:
                return f"the screen{where} does not show '{expect.text}' (no {', '.join(repr(w) for w in missing)})"
            said = " ".join(line for s in screens for line in (s.title, *s.text))
            if _CONFIRMATION.search(expect.text) and not _CONFIRMED.search(said):
                return f"the screen{where} shows no confirmation ('{expect.text}'): nothing says it is complete"
        return None

    def _failure(self, message: str, action: Action) -> StepFailure:
        suggestion = None
        label = _label_of(action)
        if label is not None:
            screens = self.desktop.screens()
            shown = [lbl for s in screens for lbl in s.labels()]
            if isinstance(action, Expect):
                shown += [s.title for s in screens] + [line for s in screens for line in s.text]
            close = difflib.get_close_matches(label, shown, n=1, cutoff=0.75)
            suggestion = close[0] if close and close[0] != label else None
        message = message.split("; on screen:")[0]
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        return StepFailure(message, screen=self.screen(), suggestion=suggestion)

    # ---- setup --------------------------------------------------------------------------

    def _prepare(self, setup: Setup) -> None:
        """Bring the Mac to ``setup`` the way the release's own documents do (Person follows the release)."""
        try:
            self.person.enroll_with_company_portal()
            if setup == "registered":
                self.person.register_with_company_portal()
                if not self.mac.platform_sso.registration_completed:
                    raise SimError(f"the registration did not complete: {self.mac.platform_sso.last_error}")
        except SimError as failure:
            raise SimError(f"cannot prepare a Mac that is {SETUPS[setup]}: {failure.message}",
                           subsystem="docs") from None
        for notification in self.mac.notifications.active():
            notification.dismiss()
        for app in (self.mac.company_portal, self.mac.settings):
            app.quit()


def _shows(screen: Screen, text: str, *, title_only: bool = False) -> bool:
    """A control labelled ``text`` or a window titled so (a title's parts split at " | ", ": ", " - "
    count), or, unless a title is meant, the words whole (word-bounded) in the title or the text."""
    wanted = text.casefold()
    parts = [screen.title, *re.split(r"\s+[|\-]\s+|:\s+", screen.title)]
    if any(label.casefold() == wanted for label in [*screen.labels(), *parts]):
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
    return not title_only and any(pattern.search(place) for place in [screen.title, *screen.text])


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _seen(word: str, shown: set[str]) -> bool:
    if word in shown:
        return True
    stem = word[: max(4, min(len(word), 6))]
    return len(word) >= 4 and any(w.startswith(stem) for w in shown)


def _label_of(action: Action) -> str | None:
    if isinstance(action, Select):
        return action.label
    if isinstance(action, Navigate):
        return action.path[0]
    if isinstance(action, Expect) and not action.loose and not action.surface:
        return action.text
    return None

