"""The core grammar rules of ``psso_sim.docs.actions``: opening apps, navigating, selecting, entering
credentials, waiting, and the expectations the seed documents' phrasing needs (the table of rules is
in the docstring of ``psso_sim.docs.actions``)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal

from psso_sim.docs.action_types import (
    REGISTRATION_FLOW,
    Action,
    EnterCredentials,
    EnterLocalPassword,
    EnterPassword,
    Expect,
    ExpectGone,
    Navigate,
    OpenApp,
    RunCommands,
    Select,
    SwitchOn,
    Wait,
)
from psso_sim.docs.rules import GENERIC_WINDOW, LABELS, WINDOW, YOU_ARE, Build, Context, Rule, labels_in
from psso_sim.docs.rules import note as _note
from psso_sim.docs.rules import rule as _rule
from psso_sim.docs.rules import surface_of as _surface

__all__ = ["CORE_RULES"]

_LABELS = LABELS
_WINDOW = WINDOW
_GENERIC_WINDOW = GENERIC_WINDOW
_YOU_ARE = YOU_ARE
_Context = Context
_labels = labels_in


def _open(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    ctx.app = m.group("app").strip()
    return [OpenApp(source=src, app=ctx.app)]


def _select(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    labels = _labels(m.group("labels"))
    where = m.groupdict().get("where")
    within = _surface(where) or ctx.within
    actions: list[Action] = []
    if where and within is None and not _GENERIC_WINDOW.match(where):
        actions.append(Expect(source=src, text=_labels(where)[0] if _labels(where) else where.strip(), title=True))
    if ">" in m.group("labels"):
        return [*actions, Navigate(source=src, path=tuple(labels))]
    return actions + [Select(source=src, label=label, within=within) for label in labels]


def _navigate(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [Navigate(source=src, path=tuple(_labels(m.group("labels"))))]


def _local_password(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    where = m.groupdict().get("where")
    expect: list[Action] = [Expect(source=src, text=where, title=True)] if where else []
    return [*expect, EnterLocalPassword(source=src)]


def _credentials(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [EnterCredentials(source=src)]


def _password(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [EnterPassword(source=src)]


def _run_commands(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [RunCommands(source=src, commands=ctx.code)]


def _sign_in(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    target = m.groupdict().get("target")
    if target and re.search(r"\badmin center$", target, re.IGNORECASE):  # an admin portal: open it
        return [OpenApp(source=src, app=target.strip())]
    text = f"Sign in to {target.strip()}" if target else "Sign in"
    # Resolved in _merge: an expectation when credentials follow, else the credentials.
    return [Expect(source=src, text=text, within="Sign in", loose=True)]


def _wait(until: Literal["prompt", "registration"]) -> Build:
    def build(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
        return [Wait(source=src, until=until)]

    return build


_UNITS = {"second": 1, "minute": 60, "hour": 3600}


def _wait_duration(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    count = m.group("n").lower()
    n = int(count) if count.isdigit() else 3  # "a few", "several", "a couple of"
    return [Wait(source=src, until="duration", duration=timedelta(seconds=n * _UNITS[m.group("unit").lower()]))]


def _hover(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    ctx.within = "Notification"
    return [Expect(source=src, text="Notification", surface=True)]


def _notification_to(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    label = m.group("verb").capitalize()
    return [
        Expect(source=src, text="Notification", surface=True),
        Select(source=src, label=label, within="Notification", implied=True),
    ]


def _expect_text(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [Expect(source=src, text=m.group("x").strip())]


def _expect_title(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    app = m.groupdict().get("app")
    within = (_surface(app) or app.strip()) if app else None
    return [Expect(source=src, text=m.group("x").strip(), within=within, title=True)]


def _expect_words(within_app: bool = False) -> Build:
    def build(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
        what = m.group("what")
        app = m.groupdict().get("app") or (ctx.app if within_app else None)
        within = _surface(app) or (app.strip() if app else None)
        return [Expect(source=src, text=what.replace("**", ""), loose=True, labels=tuple(_labels(what)),
                       within=within)]

    return build


def _window_closes(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [ExpectGone(source=src, surface="Sign in")]


def _taken_through(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [Expect(source=src, text=REGISTRATION_FLOW, surface=True)]


def _ensure_selected(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    return [Select(source=src, label=m.group("x").strip())]


def _ensure_on(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
    if m.group("state").lower() in ("selected", "checked"):
        return _ensure_selected(m, src, ctx)
    return [SwitchOn(source=src, label=m.group("x").strip())]


CORE_RULES: tuple[Rule, ...] = (
    _rule("open", r"^(?:open|launch|start) (?:the )?\*\*(?P<app>[^*]+?)\*\*(?: (?:app|application))?"
          r"(?: on (?:your|the) mac)?$", _open, "Open the **Company Portal** app"),
    _rule("return", r"^(?:return|go back|switch|come back) to (?:the )?\*\*(?P<app>[^*]+?)\*\*"
          r"(?: (?:app|application|window))?$", _open, "Return to the **Company Portal** app"),
    _rule("navigate", rf"^(?:navigate|go|browse)(?: to)? (?:the )?{_LABELS}"
          r"(?: (?:tab|pane|menu|page|section|window|screen|settings))?$", _navigate,
          "navigate to **Users & Groups** > **Network Account Server**"),
    _rule("select", rf"^(?:select|choose|click|tap|press)(?: on)? (?:the )?{_LABELS}"
          r"(?: (?:button|tab|option|menu item|menu|row|link|checkbox|toggle|icon))?"
          r"(?: (?:in|on|from) (?:the )?(?P<where>.+?))?(?: to (?P<goal>.+))?$", _select,
          "Select **Register** in the Company Portal popup that appears"),
    _rule("local-password", r"^(?:enter|type|provide) (?:your|the) (?:local |mac's |mac )"
          r"(?:device |account |user |login |admin )?password"
          rf"(?: (?:in|into|on) the \*\*(?P<where>[^*]+?)\*\* {_WINDOW}(?: that appears)?)?$", _local_password,
          "Enter your local device password in the **Profiles** window that appears"),
    _rule("credentials", r"^(?:enter|type|provide) (?:your|the user's) (?:(?:microsoft )?entra(?: id)? |"
          r"azure ad |work or school |work |organizational |sign-in |sign in )(?:account )?(?:credentials|password|"
          r"email address and password)(?: to (?:sign in|continue))?(?: when prompted(?: to .+)?)?$", _credentials,
          "Enter your Microsoft Entra ID credentials"),
    _rule("password", r"^(?:enter|type|provide) your password(?: (?:when|if) (?:prompted|asked))?$", _password,
          "Enter your password"),
    _rule("run-commands", r"^(?:run|enter|type) (?:the following|this|these|the) (?:sudo )?commands?(?: to .+?)?"
          r"(?: in (?:the )?\*{0,2}terminal\*{0,2}(?: app)?)?$", _run_commands, "Run the following command"),
    _rule("sign-in", r"^sign in(?: to (?:the )?(?P<target>[^,]+?))?(?: with your .+)?$", _sign_in,
          "Sign in to Company Portal"),
    _rule("wait-prompt", r"^wait (?:to be prompted|for (?:the|a) prompt|until (?:you're|you are) prompted)"
          r"(?: to .+)?$", _wait("prompt"), "wait to be prompted"),
    _rule("wait-registration", r"^wait (?:for|until) (?:your|the) (?:device|mac)(?: to)? "
          r"(?:register|registers|is registered|finish(?:es)? registering)(?: .+)?$",
          _wait("registration"), "wait for your device to register"),
    _rule("wait-duration", r"^wait (?:for )?(?:about |up to )?(?P<n>\d+|a few|several|a couple of) "
          r"(?P<unit>second|minute|hour)s?$", _wait_duration, "wait 5 minutes"),
    _rule("hover-notification", r"^(?:hover over|point to|move the pointer over|go to) the "
          r"(?:popup|notification|banner|alert)(?: that appears)?(?: (?:in|at) the top right(?: corner)?"
          r"(?: of (?:the|your) screen)?)?$", _hover,
          "Hover over the popup that appears in the top right corner of the screen"),
    _rule("notification-to", r"^(?:this|it|that) (?:triggers|shows|posts|raises|sends) a notification"
          r"(?: .*?)? to (?P<verb>[a-z]+) (?:your|the) (?:device|mac)(?: .*)?$", _notification_to,
          "This triggers a notification in the top right corner of the screen to register your device"),
    _rule("prompted-label", rf"^{_YOU_ARE} (?:prompted|asked) to \*\*(?P<x>[^*]+?)\*\*$", _expect_title,
          "You're prompted to **Set up Contoso Labs access**"),
    _rule("taken-through", rf"^{_YOU_ARE} taken through (?:the )?(?:same )?(?:device )?registration "
          r"(?:flow|process)(?: .*)?$", _taken_through,
          "You'll be taken through the same device registration flow"),
    _rule("prompted", rf"^{_YOU_ARE} (?:prompted|asked) to (?P<what>.+)$", _expect_words(),
          "You're prompted to register your Mac"),
    _rule("shown", rf"^{_YOU_ARE} (?:presented with|shown) (?P<what>.+)$", _expect_words(),
          "You're presented with steps to install the management profile"),
    _rule("notified-in-app", r"^(?:you|you'll|you will) (?:see|get|receive) a notification in "
          r"(?:the )?\*\*(?P<app>[^*]+?)\*\*(?: app)? that (?P<what>.+)$", _expect_words(),
          "You see a notification in **Company Portal** that the installation is complete"),
    _rule("you-see", r"^(?:you|you'll|you will|the user) (?:see|sees|notice|notices) (?:that )?(?P<what>.+)$",
          _expect_words(), "you see that the Mac is supervised and managed by **Contoso Labs**"),
    _rule("window-appears", r"^(?:a|an|the) \*\*(?P<x>[^*]+?)\*\* (?:window|dialog|sheet|screen|popup|page|pane|"
          r"prompt|notification|message) (?:appears|opens|is displayed|is shown|shows)$", _expect_title,
          "A **Send diagnostic report** window appears"),
    _rule("which-opens", r"^which opens (?:the )?\*\*(?P<x>[^*]+?)\*\*(?: (?:pane|window))?"
          r"(?: in (?:the )?(?:mac's |your mac's )?\*\*(?P<app>[^*]+?)\*\*(?: app)?)?$", _expect_title,
          "which opens **Profiles** in the Mac's **Settings**"),
    _rule("which-displays", r"^which (?:displays|shows) (?P<what>.+)$", _expect_words(within_app=True),
          "which displays a confirmation message upon successful device registration"),
    _rule("app-shows", r"^the (?:\*\*)?(?P<app>[A-Z][\w ]*?)(?:\*\*)? (?:app )?(?:window )?(?:raises|shows|displays) "
          r"(?P<what>.+)$", _expect_words(), "The Company Portal app window raises an action item"),
    _rule("window-closes", r"^the (?:sign-in |sign in |authentication |registration )?window closes"
          r"(?: automatically)?$", _window_closes, "The window closes automatically"),
    _rule("take-note", r"^(?:take note of|note|write down|copy) (?:your|the) (?P<what>.+?)(?: before .+)?$",
          _expect_words(), "Take note of your incident ID before closing the window"),
    _rule("under", r"^under \*\*(?P<x>[^*]+?)\*\*$", _expect_text,
          "Under **Microsoft Entra ID join and registration settings**"),
    _rule("ensure-selected", r"^(?:ensure|make sure) (?:that )?(?:the )?\*\*(?P<x>[^*]+?)\*\*"
          r"(?: option| setting| toggle| checkbox)? is (?P<state>selected|checked|on|enabled|turned on)(?: in .+)?$",
          _ensure_on, "ensure that the **All** option is selected in the toggle menu"),
    _rule("next-screen", r"^(?:on|in) the (?:next|new|following) (?:screen|window|page|dialog)$",
          _note("says where the next control is"), "on the next screen"),
    _rule("set-up-by-admin", r"^(?:which (?:has|have)|the (?:management )?profile should have) (?:already )?been "
          r"(?:set up|configured|created|deployed|assigned) by .+$", _note("a prerequisite the administrator set up"),
          "which has already been set up by an administrator"),
    _rule("can-be-closed", r"^the (?:application|app|window) can (?:now )?be closed$",
          _note("optional: nothing to do"), "The application can now be closed"),
    _rule("done-silently", r"^(?:this|it) is done silently(?: .*)?$",
          _note("the product shows nothing to check"), "This is done silently"),
    _rule("in-app", r"^(?:in|on|from) (?:the )?(?:\*\*)?(?P<app>[A-Z][^,*]*?)(?:\*\*)?(?: app)?(?: \(optional\))?$",
          _open,
          "In the Microsoft Intune admin center"),
)
