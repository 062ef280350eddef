"""From a documented step to actions on the simulated product: a small, explicit grammar.

A step's text (comments and code removed, **bold** kept) is cut into sentences, and each
sentence into clauses at ", ", "; ", " and " or " then " where the words after it start a new
instruction (a verb of the grammar such as *select* or *wait*, "which ...", "on the next
screen"...). A **bold** span is a UI label and is never cut. Each clause must match one rule of
``GRAMMAR`` (first match wins, case-insensitive); a clause that matches none becomes
``NotUnderstood`` and is reported with its text, never skipped.

Sentence openers, removed before the clauses are read:

- "Alternatively, ..." makes the step an alternative to the step before it (it is verified
  from the state before that step);
- "To <goal>, ..." (a purpose), "Upon completion, ", "Then, ", "Next, ", "Finally, ";
- "When prompted, ..." (or "When/Once/After <something>, ...") waits to be prompted first: until
  the next label the procedure selects is on screen; "If prompted, ..." makes the sentence's
  actions optional (done only if their label is on screen).

==================  ===========================================================  ==========================
rule                example clause                                               actions
==================  ===========================================================  ==========================
open                Open the **Company Portal** app                              OpenApp
return              Return to the **Company Portal** app                         OpenApp (to the front)
navigate            navigate to **Users & Groups** > **Network Account Server**  Navigate (select each)
select              Select **Edit**, then **Repair** / select **Done** to ...    Select, one per label
select-in           Select **Register** in the Company Portal popup              Select within a window
                    ... in the **Profiles** window                               Expect the title, Select
local-password      Enter your local device password in the **Profiles** window  [Expect] EnterLocalPassword
credentials         Enter your Microsoft Entra ID credentials (and select **X**) EnterCredentials(button)
password            Enter your password                                          EnterPassword (the one asked)
run-commands        Run the following command (a code block in the step)         RunCommands in Terminal
sign-in             Sign in to Company Portal                                    EnterCredentials, or an
                                                                                 Expect when credentials
                                                                                 follow in the sentence
wait-prompt         wait to be prompted                                          Wait until the next label
wait-registration   wait for your device to register                             Wait until registered
wait-duration       wait 5 minutes                                               Wait
hover-notification  Hover over the popup ... in the top right corner ...         Expect the notification;
                                                                                 later selects act on it
notification-to     This triggers a notification ... to register your device    Expect the notification,
                                                                                 Select its action (implied)
prompted-label      You're prompted to **Set up Contoso Labs access**            Expect a window title
prompted / shown    You're prompted to register your Mac / You're presented ... Expect (loose words)
you-see             you see that the Mac is supervised and managed by **X**      Expect (loose, X exact)
window-appears      A **Send diagnostic report** window appears                  Expect a window title
which-opens         which opens **Profiles** in the Mac's **Settings**           Expect the title in that app
which-displays      which displays a confirmation message ...                    Expect (loose) in the app;
                                                                                 a confirmation must say
                                                                                 complete/success/all set
app-shows           The Company Portal app window raises an action item ...      Expect (loose) in the app
window-closes       The window closes automatically                              ExpectGone (sign-in sheet)
taken-through       You'll be taken through the same device registration flow   Expect a registration window
take-note           Take note of your incident ID ...                            Expect (loose)
under               Under **Microsoft Entra ID join and registration settings**  Expect the words, whole
ensure-selected     ensure that the **All** option is selected                   Select
in-app              In the Microsoft Intune admin center                         OpenApp
(notes)             on the next screen / which has already been set up by ...   Note (nothing to check)
==================  ===========================================================  ==========================

"Expect (loose)" finds the phrase's words (short function words and UI words such as "window",
"message" left out; a word matches a shown word sharing its first six letters) on screen; an
exact expectation matches a control label, a window title (or part of one split at " | "), or
the words whole. "Wait" actions are bounded (``WAIT_LIMIT`` of simulated time) and wait for the
next label the procedure selects (``Wait.target``, filled in by ``plan_procedure``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    Note,
    NotUnderstood,
    OpenApp,
    RunCommands,
    Select,
    StepPlan,
    Wait,
)
from psso_sim.docs.model import Procedure, ProcedureStep
from psso_sim.docs.sentences import clauses, sentences, step_markdown

__all__ = [
    "GRAMMAR",
    "SURFACES",
    "Rule",
    "clauses",
    "plan_procedure",
    "plan_step",
    "step_markdown",
]

# Where a clause says "in the X window", the window (Desktop surface) it means.
SURFACES = {
    "company portal": "Company Portal",
    "settings": "System Settings",
    "system settings": "System Settings",
    "notification": "Notification",
    "sign in": "Sign in",
    "sign-in": "Sign in",
}


# ---- the grammar ---------------------------------------------------------------------------

_LABELS = r"(?P<labels>\*\*[^*]+?\*\*(?:\s*(?:,\s*|>|\bthen\b|\band\b|\bor\b)\s*(?:then\s+)?\*\*[^*]+?\*\*)*)"
_WINDOW = r"(?:popup|window|dialog|sheet|notification|banner|screen|app|pane|page)"
_GENERIC_WINDOW = re.compile(
    rf"^(?:the |a )?(?:new |next |same |following )?{_WINDOW}(?: that (?:appears|opens))?$", re.IGNORECASE
)


@dataclass
class _Context:
    """What earlier clauses of the sentence set: the app in play, the surface selects act on."""

    app: str | None = None
    within: str | None = None
    code: tuple[str, ...] = ()  # the commands in the step's code blocks


Build = Callable[[re.Match[str], str, _Context], list[Action]]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Build
    example: str


def _labels(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"\*\*([^*]+?)\*\*", text)]


def _surface(where: str | None) -> str | None:
    if not where:
        return None
    name = re.sub(rf"\s+{_WINDOW}(?:\s+that appears)?$", "", where.strip(), flags=re.I)
    name = re.sub(r"^(?:the\s+)?(?:mac's\s+|your mac's\s+)?", "", name.replace("**", ""), flags=re.I)
    if re.search(r"top right", where, re.I) or re.fullmatch(r"(?:popup|notification|banner)", name, re.I):
        return "Notification"
    return SURFACES.get(name.lower())


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


def _note(reason: str) -> Build:
    def build(m: re.Match[str], src: str, ctx: _Context) -> list[Action]:
        return [Note(source=src, reason=reason)]

    return build


def _rule(name: str, pattern: str, build: Build, example: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build, example)


_YOU_ARE = r"(?:you're|you are|you'll be|you will be)"

GRAMMAR: tuple[Rule, ...] = (
    _rule("open", r"^(?:open|launch|start) (?:the )?\*\*(?P<app>[^*]+?)\*\*(?: (?:app|application))?"
          r"(?: on (?:your|the) mac)?$", _open, "Open the **Company Portal** app"),
    _rule("return", r"^(?:return|go back|switch|come back) to (?:the )?\*\*(?P<app>[^*]+?)\*\*"
          r"(?: (?:app|application|window))?$", _open, "Return to the **Company Portal** app"),
    _rule("navigate", rf"^(?:navigate|go|browse)(?: to)? (?:the )?{_LABELS}"
          r"(?: (?:tab|pane|menu|page|section|window|screen|settings))?$", _navigate,
          "navigate to **Users & Groups** > **Network Account Server**"),
    _rule("select", rf"^(?:select|choose|click|tap|press)(?: on)? (?:the )?{_LABELS}"
          r"(?: (?:button|tab|option|menu item|menu|row|link|checkbox|toggle))?"
          r"(?: (?:in|on|from) (?:the )?(?P<where>.+?))?(?: to (?P<goal>.+))?$", _select,
          "Select **Register** in the Company Portal popup that appears"),
    _rule("local-password", r"^(?:enter|type|provide) (?:your|the) (?:local |mac's |mac )"
          r"(?:device |account |user |login |admin )?password"
          rf"(?: (?:in|into|on) the \*\*(?P<where>[^*]+?)\*\* {_WINDOW}(?: that appears)?)?$", _local_password,
          "Enter your local device password in the **Profiles** window that appears"),
    _rule("credentials", r"^(?:enter|type|provide) (?:your|the user's) (?:(?:microsoft )?entra(?: id)? |"
          r"azure ad |work or school |work |organizational )(?:account )?(?:credentials|password|"
          r"email address and password)(?: to (?:sign in|continue))?$", _credentials,
          "Enter your Microsoft Entra ID credentials"),
    _rule("password", r"^(?:enter|type|provide) your password(?: (?:when|if) (?:prompted|asked))?$", _password,
          "Enter your password"),
    _rule("run-commands", r"^run (?:the following|this|these|the) commands?(?: in (?:the )?\*{0,2}terminal\*{0,2})?$",
          _run_commands, "Run the following command"),
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
    _rule("you-see", r"^(?:you|you'll|you will) (?:see|notice) (?:that )?(?P<what>.+)$", _expect_words(),
          "you see that the Mac is supervised and managed by **Contoso Labs**"),
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
          r"(?: option| setting| toggle| checkbox)? is (?:selected|checked|on|enabled|turned on)(?: in .+)?$",
          _ensure_selected, "ensure that the **All** option is selected in the toggle menu"),
    _rule("next-screen", r"^(?:on|in) the (?:next|new|following) (?:screen|window|page|dialog)$",
          _note("says where the next control is"), "on the next screen"),
    _rule("set-up-by-admin", r"^which (?:has|have) (?:already )?been (?:set up|configured|created|deployed|assigned)"
          r" by .+$", _note("a prerequisite the administrator set up"),
          "which has already been set up by an administrator"),
    _rule("can-be-closed", r"^the (?:application|app|window) can (?:now )?be closed$",
          _note("optional: nothing to do"), "The application can now be closed"),
    _rule("done-silently", r"^(?:this|it) is done silently(?: .*)?$",
          _note("the product shows nothing to check"), "This is done silently"),
    _rule("in-app", r"^(?:in|on|from) (?:the )?(?:\*\*)?(?P<app>[A-Z][^,*]*?)(?:\*\*)?(?: app)?$", _open,
          "In the Microsoft Intune admin center"),
)

_OPENERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^alternatively,?\s+", re.I), "alternative"),
    (re.compile(r"^(?:when|once) prompted,\s+", re.I), "when-prompted"),
    (re.compile(r"^if (?:prompted|asked|needed|necessary),\s+", re.I), "optional"),
    (re.compile(r"^(?:when|once|after) (?!prompted\b)[^,*]{3,80},\s+", re.I), "when-prompted"),
    (re.compile(r"^(?:upon completion|when (?:it's|it is) (?:done|complete)|then|next|finally|now),\s+", re.I), ""),
    (re.compile(r"^to [^,*]{3,80},\s+", re.I), ""),
)


# ---- planning ------------------------------------------------------------------------------


def _read_clause(clause: str, ctx: _Context) -> list[Action]:
    for rule in GRAMMAR:
        m = rule.pattern.match(clause)
        if m:
            return rule.build(m, clause, ctx)
    return [NotUnderstood(source=clause)]


def _merge(actions: list[Action]) -> list[Action]:
    """Credentials take the button selected right after them; a sign-in before credentials is checked."""
    out: list[Action] = []
    for k, action in enumerate(actions):
        after = actions[k + 1] if k + 1 < len(actions) else None
        before = out[-1] if out else None
        if isinstance(action, Select) and isinstance(before, EnterCredentials) and not action.within \
                and " and " not in before.source:
            out[-1] = replace(before, button=action.label, source=f"{before.source} and {action.source}")
            continue
        if _is_sign_in(action) and not isinstance(after, EnterCredentials):
            action = EnterCredentials(source=action.source)
        out.append(action)
    return out


def plan_step(step: ProcedureStep) -> StepPlan:
    actions: list[Action] = []
    alternative = False
    for n, sentence in enumerate(sentences(step_markdown(step))):
        optional = False
        found = True
        while found:
            found = False
            for pattern, meaning in _OPENERS:
                m = pattern.match(sentence)
                if m:
                    found = True
                    sentence = sentence[m.end():]
                    alternative = alternative or (meaning == "alternative" and n == 0)
                    optional = optional or meaning == "optional"
                    if meaning == "when-prompted":
                        actions.append(Wait(source=m.group(0).strip(" ,"), until="prompt"))
                    break
        sentence = sentence[:1].upper() + sentence[1:]
        ctx = _Context(code=tuple(line for block in step.code for line in block.text.split("\n") if line.strip()))
        read = _merge([a for clause in clauses(sentence) for a in _read_clause(clause, ctx)])
        actions += [replace(a, optional=True) if optional else a for a in read]
    return StepPlan(step, tuple(actions), alternative)


def plan_procedure(procedure: Procedure) -> list[StepPlan]:
    """Every step's plan; each Wait learns the next label the procedure selects after it."""
    plans = [plan_step(step) for step in procedure.steps]
    flat = [(p, k) for p, plan in enumerate(plans) for k in range(len(plan.actions))]
    for at, (p, k) in enumerate(flat):
        action = plans[p].actions[k]
        if not isinstance(action, Wait) or action.until == "duration":
            continue
        target = next((_first_label(plans[q].actions[j]) for q, j in flat[at + 1 :]
                       if _first_label(plans[q].actions[j])), None)
        updated = list(plans[p].actions)
        updated[k] = replace(action, target=target)
        plans[p] = replace(plans[p], actions=tuple(updated))
    return plans


def _first_label(action: Action) -> str | None:
    if isinstance(action, Select):
        return action.label
    if isinstance(action, Navigate):
        return action.path[0]
    return None


def _is_sign_in(action: Action) -> bool:
    return isinstance(action, Expect) and action.within == "Sign in" and action.text.startswith("Sign in")
