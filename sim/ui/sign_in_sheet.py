"""The Microsoft Entra sign-in sheet that Company Portal and the SSO extension show.

It is a state machine: credentials, then (when Entra asks for MFA) waiting for the
Microsoft Authenticator approval, polled every few seconds as the real page does.
Its owner supplies ``submit``, which talks to Entra over HTTP and answers a
``SignInOutcome``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from psso_sim.scheduler import Event, Scheduler
from psso_sim.ui.screen import View, view

__all__ = ["MFA_POLL_INTERVAL", "SignInOutcome", "SignInSheet"]

MFA_POLL_INTERVAL = timedelta(seconds=5)
MFA_TIMEOUT = timedelta(minutes=2)


@dataclass(frozen=True)
class SignInOutcome:
    ok: bool = False
    error: str | None = None  # shown on the sheet
    mfa_context: str | None = None  # Entra wants an Authenticator approval
    silent_failure: bool = False  # the sheet just closes, showing nothing


class SignInSheet:
    name = "Sign in"

    def __init__(
        self,
        scheduler: Scheduler,
        title: str,
        submit: Callable[[str, str, str | None], SignInOutcome],
        on_done: Callable[[SignInOutcome], None],
        username: str = "",
        *,
        ask_password: bool = True,
    ) -> None:
        self._scheduler = scheduler
        self.title = title
        self._submit = submit
        self._on_done = on_done
        self.username = username
        self.ask_password = ask_password  # False: passwordless, the email address and then an approval
        self.password = ""
        self.error: str | None = None
        self.state = "credentials"  # credentials | mfa | closed
        self._mfa_context: str | None = None
        self._poll: Event | None = None
        self._waited = timedelta(0)

    def view(self) -> View | None:
        if self.state == "closed":
            return None
        if self.state == "mfa":
            return view(
                self.name, "Approve sign in request",
                text=["Open your Authenticator app, and approve the request to sign in."],
                buttons={"Cancel": self.cancel},
            )
        fields = {"Email address": self._set_username}
        if self.ask_password:
            fields["Password"] = self._set_password
        return view(
            self.name, self.title,
            fields=fields,
            buttons={"Next": self.next, "Cancel": self.cancel},
            text=[self.error] if self.error else [],
        )

    def _set_username(self, value: str) -> None:
        self.username = value

    def _set_password(self, value: str) -> None:
        self.password = value

    def next(self) -> None:
        self._handle(self._submit(self.username, self.password, None))

    def await_approval(self, mfa_context: str) -> None:
        """Open on the MFA step: the sign-in happened elsewhere (a smart card) and Entra wants an approval."""
        self._handle(SignInOutcome(mfa_context=mfa_context))

    def cancel(self) -> None:
        """The user closes the sheet: the owner sees a cancellation."""
        self._finish(SignInOutcome(error="cancelled"))

    def _handle(self, outcome: SignInOutcome) -> None:
        if outcome.mfa_context is not None:
            self.state = "mfa"
            self._mfa_context = outcome.mfa_context
            self._waited = timedelta(0)
            self._schedule_poll()
        elif outcome.ok or outcome.silent_failure:
            self._finish(outcome)
        else:
            self.state = "credentials"
            self.error = outcome.error

    def _schedule_poll(self) -> None:
        self._poll = self._scheduler.after(MFA_POLL_INTERVAL, "sign-in sheet polls for MFA approval", self._check)

    def _check(self) -> None:
        if self.state != "mfa":
            return
        self._waited += MFA_POLL_INTERVAL
        outcome = self._submit(self.username, self.password, self._mfa_context)
        if outcome.mfa_context is not None:
            if self._waited >= MFA_TIMEOUT:
                self.state = "credentials"
                self.error = "We didn't hear from you. Sign-in request timed out."
                return
            self._mfa_context = outcome.mfa_context if outcome.mfa_context else self._mfa_context
            self._schedule_poll()
            return
        self._handle(outcome)

    def _finish(self, outcome: SignInOutcome) -> None:
        if self._poll is not None:
            self._poll.cancel()
        self.state = "closed"
        self._on_done(outcome)
