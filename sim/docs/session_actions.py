"""The actions of the current product's flows, done on a session: the Entra sign-in and its MFA, macOS's
unlock prompt and the smart card's PIN, a Settings switch, going back to a window, Terminal commands.

Each takes the :class:`~psso_sim.docs.session.Session` and the action, does it through the screen the
reader sees, and returns a note for the report or raises the session's ``StepFailure``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.docs.action_types import (
    ApproveMFA,
    ChooseFirst,
    EnterCredentials,
    EnterPin,
    EnterValue,
    FillAccount,
    FinishPolicy,
    GoToWindow,
    RunCommands,
    SelectPolicy,
    SwitchOn,
)
from psso_sim.docs.placeholders import PlaceholderError, fill_command
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, PIN_PROMPT

if TYPE_CHECKING:
    from psso_sim.docs.session import Session

__all__ = ["approve", "choose_first", "enter_credentials", "enter_pin", "enter_value", "fill_account", "finish_policy",
           "go_to_window", "run_commands", "select_policy", "switch_on", "unlock", "unlock_prompt_shown"]

_CLOSING = ("Done", "Back", "Close")  # what closes a sheet to go back to the window under it


def enter_credentials(session: Session, action: EnterCredentials) -> str | None:
    """The Entra sign-in (credentials, the button, MFA unless the document approves it later), or, in
    the release's window for the Entra password ("Microsoft Entra"), the password and the button."""
    desktop, note = session.desktop, None
    if not session.signing_in() and unlock_prompt_shown(session):
        how = unlock(session)
        note = f"first answered '{ENTRA_PROMPT.title}' ({how}): the step does not say to"
    if not session.signing_in():
        surface = session.world.product.entra_password_window
        if not (desktop.screens(surface) and desktop.is_on_screen("Password", surface)):
            raise session.failure("no Microsoft Entra sign-in on screen", action)
        desktop.enter("Password", session.person.entra_password, surface)
        desktop.select(action.button, surface)
        if desktop.screens(surface):
            said = "; ".join(desktop.screens(surface)[0].text)
            raise session.failure(f"the '{surface}' window did not accept the password ({said})", action)
        return note
    if action.approve:
        session.person.enter_credentials(button=action.button, unlock=False)
    else:
        desktop.enter("Email address", session.person.user.user_principal_name, "Sign in")
        desktop.enter("Password", session.person.entra_password, "Sign in")
        desktop.select(action.button, "Sign in")
    if session.signing_in():
        sheet = desktop.screens("Sign in")[0]
        said = "; ".join(sheet.text) or "no message"
        raise session.failure(f"the Microsoft Entra sign-in did not complete ({said})", action)
    return note


def approve(session: Session, action: ApproveMFA) -> str | None:
    if not session.mfa_waiting():
        raise session.failure("no sign-in request waits for approval in Microsoft Authenticator", action)
    session.person.approve_sign_in()
    return "approved in Microsoft Authenticator (the simulated app needs no number)" \
        if "number" in action.source.lower() else None


def unlock_prompt_shown(session: Session) -> bool:
    return session.desktop.shows_text(ENTRA_PROMPT.title, ENTRA_PROMPT.surface) if \
        session.desktop.screens(ENTRA_PROMPT.surface) else False


def unlock(session: Session) -> str:
    if session.mac.touch_id.waiting is not None:
        session.person.unlock_with_touch_id()
        return "unlocked with Touch ID"
    session.person.enter_local_password(ENTRA_PROMPT.surface, ENTRA_PROMPT.confirm)
    return "unlocked with the local password"


def enter_pin(session: Session, action: EnterPin) -> str | None:
    card = session.mac.smart_card_reader.card
    if card is None:
        raise session.failure("no smart card is in the Mac's reader", action)
    surface = PIN_PROMPT.surface
    session.desktop.enter(PIN_PROMPT.field or "PIN", card.pin, surface)
    if action.button is None:
        return None
    prompt = session.desktop.screens(surface)[0]
    if action.button in prompt.labels() or prompt.title.casefold() != action.button.casefold():
        session.desktop.select(action.button, surface)
        return None
    confirm = next(label for label in prompt.labels("button") if label != "Cancel")
    session.desktop.select(confirm, surface)
    return f"'{action.button}' is the prompt's title: selected its '{confirm}'"


def switch_on(session: Session, action: SwitchOn) -> str | None:
    if session.desktop.shows_text(f"{action.label}: On"):
        return f"'{action.label}' was on already"
    session.desktop.select(action.label)
    if session.desktop.shows_text(f"{action.label}: Off"):
        raise session.failure(f"'{action.label}' is still off", action)
    return None


def go_to_window(session: Session, action: GoToWindow) -> str | None:
    """Back to ``action.window`` showing the user's name, closing the sheets on it (Done, Back, Close)."""
    account = session.mac.account
    closed: list[str] = []
    for _ in range(len(_CLOSING) + 1):
        front = session.desktop.frontmost()
        if front is not None and front.title == action.window and \
                any(front.shows(name) for name in (account.full_name, account.short_name)):
            return f"closed {', '.join(closed)}" if closed else None
        label = next((c for c in _CLOSING if front is not None and c in front.labels()), None)
        if front is None or label is None:
            break
        session.desktop.select(label, front.surface)
        closed.append(f"'{front.title}' with '{label}'")
    raise session.failure(f"no '{action.window}' window showing the user's name on screen", action)


def run_commands(session: Session, action: RunCommands) -> str:
    """Type each command at the Terminal prompt (and the local password when sudo asks)."""
    if not action.commands:
        raise session.failure("the step says to run a command, but shows none", action)
    opened = []
    if not session.mac.desktop.screens("Terminal"):
        session.mac.open_app("Terminal")
        opened.append("opened Terminal")
    session.desktop = session.mac.desktop
    outputs, printed = [], ""
    for written in action.commands:
        try:
            command = fill_command(written, username=session.mac.account.short_name, earlier_output=printed)
        except PlaceholderError as error:
            raise session.failure(error.message, action) from None
        session.desktop.enter("Command", command, "Terminal")
        if session.desktop.is_on_screen("Password", "Terminal"):
            session.desktop.enter("Password", session.mac.account.password, "Terminal")
        result = session.mac.terminal.last_result
        if result is not None and result.exit_code != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            raise session.failure(f"`{command}` failed (exit {result.exit_code}): {said[0] if said else ''}",
                                action)
        printed += result.stdout if result is not None else ""
        outputs.append(f"`{command}`: exit 0")
    return "; ".join(opened + outputs)


def choose_first(session: Session, action: ChooseFirst) -> str:
    """Get Started if it is offered, then on each pane named: its first option and Continue."""
    desktop, chosen = session.desktop, []
    if desktop.is_on_screen("Get Started"):
        desktop.select("Get Started")
        chosen.append("'Get Started'")
    for pane in action.panes:
        screen = next((s for s in desktop.screens() if pane.casefold() in s.title.casefold()), None)
        if screen is None or not screen.labels("row"):
            raise session.failure(f"no pane with options for the {pane} on screen", action)
        option = screen.labels("row")[0]
        desktop.select(option, screen.surface)
        desktop.select("Continue", screen.surface)
        chosen.append(f"'{option}' on '{screen.title}'")
    return "chose " + ", ".join(chosen)


def fill_account(session: Session, action: FillAccount) -> str:
    """The user's full name, the first name in lower case as the account name, and a new password."""
    user, desktop = session.person.user, session.desktop
    short = user.display_name.split()[0].lower()
    desktop.enter("Full name", user.display_name)
    desktop.enter("Account name", short)
    desktop.enter("Password", session.world.faker.password(length=12))
    return f"'{user.display_name}', account name '{short}'"


def enter_value(session: Session, action: EnterValue) -> str | None:
    """A value in the field the document names: as written, else in another case, else the field whose
    path ends with it ("Token To User Mapping > Account Name" is "Platform SSO > Token To User Mapping >
    Account Name"). Of several values the document allows, the first."""
    fields = [label for screen in session.desktop.screens() for label in screen.labels("field")]
    wanted = action.field.casefold()
    field = next((f for f in fields if f == action.field), None) or next(
        (f for f in fields if f.casefold() == wanted), None) or next(
        (f for f in fields if f.casefold().endswith(" > " + wanted)), None)
    if field is None:
        raise session.failure(f"no field '{action.field}' on screen", action)
    session.desktop.enter(field, action.value)
    notes = []
    if field != action.field:
        notes.append(f"entered in '{field}'")
    if action.choices:
        notes.append(f"'{action.value}' of {', '.join(repr(c) for c in action.choices)}")
    return "; ".join(notes) or None


def select_policy(session: Session, action: SelectPolicy) -> str | None:
    """The row of a settings catalog policy on screen (the admin's existing one); a profile of another
    type when the document does not say settings catalog."""
    intune = session.world.intune
    names = [p.name for p in intune.configuration_policies.policies.values()]
    if "settings catalog" not in action.kind_of.casefold():
        names += [a.profile.payload_display_name for a in intune.assignments]
    listed = [name for name in dict.fromkeys(names) if session.desktop.is_on_screen(name)]
    if not listed:
        raise session.failure(f"no existing {action.kind_of} policy is listed on screen", action)
    session.desktop.select(listed[0])
    return f"selected '{listed[0]}'"


def finish_policy(session: Session, action: FinishPolicy) -> str:
    """The policy wizard's finishing button: Create (a new policy) or Save (an edit)."""
    for label in ("Create", "Save"):
        if session.desktop.is_on_screen(label):
            session.desktop.select(label)
            return f"selected '{label}'"
    raise session.failure("neither Create nor Save is on screen: the policy wizard is not on its last page", action)
