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
- "To <goal>, ..." (a purpose: ``psso_sim.docs.procedure_run`` checks the product reached it, see
  ``psso_sim.docs.purposes``), "Upon completion, ", "Then, ", "Next, ", "Finally, ";
- "When prompted, ..." (or "When/Once/After <something>, ...") waits to be prompted first: until
  the next label the procedure selects is on screen; "If prompted, ..." makes the sentence's
  actions optional (done only if their label is on screen);
- "When a **Single Sign-On** window appears, ..." waits for that window and checks it; "When the MFA
  flow completes, ..." waits for the registration; "Once your account is unlocked, ..." unlocks it if
  macOS asks; "When the correct pin is entered, ..." and "After unlocking the Mac, ..." say what was
  done (no wait); "In the settings picker, ...", "For more information, ..." say where (nothing);
- a condition ("For macOS 14 Sonoma users, ...", "If your local password differs ...", "If so, ..."
  after a "Check if ..." sentence; see ``psso_sim.docs.conditions``) holds for the sentence and the
  rest of its paragraph; a sentence ending "(Select for macOS 14+)" carries its own.

The rules below are the core; ``GRAMMAR`` tries the narrower rules of the current articles' phrasing
first: ``psso_sim.docs.registration_rules`` (notifications, macOS's prompts, MFA, the smart card's PIN,
claims such as "your device should be registered with PSSO") and ``psso_sim.docs.settings_rules``
(Users & Groups, switches, Terminal, the admin portal's fields), each with its own table.

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
credentials         Enter your Microsoft Entra ID / sign-in credentials (and      EnterCredentials(button);
                    select **X**)                                                MFA is approved unless an
                                                                                 approval follows (this step
                                                                                 or the next)
password            Enter your password                                          EnterPassword (the one asked)
run-commands        Run / enter the following command(s) (a code block in the    RunCommands in Terminal
                    step)                                                        (opened if need be)
sign-in             Sign in to Company Portal / to the Microsoft Intune admin   EnterCredentials, or an
                    center (opens that portal)                                   Expect when credentials
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
notified-in-app     You see a notification in **Company Portal** that X          Expect (loose X) in the app
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
ensure-selected     ensure that the **All** option is selected / is enabled      Select / SwitchOn
in-app              In the Microsoft Intune admin center / In **Basics**         OpenApp (a page: checked)
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
from dataclasses import replace

from psso_sim.docs.action_types import (
    Action,
    ApproveMFA,
    EnterCredentials,
    EnterPin,
    Expect,
    Navigate,
    Note,
    NotUnderstood,
    Select,
    StepPlan,
    Unlock,
    Wait,
)
from psso_sim.docs.conditions import CONDITION_OPENERS, Condition, read_condition, version_note
from psso_sim.docs.core_rules import CORE_RULES
from psso_sim.docs.model import Procedure, ProcedureStep
from psso_sim.docs.registration_rules import EARLY_RULES
from psso_sim.docs.rules import SURFACES, WINDOW, Context, Rule
from psso_sim.docs.sentences import ASIDE, clauses, paragraphs, sentences, step_markdown
from psso_sim.docs.settings_rules import SETTINGS_RULES
from psso_sim.docs.table_rules import table_actions

__all__ = [
    "GRAMMAR",
    "SURFACES",
    "Rule",
    "clauses",
    "plan_procedure",
    "plan_step",
    "plan_steps",
    "step_markdown",
]


GRAMMAR: tuple[Rule, ...] = (*EARLY_RULES, *SETTINGS_RULES, *CORE_RULES)
"""Every rule, in the order they are tried: the registration flow's and Settings' narrower phrasings
(``psso_sim.docs.registration_rules``, ``psso_sim.docs.settings_rules``), then the core rules above."""

_WINDOW_NAMED = rf"(?:a|an|the) \*\*(?P<window>[^*]+?)\*\* (?:{WINDOW}|prompt) (?:appears|opens|is displayed|is shown)"
_OPENERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^alternatively,?\s+", re.I), "alternative"),
    (re.compile(r"^(?:when|once) prompted,\s+", re.I), "when-prompted"),
    (re.compile(r"^if (?:prompted|asked|needed|necessary),\s+", re.I), "optional"),
    (re.compile(r"^if so,\s+", re.I), "if-so"),
    (re.compile(r"^(?:once|when|after) your account is unlocked(?: with [^,]{1,40})?,\s+", re.I), "unlock"),
    (re.compile(rf"^(?:when|once|after) {_WINDOW_NAMED},\s+", re.I), "window"),
    (re.compile(r"^(?:when|once|after) (?:the )?(?:mfa|sign[- ]in)(?: flow)? (?:completes|is complete|finishes)"
                r"(?: and [^,]{3,60})?,\s+", re.I), "registration"),
    # A past action of the reader's ("When the correct pin is entered", "After unlocking the Mac"): no wait.
    (re.compile(r"^(?:when|once|after) (?:the |your )?(?:correct )?(?:pin|password|code) (?:is|has been) entered,\s+",
                re.I), ""),
    (re.compile(r"^after unlocking (?:the|your) mac,\s+", re.I), ""),
    (re.compile(r"^upon seeing the [\"“](?P<window>[^\"”,]+)[\"”] screen(?: [^,]*)?,\s+", re.I), "seeing"),
    (re.compile(r"^when the (?:profile|policy) is ready,\s+", re.I), ""),
    (re.compile(r"^in the (?![^,]*admin center)[^,*]{3,40},\s+", re.I), ""),  # "In the settings picker, ..."
    (re.compile(r"^for more information(?: about| on)? [^,*]{3,60},\s+", re.I), ""),
    (re.compile(r"^(?:when|once|after) (?!prompted\b)[^,*]{3,80},\s+", re.I), "when-prompted"),
    (re.compile(r"^(?:upon completion|when (?:it's|it is) (?:done|complete)|then|next|finally|now|from this point on"
                r"|as a user),\s+", re.I), ""),
    (re.compile(r"^to [^,*]{3,80},\s+", re.I), ""),
    (re.compile(r"^to [^,*]{3,60}? (?=(?:select|choose|click)\s)", re.I), ""),  # "To remove it select **Remove**"
    (re.compile(r"^next to \*\*(?P<label>[^*]+)\*\*,\s+", re.I), "next-to"),  # the section, then its button
)



# ---- planning ------------------------------------------------------------------------------


def _read_clause(clause: str, ctx: Context) -> list[Action]:
    for rule in GRAMMAR:
        m = rule.pattern.match(clause)
        if m:
            return rule.build(m, clause, ctx)
    return [NotUnderstood(source=clause)]


def _merge(actions: list[Action]) -> list[Action]:
    """Credentials (and a PIN) take the button selected right after them; a sign-in before credentials is
    checked; one approval stands for the words that say it twice ("open Authenticator ... enter the number")."""
    out: list[Action] = []
    for k, action in enumerate(actions):
        after = actions[k + 1] if k + 1 < len(actions) else None
        before = out[-1] if out else None
        if isinstance(action, Select) and isinstance(before, EnterCredentials) and not action.within \
                and " and " not in before.source:
            out[-1] = replace(before, button=action.label, source=f"{before.source} and {action.source}")
            continue
        if isinstance(action, Select) and isinstance(before, EnterPin) and before.button is None:
            out[-1] = replace(before, button=action.label, source=f"{before.source} and {action.source}")
            continue
        if isinstance(action, ApproveMFA) and isinstance(before, ApproveMFA):
            out[-1] = replace(before, source=f"{before.source}, {action.source}")
            continue
        if _is_sign_in(action) and not isinstance(after, EnterCredentials):
            action = EnterCredentials(source=action.source)
        out.append(action)
    return out


def _opener(sentence: str, ctx: Context) -> tuple[str, str, re.Match[str] | None, Condition | None]:
    """The sentence's first opener: (rest, meaning, match, condition); meaning "" and no match: none."""
    for pattern in CONDITION_OPENERS:
        m = pattern.match(sentence)
        condition = read_condition(m.group("condition")) if m else None
        if m and condition is not None:
            return sentence[m.end():], "condition", m, condition
    for pattern, meaning in _OPENERS:
        m = pattern.match(sentence)
        if m:
            return sentence[m.end():], meaning, m, ctx.checked if meaning == "if-so" else None
    return sentence, "", None, None


def _opening_actions(meaning: str, m: re.Match[str]) -> list[Action]:
    source = m.group(0).strip(" ,")
    if meaning == "when-prompted":
        return [Wait(source=source, until="prompt")]
    if meaning == "registration":
        return [Wait(source=source, until="registration")]
    if meaning == "unlock":
        return [Unlock(source=source, optional=True)]
    if meaning == "next-to":
        return [Select(source=source, label=m.group("label").strip())]
    if meaning == "seeing":
        return [Expect(source=source, text=m.group("window").strip(), title=True)]
    if meaning == "window":
        window = m.group("window").strip()
        return [Wait(source=source, until="prompt", window=window), Expect(source=source, text=window, title=True)]
    return []


def plan_step(step: ProcedureStep) -> StepPlan:
    """The step's actions. A condition an opener states holds for the rest of its paragraph."""
    actions: list[Action] = []
    alternative = False
    ctx = Context(code=tuple(line for block in step.code for line in block.text.split("\n") if line.strip()))
    first = True
    for paragraph in paragraphs(step):
        if paragraph.startswith(ASIDE):
            actions.append(Note(source=paragraph[1:], reason="an admonition in the step: advice, not an instruction"))
            continue
        condition: Condition | None = None
        for sentence in sentences(paragraph):
            optional = False
            ctx.app = ctx.within = None
            while True:
                sentence, meaning, m, stated = _opener(sentence, ctx)
                if m is None:
                    break
                alternative = alternative or (meaning == "alternative" and first)
                optional = optional or meaning == "optional" or (meaning == "if-so" and stated is None)
                condition = stated or condition
                actions += [_when(a, condition) for a in _opening_actions(meaning, m)]
            first = False
            sentence, noted = version_note(sentence)
            sentence = sentence[:1].upper() + sentence[1:]
            read = _merge([a for clause in clauses(sentence) for a in _read_clause(clause, ctx)])
            actions += [_when(replace(a, optional=True) if optional else a, noted or condition) for a in read]
    for table in step.tables:
        actions += table_actions(table)
    return StepPlan(step, tuple(actions), alternative)


def _when(action: Action, condition: Condition | None) -> Action:
    """The action under the paragraph's condition, unless it states its own ("... for macOS 13 Ventura")."""
    if condition is None or action.when is not None or isinstance(action, Note | NotUnderstood):
        return action
    return replace(action, when=condition)


def plan_procedure(procedure: Procedure) -> list[StepPlan]:
    """Every step's plan; each Wait learns the next label the procedure selects after it, and credentials
    leave the MFA request to an approval the document asks for before the next sign-in (this step or the next)."""
    return _leave_mfa_to_approval(_wait_targets([plan_step(step) for step in procedure.steps]))


def plan_steps(steps: list[ProcedureStep]) -> list[StepPlan]:
    """:func:`plan_procedure` for steps outside a parsed procedure (a preamble joined to one)."""
    return _leave_mfa_to_approval(_wait_targets([plan_step(step) for step in steps]))


def _wait_targets(plans: list[StepPlan]) -> list[StepPlan]:
    flat = [(p, k) for p, plan in enumerate(plans) for k in range(len(plan.actions))]
    for at, (p, k) in enumerate(flat):
        action = plans[p].actions[k]
        if not isinstance(action, Wait) or action.until == "duration" or action.window:
            continue
        target = next((_first_label(plans[q].actions[j]) for q, j in flat[at + 1 :]
                       if _first_label(plans[q].actions[j])), None)
        plans[p] = _replaced(plans[p], k, replace(action, target=target))
    return plans


def _leave_mfa_to_approval(plans: list[StepPlan]) -> list[StepPlan]:
    flat = [(p, k) for p, plan in enumerate(plans) for k in range(len(plan.actions))]
    for at, (p, k) in enumerate(flat):
        action = plans[p].actions[k]
        if not isinstance(action, EnterCredentials):
            continue
        for q, j in flat[at + 1:]:
            later = plans[q].actions[j]
            if q > p + 1 or isinstance(later, EnterCredentials):
                break
            if isinstance(later, ApproveMFA):
                plans[p] = _replaced(plans[p], k, replace(action, approve=False))
                break
    return plans


def _replaced(plan: StepPlan, k: int, action: Action) -> StepPlan:
    updated = list(plan.actions)
    updated[k] = action
    return replace(plan, actions=tuple(updated))


def _first_label(action: Action) -> str | None:
    if isinstance(action, Select):
        return action.label
    if isinstance(action, Navigate):
        return action.path[0]
    return None


def _is_sign_in(action: Action) -> bool:
    return isinstance(action, Expect) and action.within == "Sign in" and action.text.startswith("Sign in")
