"""The dialogs macOS shows while Platform SSO registers, in the current product (one surface each):

- the prompt to register the device with Microsoft Entra (macOS 14 and later), which unlocks the account
  with Touch ID or the local password;
- the Single Sign-On window, asking the local account password (Password method);
- the smart card prompts: "Smart card" when the card is not paired, then "Enter pin for the smart card".

Each is a :class:`Prompt`: a field, a confirming button and Cancel. Its owner decides what the entered
value does (``confirm`` returns the error to show, or None to close); Cancel closes the SSO auth prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["ENTRA_PROMPT", "PIN_PROMPT", "SINGLE_SIGN_ON", "SMART_CARD_CHOICE", "Prompt", "PromptKind"]


class PromptKind:
    """What a prompt says: its window, title, lines, field (None: buttons only) and confirming button."""

    def __init__(self, surface: str, title: str, text: tuple[str, ...], field: str | None, confirm: str) -> None:
        self.surface, self.title, self.text, self.field, self.confirm = surface, title, text, field, confirm


ENTRA_PROMPT = PromptKind(
    "Platform Single Sign-On", "Register your device with Microsoft Entra",
    ("Your organization requires this device to be registered with Microsoft Entra.",
     "Touch ID or enter your password to allow this."), "Password", "OK")
SINGLE_SIGN_ON = PromptKind(
    "Single Sign-On", "Single Sign-On",
    ("Enter your local account password to finish registering this device with Microsoft Entra ID.",),
    "Password", "OK")
SMART_CARD_CHOICE = PromptKind(
    "Platform Single Sign-On", "Sign in to register this device with Microsoft Entra ID",
    ("Use your smart card to sign in.",), None, "Smart card")
PIN_PROMPT = PromptKind("Smart Card", "Enter pin for the smart card", (), "PIN", "OK")


class Prompt:
    def __init__(
        self, mac: Mac, kind: PromptKind, confirm: Callable[[str], str | None], cancel: Callable[[], None],
        *, touch_id: Callable[[], None] | None = None,
    ) -> None:
        self._mac = mac
        self.kind = kind
        self.name = kind.surface
        self._confirm = confirm
        self._cancel = cancel
        self._touch_id = touch_id
        self.value = ""
        self.error: str | None = None
        self.open = False

    def show(self) -> None:
        self.open, self.value, self.error = True, "", None
        self._mac.desktop.show(self)
        if self._touch_id is not None:
            self._mac.touch_id.waiting = self._touched

    def close(self) -> None:
        self.open = False
        self._mac.desktop.close(self)
        if self._mac.touch_id.waiting == self._touched:
            self._mac.touch_id.waiting = None

    def view(self) -> View | None:
        if not self.open:
            return None
        kind = self.kind
        fields = {kind.field: self._set} if kind.field else {}
        return view(self.name, kind.title, text=[*kind.text, *([self.error] if self.error else [])],
                    fields=fields, buttons={kind.confirm: self.submit, "Cancel": self.cancel})

    def submit(self) -> None:
        error = self._confirm(self.value)
        if error is None:
            self.close()
        else:
            self.error, self.value = error, ""

    def cancel(self) -> None:
        self.close()
        self._cancel()

    def _set(self, value: str) -> None:
        self.value = value

    def _touched(self) -> None:
        assert self._touch_id is not None
        self.close()
        self._touch_id()
