"""One run of the simulated product for the verifier: a fresh World, a user at a Mac, and the
actions of ``psso_sim.docs.actions`` performed through the same UI model the features drive.

A session starts from one of the documented situations of ``psso_sim.docs.setups`` (``SETUPS``),
reached through the UI exactly as the enrollment procedure does it, with the authentication method
the procedure is about (a method tab). An action with a condition (``Action.when``) is done only when
the condition holds on this World (``psso_sim.docs.state_checks``); a label holding a placeholder
(``{Company}``) is read with the World's organisation (``psso_sim.docs.placeholders``).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any

from psso_sim.admin.entra_admin_center import EntraAdminCenter
from psso_sim.admin.graph_client import GraphClient, admin_account
from psso_sim.admin.portal import Portal
from psso_sim.docs import session_actions as flow
from psso_sim.docs.action_types import (
    REGISTRATION_FLOW,
    WAIT_LIMIT,
    Action,
    ApproveMFA,
    ChooseFirst,
    EnterCredentials,
    EnterLocalPassword,
    EnterPassword,
    EnterPin,
    EnterValue,
    Expect,
    ExpectAbsent,
    ExpectGone,
    ExpectState,
    FillAccount,
    FinishPolicy,
    GoToWindow,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    RunCommands,
    Select,
    SelectPolicy,
    SwitchOn,
    Unlock,
    Wait,
)
from psso_sim.docs.conditions import Condition
from psso_sim.docs.placeholders import fill_label
from psso_sim.docs.screen_checks import missing, window_named
from psso_sim.docs.setups import SETUPS, Setup, Start, build_person, prepare
from psso_sim.docs.state_checks import BUSY, condition_holds, state_missing
from psso_sim.errors import NotModelled, SimError
from psso_sim.intune.admin_center import AdminCenter
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, PIN_PROMPT, SMART_CARD_CHOICE
from psso_sim.product import DEFAULT_PRODUCT, MACOS, ProductRelease
from psso_sim.ui.desktop import Desktop, UIError

__all__ = ["ADMIN_APPS", "SETUPS", "Session", "Setup", "StepFailure"]

_PORTALS: dict[str, Callable[[GraphClient, ProductRelease], Portal]] = {
    "Microsoft Intune admin center": AdminCenter,
    "Microsoft Entra admin center": EntraAdminCenter,
}
ADMIN_APPS = {**{name: name for name in _PORTALS}, "Intune admin center": "Microsoft Intune admin center",
              "Entra admin center": "Microsoft Entra admin center"}
"""The administrator's portals a procedure may open, by the names documents use, to the portal's own."""
_REGISTRATION_WINDOWS = frozenset({"Sign in", *(k.surface for k in (ENTRA_PROMPT, SMART_CARD_CHOICE, PIN_PROMPT))})
_FINISHING = ("Done", "Finish")  # a screen still offering these has not been finished
_CONTROL_WORD = re.compile(r"\s+(?:menu|tab|button|pane|option|link|row|icon)$", re.IGNORECASE)


class StepFailure(SimError):
    """An action the product did not allow, with the screen it showed then."""

    subsystem = "docs"

    def __init__(self, message: str, *, screen: str, suggestion: str | None = None) -> None:
        self.screen = screen
        self.suggestion = suggestion
        self.unmodelled = False  # the product refused because the simulation does not model that part
        super().__init__(message)


class Session:
    def __init__(self, *, seed: int, macos: int, start: Start | None = None, product: str = DEFAULT_PRODUCT) -> None:
        """Build the World; only a SimError comes out (``cannot build ...``), whatever the model does."""
        start = start or Start()
        self.macos = macos
        self.setup = start.setup
        self.person = build_person(seed, macos, product, start)
        self.world, self.mac = self.person.world, self.person.mac
        self.desktop: Desktop = self.mac.desktop  # the screen the reader is looking at
        self._portals: dict[str, tuple[Portal, Desktop]] = {}
        self._answered: set[tuple[str, str]] = set()  # windows on screen right after the last user action
        self._decided: dict[Condition, tuple[bool, str]] = {}  # this step's conditions, decided once
        self._step = 0
        self.prompts_seen: list[tuple[int, str]] = []  # (step, title) of prompts for the local password
        prepare(self.person, start)
        self._first_password = self.mac.account.password if self.mac.setup_assistant.finished else None

    @property
    def first_local_password(self) -> str | None:
        """The local password the Mac had when the procedure started (or when Setup Assistant made it)."""
        if self._first_password is None and self.mac.setup_assistant.finished:
            self._first_password = self.mac.account.password
        return self._first_password

    @property
    def step(self) -> int:
        """The index of the step being run (set by the verifier): conditions are decided once per step."""
        return self._step

    @step.setter
    def step(self, index: int) -> None:
        self._step, self._decided = index, {}

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
            portal = _PORTALS[name](GraphClient(client, admin_account(self.world.entra)), self.world.product)
            desktop = Desktop()
            desktop.show(portal)
            self._portals[name] = (portal, desktop)
        return self._portals[name]

    # ---- doing --------------------------------------------------------------------------

    def perform(self, action: Action) -> str | None:
        """Do one action; a note for the report, or StepFailure with what was on screen."""
        if isinstance(action, Note | NotUnderstood):
            return None
        if action.when is not None:
            holds, why = self._decide(action.when)
            if not holds:
                return f"{action.describe()}: not needed ({why})"
        action, filled = self._filled(action)
        if action.optional and not self.can_perform(action):
            return f"{action.describe()}: not needed (not on screen)"
        try:
            note = self._do(action)
            if not isinstance(action, Wait | Expect | ExpectGone | ExpectAbsent | ExpectState):
                self._answered = {(screen.surface, screen.title) for screen in self.desktop.screens()}
            self._record_prompts()
            return "; ".join(n for n in (filled, note) if n) or None
        except StepFailure:
            raise
        except UIError as error:
            raise self.failure(error.message, action) from None
        except SimError as error:
            unmodelled = isinstance(error, NotModelled)
            said = "the simulation does not model it" if unmodelled else "the simulated product refused"
            failure = self.failure(f"{said}: {error.message}", action)
            failure.unmodelled = unmodelled
            raise failure from None
        except Exception as error:  # a fault in the product model: report it at the step, never crash
            raise self.failure(f"the simulated product failed: {type(error).__name__}: {error}", action) from None

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

    def needed(self, action: Action) -> bool:
        """Does the action's condition, if any, hold here?"""
        return action.when is None or self._decide(action.when)[0]

    def can_perform(self, action: Action) -> bool:
        """Would ``action`` find what it needs on screen now (nothing is changed)?"""
        desktop = self.desktop
        try:
            if action.when is not None and not self._decide(action.when)[0]:
                return True  # not needed: nothing stands in its way
            action = self._filled(action)[0]
            if isinstance(action, Select):
                return self._on_screen(action.label, action.within) is not None
            if isinstance(action, Navigate):
                return bool(desktop.is_on_screen(action.path[0]))
            if isinstance(action, EnterCredentials):  # the sign-in, macOS asking first, or the Entra password window
                entra = self.world.product.entra_password_window
                return self.signing_in() or flow.unlock_prompt_shown(self) or bool(
                    desktop.screens(entra) and desktop.is_on_screen("Password", entra))
            if isinstance(action, EnterLocalPassword):
                return bool(desktop.is_on_screen("Password")) and not self.signing_in()
            if isinstance(action, EnterPassword):
                return self.signing_in() or bool(desktop.is_on_screen("Password"))
            if isinstance(action, RunCommands):
                return not self.mac.desktop.screens("Terminal") or self.mac.desktop.is_on_screen("Command", "Terminal")
            if isinstance(action, ApproveMFA):
                return self.mfa_waiting()
            if isinstance(action, Unlock):
                return flow.unlock_prompt_shown(self)
            if isinstance(action, EnterPin):
                return bool(desktop.screens(PIN_PROMPT.surface))
            if isinstance(action, Expect):
                return self._missing(action) is None
            if isinstance(action, ExpectGone):
                return not self._surfaces(action.surface)
            if isinstance(action, ExpectState):
                return state_missing(action, self) is None
        except Exception:  # UIError, or a fault in the product model: it cannot be done
            return False
        return True

    def _do(self, action: Action) -> str | None:
        desktop = self.desktop
        if isinstance(action, OpenApp):
            return self._open(action)
        if isinstance(action, Select):
            return self._select(action)
        elif isinstance(action, Navigate):
            return self._navigate(action)
        elif isinstance(action, EnterCredentials):
            return flow.enter_credentials(self, action)
        elif isinstance(action, EnterLocalPassword):
            if self.signing_in():
                raise self.failure("a Microsoft Entra sign-in is on screen, not a local password prompt", action)
            desktop.enter("Password", self.mac.account.password)
        elif isinstance(action, EnterPassword):
            if self.signing_in():
                return self._do(EnterCredentials(source=action.source))
            desktop.enter("Password", self.mac.account.password)
            return "entered the local password"
        elif isinstance(action, RunCommands):
            return flow.run_commands(self, action)
        elif isinstance(action, Wait):
            return self._wait(action)
        elif isinstance(action, Expect | ExpectAbsent | ExpectState):
            why = self._missing(action)
            if why is not None:
                raise self.failure(why, action)
        elif isinstance(action, ExpectGone) and self._surfaces(action.surface):
            raise self.failure(f"the '{action.surface}' window is still on screen", action)
        elif isinstance(action, ApproveMFA):
            return flow.approve(self, action)
        elif isinstance(action, Unlock):
            return flow.unlock(self)
        elif isinstance(action, EnterPin):
            return flow.enter_pin(self, action)
        elif isinstance(action, EnterValue):
            return flow.enter_value(self, action)
        elif isinstance(action, SwitchOn):
            return flow.switch_on(self, action)
        elif isinstance(action, ChooseFirst):
            return flow.choose_first(self, action)
        elif isinstance(action, FinishPolicy):
            return flow.finish_policy(self, action)
        elif isinstance(action, SelectPolicy):
            return flow.select_policy(self, action)
        elif isinstance(action, FillAccount):
            return flow.fill_account(self, action)
        elif isinstance(action, GoToWindow):
            return flow.go_to_window(self, action)
        return None

    def _open(self, action: OpenApp) -> str | None:
        if action.app in ADMIN_APPS:
            center, self.desktop = self.admin_center(action.app)
            center.open()
            return "the administrator's browser"
        try:
            self.mac.open_app(action.app)
        except SimError as error:
            label = self._on_screen(action.app)
            if label is not None:
                self.desktop.select(label)
                return f"'{action.app}' is not an app: selected '{label}' on screen"
            if window_named(self.desktop, action.app):
                return f"'{action.app}' is not an app: it is the page on screen"
            raise self.failure(f"{error.message}, and no control '{action.app}' is on screen", action) from None
        self.desktop = self.mac.desktop
        return None

    def _select(self, action: Select) -> str | None:
        label = self._on_screen(action.label, action.within)
        if label is None and action.path and action.at == 0 and self._opened(action.label):
            self.desktop = self.mac.desktop
            return f"opened the '{action.label}' app"
        try:
            self.desktop.select(label or action.label, action.within)
        except UIError as error:
            hint = self._path_hint(action.path) if action.path else ""
            raise self.failure(error.message.split("; on screen:")[0] + hint, action) from None
        return f"'{action.label}' read as the '{label}' control" if label and label != action.label else None

    def _navigate(self, action: Navigate) -> str | None:
        note = None
        for k, label in enumerate(action.path):
            if k == 0 and self._on_screen(label) is None and self._opened(label):
                self.desktop, note = self.mac.desktop, f"opened the '{label}' app"
                continue
            try:
                self.desktop.select(self._on_screen(label) or label)
            except UIError as error:
                after = f" (after {' > '.join(action.path[:k])})" if k else ""
                failed = Select(source=action.source, label=label)
                raise self.failure(f"{error.message}{after}{self._path_hint(action.path)}", failed) from None
        return note

    def _opened(self, name: str) -> bool:
        """Open the Mac's app ``name`` if there is one ("navigate to **Settings**": the reader opens it)."""
        if name in ADMIN_APPS:
            return False
        try:
            self.mac.open_app(name)
        except SimError:
            return False
        return True

    def _path_hint(self, path: Sequence[str]) -> str:
        """Where this Mac's Settings has a pane another macOS release reaches by ``path`` (its row's path)."""
        mine = self.mac.release
        for field in dataclasses.fields(mine):
            theirs = {getattr(row, field.name) for row in MACOS.values()}
            if tuple(path) in theirs and getattr(mine, field.name) != tuple(path):
                where = " > ".join(getattr(mine, field.name))
                return f"; on macOS {mine.major} that pane is Settings > {where}"
        return ""

    def _on_screen(self, label: str, within: str | None = None) -> str | None:
        """The label as shown: exactly, without a control word the writer bolded ("Info menu"), or in
        another case ("Password options" for "Password Options": a wording finding, label-case, reports
        the case; the step is not contradicted by the product)."""
        bare = _CONTROL_WORD.sub("", label)
        for candidate in dict.fromkeys([label, bare]):
            try:
                if self.desktop.is_on_screen(candidate, within):
                    return candidate
            except UIError:
                return None
        try:
            shown = [shown for screen in self.desktop.screens(within) for shown in screen.labels()]
        except UIError:
            return None
        folded = {candidate.casefold() for candidate in (label, bare)}
        return next((shown_label for shown_label in shown if shown_label.casefold() in folded), None)

    def _filled(self, action: Action) -> tuple[Action, str | None]:
        """The action with its labels' placeholders ({Company}) read as the World's organisation."""
        organisation = self.world.intune.organisation
        fields = {name: getattr(action, name) for name in ("label", "text", "window", "target")
                  if isinstance(getattr(action, name, None), str)}
        changed: Action = action
        if isinstance(action, Navigate):
            path = tuple(fill_label(p, organisation) for p in action.path)
            changed = dataclasses.replace(action, path=path) if path != action.path else action
        else:
            filled: dict[str, Any] = {name: fill_label(value, organisation) for name, value in fields.items()}
            changed = dataclasses.replace(action, **filled) if filled != fields else action
        if changed is action:
            return action, None
        return changed, f"placeholder read as the organisation, '{organisation}'"

    def _wait(self, action: Wait) -> str:
        desktop = self.desktop
        start = self.world.now()
        if action.until == "duration":
            self.world.advance(action.duration)
            return f"waited {action.duration} (simulated)"
        before = self.screen()

        def target_shown() -> bool:
            if action.window is not None:
                return window_named(desktop, action.window)
            if action.target is None:
                return action.until == "registration" or self.screen() != before
            return bool(desktop.is_on_screen(action.target))

        def done() -> bool:
            busy = self.mac.platform_sso.status in BUSY
            return target_shown() and not (action.until == "registration" and busy)

        met = self.world.wait_until(done, action.duration)
        self._record_prompts()
        waited = self.world.now() - start
        target = action.window or action.target
        what = f"'{target}' appeared" if target else "done"
        return f"waited {waited} (simulated): {what}" if met else f"waited {waited} (simulated); nothing more came"

    # ---- what the reader is asked ------------------------------------------------------

    def mfa_waiting(self) -> bool:
        """A sign-in request waits for the user's approval in Microsoft Authenticator."""
        user = self.person.user
        return any(c.user_id == user.object_id and not c.approved
                   for c in self.world.entra.tokens.challenges.values())


    def local_password_prompts(self) -> list[str]:
        """Titles of the windows asking the local account's password (not Entra's, not Terminal's sudo)."""
        others = {"Sign in", "Terminal", self.world.product.entra_password_window}
        return [s.title for s in self.mac.desktop.screens()
                if "Password" in s.labels("field") and s.surface not in others]


    def _record_prompts(self) -> None:
        """After each action: the prompts for the local password now showing, and the Mac's first password."""
        _ = self.first_local_password  # made by Setup Assistant during the procedure: remembered from then on
        for title in self.local_password_prompts():
            if (self._step, title) not in self.prompts_seen:
                self.prompts_seen.append((self._step, title))

    # ---- Settings, Terminal -------------------------------------------------------------


    # ---- looking ------------------------------------------------------------------------

    def window_shown(self, name: str) -> bool:
        return window_named(self.desktop, name)

    def _decide(self, condition: Condition) -> tuple[bool, str]:
        if condition not in self._decided:
            self._decided[condition] = condition_holds(condition, self)
        return self._decided[condition]

    def _surfaces(self, name: str) -> list[str]:
        return [s.surface for s in self.desktop.screens() if s.surface == name]

    def signing_in(self) -> bool:
        desktop = self.desktop
        return any(s.surface == "Sign in" and "Email address" in s.labels() for s in desktop.screens())

    def _missing(self, expect: Expect | ExpectAbsent | ExpectState) -> str | None:
        """Why the screen (or the product's state) does not show what ``expect`` says, or None when it does."""
        desktop = self.desktop
        if isinstance(expect, ExpectState):
            if expect.state in ("registered", "sso"):  # the registration finishes by itself unless the user is asked
                self.world.wait_until(lambda: self.mac.platform_sso.status not in BUSY or self.mfa_waiting(),
                                      WAIT_LIMIT)
            return state_missing(expect, self)
        if isinstance(expect, ExpectAbsent):  # the prompt is the window titled by what it is for
            shown = [s.title for s in desktop.screens() if s.title.casefold().startswith(expect.text.casefold())]
            return f"'{shown[0]}' is on screen" if shown else None
        if expect.surface and expect.text == REGISTRATION_FLOW:
            on_screen = {s.surface for s in desktop.screens()}
            return None if on_screen & _REGISTRATION_WINDOWS else f"no window of {REGISTRATION_FLOW} on screen"
        if expect.surface:
            return None if self._surfaces(expect.text) else f"no '{expect.text}' window on screen"
        return missing(desktop, expect)

    def failure(self, message: str, action: Action) -> StepFailure:
        suggestion = None
        label = _label_of(action)
        if label is not None:
            screens = self.desktop.screens()
            shown = [lbl for s in screens for lbl in s.labels()]
            if isinstance(action, Expect):
                shown += [s.title for s in screens] + [line for s in screens for line in s.text]
            same = [lbl for lbl in shown if lbl.casefold() == label.casefold() and lbl != label]
            close = same or difflib.get_close_matches(label, shown, n=1, cutoff=0.75)
            suggestion = close[0] if close and close[0] != label else None
        message = message.split("; on screen:")[0]
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        return StepFailure(message, screen=self.screen(), suggestion=suggestion)


def _label_of(action: Action) -> str | None:
    if isinstance(action, Select):
        return action.label
    if isinstance(action, Navigate):
        return action.path[0]
    if isinstance(action, Expect) and not action.loose and not action.surface and not action.one_of:
        return action.text
    return None
