"""Where a documented procedure starts, read from the document around it.

- **The situation** (``psso_sim.docs.setups``): what the headings and the first steps say, as before
  (just-in-time registration or a **Devices** tab: ``enrolled``; repair, remove, sign out, a registered
  Mac's labels: ``registered``); else, a procedure that follows an earlier one starts where that one
  ends: its section says so ("following successful completion of <an earlier heading>"), or an earlier
  procedure of the same tab precedes it; else a procedure whose first step acts on the Registration
  Required notification starts with the Mac asking to register (``awaiting-registration``).
- **The authentication method** the admin deployed: the one a method tab names ("Secure Enclave",
  "Smart Card", "Password"), or the one a step requires ("Ensure that your admin set up your device with
  Secure Enclave as the authentication method"). The macOS versions a procedure runs on are those the
  product release and the method both allow (Smart card: macOS 14 and later).
- **How the Mac joined**: through Setup Assistant (automated device enrollment) in a document or a
  procedure about the out-of-box experience, else through Company Portal (``psso_sim.docs.setups``).
- **The preamble**: in a tab, an instruction with its commands before the procedure ("Open the
  **Terminal** app and run the following commands ..." and a console block) is done first, as step 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from psso_sim.docs.action_types import Expect, ExpectState, Navigate, OpenApp, RunCommands, Select, StepPlan
from psso_sim.docs.actions import plan_step
from psso_sim.docs.markdown import plain_text
from psso_sim.docs.model import Block, CodeBlock, Document, Procedure, ProcedureStep, Section
from psso_sim.docs.setups import Joined, Setup, Start, method_called
from psso_sim.docs.shell import SHELL_LANGS
from psso_sim.macos.authentication_methods import AuthenticationMethod
from psso_sim.product import MACOS, ProductRelease

__all__ = ["joined_by", "method_of", "method_versions", "preamble", "setup_for", "start_for"]

_ENROLLED = re.compile(r"\b(?:just[- ]in[- ]time|JITR?|(?:is|are|already) enrolled|enrolled using)\b", re.I)
_REGISTERED = re.compile(
    r"\b(?:repair|remove|deregister|unregister|re-?register|sign out|troubleshoot|report an issue|diagnostics?|"
    r"validate|registered (?:device|mac))\b",
    re.I,
)
_REGISTERED_LABELS = {"Repair", "Unregister", "Deregister", "Sign out", "Send diagnostic report",
                      "Network Account Server"}
_FOLLOWS = re.compile(r"\b(?:following|after) (?:the )?(?:successful )?(?:completion of|completing|you complete) "
                      r"(?P<title>[^.,;]+)", re.I)
_ASKS_TO_REGISTER = "Registration Required"
_CANNOT_JOIN = re.compile(r"\binsufficient permissions\b|\bmust be allow-?listed\b|\bnot allowed to join\b", re.I)
_EXISTING_CATALOG = re.compile(r"\byour existing (?:Platform SSO )?settings catalog (?:policy|profile)\b", re.I)
_OUT_OF_BOX = re.compile(r"\b(?:out[- ]of[- ]box|setup assistant|automated device enrollment)\b|[\"“]hello[\"”] screen",
                         re.I)  # the notification the current release's enrollment ends with


def setup_for(procedure: Procedure, plans: Sequence[StepPlan], doc_title: str | None = None,
              doc: Document | None = None) -> Setup:
    """The situation a procedure starts from, read from its headings, its first steps, and the document."""
    section = procedure.section
    titles = [t for t in ([*section.parents, section.title] if section else []) if t != doc_title]
    context = " ".join([*titles, *procedure.intro])
    first = [a for plan in plans[:1] for a in plan.actions]
    in_portal = any(isinstance(a, OpenApp) and a.app == "Company Portal" for a in first)
    devices_tab = in_portal and any(isinstance(a, Navigate) and a.path[0] == "Devices" for a in first)
    if _ENROLLED.search(context) or devices_tab:
        return "enrolled"
    labels = {a.label for plan in plans for a in plan.actions if isinstance(a, Select)}
    labels |= {p for plan in plans for a in plan.actions if isinstance(a, Navigate) for p in a.path}
    labels |= {a.text for plan in plans for a in plan.actions if isinstance(a, Expect) and a.title}
    if _REGISTERED.search(context) or labels & _REGISTERED_LABELS:
        return "registered"
    earlier = _followed(procedure, doc) if doc is not None else None
    if earlier is not None:
        return _ends_in(earlier, doc_title, doc)
    asks = any(getattr(a, "text", None) == _ASKS_TO_REGISTER and getattr(a, "within", None) == "Notification"
               for a in first)
    return "awaiting-registration" if asks else "new"


def start_for(procedure: Procedure, plans: Sequence[StepPlan], doc_title: str | None = None,
              doc: Document | None = None) -> Start:
    catalog = _EXISTING_CATALOG.search(" ".join(step.plain for step in procedure.steps))
    section = procedure.section
    situation = " ".join([section.title if section else "", *procedure.intro, _prose_before(procedure, doc)
                          if doc is not None else ""])
    return Start(setup_for(procedure, plans, doc_title, doc), method_of(procedure, plans),
                 joined_by(procedure, doc_title), "settings catalog" if catalog else "profile",
                 bool(_CANNOT_JOIN.search(situation)))


def joined_by(procedure: Procedure, doc_title: str | None = None) -> Joined:
    """How the document's Macs join: through Setup Assistant when it or the procedure is about the
    out-of-box experience (automated device enrollment, the "Hello" screen), else through Company Portal."""
    section = procedure.section
    words = [doc_title or "", *(section.parents if section else []), section.title if section else "",
             *procedure.intro, *(step.plain for step in procedure.steps[:1])]
    return "setup-assistant" if _OUT_OF_BOX.search(" ".join(words)) else "company-portal"


def method_of(procedure: Procedure, plans: Sequence[StepPlan]) -> AuthenticationMethod | None:
    """The Platform SSO method a procedure is about: its tab's, or the one a step requires."""
    if procedure.tab:
        method = method_called(procedure.tab)
        if method is not None:
            return method
    required = [a.value for plan in plans for a in plan.actions if isinstance(a, ExpectState) and a.state == "method"]
    return method_called(required[0]) if required else None


def method_versions(method: AuthenticationMethod | None, release: ProductRelease,
                    versions: Sequence[int]) -> tuple[list[int], str | None]:
    """The versions (of ``versions``) a procedure about ``method`` runs on, and, when none, why not."""
    if method is None:
        return list(versions), None
    if not release.supports_method(method.value):
        return [], f"product release {release.name} has no {method.title} method"
    allowed = [v for v in versions if method.value in MACOS[v].authentication_methods]
    if allowed:
        return allowed, None
    offered = [v for v in release.macos_versions if method.value in MACOS[v].authentication_methods]
    return [], f"the {method.title} method needs macOS {' or '.join(map(str, offered)) or '(none)'}"


def preamble(procedure: Procedure, doc: Document | None) -> list[ProcedureStep]:
    """In the procedure's tab, before it: paragraphs that say to run commands, each with its code block."""
    tab = _tab_of(procedure, doc)
    if doc is None or tab is None:
        return []
    blocks = [b for b in doc.blocks if tab.line < b.line < procedure.line]
    steps = []
    for block, after in pairwise(blocks):
        code = next((c for c in doc.code_blocks if c.line == after.line), None)
        if block.kind != "paragraph" or after.kind != "code" or code is None or code.lang not in SHELL_LANGS:
            continue
        step = _step(block, code)
        if any(isinstance(a, RunCommands) for a in plan_step(step).actions):
            steps.append(step)
    return steps


def _step(block: Block, code: CodeBlock) -> ProcedureStep:
    text = "\n".join(block.lines)
    labels = re.findall(r"\*\*(.+?)\*\*", text)
    return ProcedureStep(0, block.line, text, plain_text(text), labels, [], [code], block.end_line)


def _tab_of(procedure: Procedure, doc: Document | None) -> Section | None:
    if doc is None or procedure.section is None or procedure.tab is None:
        return None
    tabs = [s for s in doc.sections if s.is_tab and s.line <= procedure.line <= s.end_line]
    return tabs[-1] if tabs else None


def _followed(procedure: Procedure, doc: Document) -> Procedure | None:
    """The earlier procedure this one follows: the previous procedure of the same tab, or the one under a
    heading its section's prose names as completed first."""
    earlier = [p for p in doc.procedures if p.line < procedure.line]
    tab = _tab_of(procedure, doc)
    same_tab = [p for p in earlier if tab is not None and tab.line < p.line]
    if same_tab:
        return same_tab[-1]
    for m in _FOLLOWS.finditer(_prose_before(procedure, doc)):
        named = m.group("title").strip().casefold()
        found = next((p for p in reversed(earlier) if p.section and named.startswith(p.section.title.casefold())),
                     None)
        if found is not None:
            return found
    return None


def _prose_before(procedure: Procedure, doc: Document) -> str:
    """The paragraphs of the sections the procedure is in (below the title), before it, its own tab's or none."""
    owners = [s for s in doc.sections if not s.is_tab and s.level > 1 and s.line <= procedure.line <= s.end_line]
    if not owners:
        return ""
    start, tab = min(s.line for s in owners), _tab_of(procedure, doc)

    def tab_at(line: int) -> Section | None:
        tabs = [s for s in doc.sections if s.is_tab and s.line <= line <= s.end_line]
        return tabs[-1] if tabs else None

    lines = [line for b in doc.blocks if b.kind == "paragraph" and start < b.line < procedure.line
             and tab_at(b.line) in (None, tab) for line in b.lines]
    return plain_text(" ".join(lines))


def _ends_in(procedure: Procedure, doc_title: str | None, doc: Document | None) -> Setup:
    """Where an earlier procedure leaves the Mac: registered if it registers, asking to if it enrolls."""
    plans = [plan_step(step) for step in procedure.steps]
    labels = {a.label for plan in plans for a in plan.actions if isinstance(a, Select)}
    if "Register" in labels or any(isinstance(a, ExpectState) and a.state == "registered"
                                   for plan in plans for a in plan.actions):
        return "registered"
    if "Enroll" in labels:
        return "awaiting-registration"
    return setup_for(procedure, plans, doc_title, None)
