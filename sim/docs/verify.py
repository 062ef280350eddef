"""Verify a documented procedure by doing it on the simulated product.

Each numbered procedure runs in a fresh, seeded World (``Session``), on the macOS version of
its tab ("macOS 13" / "macOS 14"), or on each version asked for when it is in no tab. Its
steps' actions (``psso_sim.docs.actions``) run in order, and every step gets a verdict:

- ``failed``: an action did not work; the message says why and the report keeps the screen.
  A label that is not on screen but close to one that is ("Enrol" for "Enroll") is reported
  with the suggestion, and the run goes on with the label on screen, so later steps are
  still checked. Other failures leave the step *pending*.
- ``out-of-order``: a pending step whose action becomes possible after a later step ran (its
  remaining actions then run there). When one later step unblocks several pending steps, it is
  the later step that is out of order; two neighbouring steps that need each other the other
  way round are both reported.
- ``not-available-on-version``: the action that failed works on the other macOS version, from
  the same actions replayed in a fresh World: a step in the wrong tab, or a control the
  product offers only on one version.
- ``not-understood``: a clause no grammar rule reads; the step's other actions still run.

A step after an unresolved failure records it in ``blocked_by``: it may fail only because of it.
"Alternatively, ..." steps are verified from the state before the step they replace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from psso_sim.docs.action_types import (
    Action,
    Expect,
    ExpectGone,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    Select,
    StepPlan,
    Wait,
)
from psso_sim.docs.actions import plan_procedure
from psso_sim.docs.findings import static_findings
from psso_sim.docs.markdown import load_document, plain_text
from psso_sim.docs.model import Document, Procedure, Section
from psso_sim.docs.results import VERDICTS, ProcedureResult, Report, StepResult, Verdict
from psso_sim.docs.session import ADMIN_APPS, SETUPS, Session, Setup, StepFailure
from psso_sim.errors import SimError
from psso_sim.product import DEFAULT_PRODUCT, MACOS, PRODUCTS, ProductRelease, product_for_date, product_release

__all__ = ["DEFAULT_VERSIONS", "VerifyUsageError", "document_date", "product_of", "setup_for", "verify_document",
           "verify_file", "verify_procedure", "version_of"]


class VerifyUsageError(SimError):
    """A run that cannot be made as asked (a macOS version the product release does not cover)."""

    subsystem = "docs"
    exit_status = 2

DEFAULT_VERSIONS = (13, 14)
"""The macOS versions of the seeds' product (a run's default is its product release's own versions)."""
_MS_DATE = (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})$"), re.compile(r"(\d{4})-(\d{2})-(\d{2})"))

_ENROLLED = re.compile(r"\b(?:just[- ]in[- ]time|JITR?|(?:is|are|already) enrolled|enrolled using)\b", re.I)
_REGISTERED = re.compile(
    r"\b(?:repair|remove|deregister|unregister|re-?register|sign out|troubleshoot|report an issue|diagnostics?|"
    r"validate|registered (?:device|mac))\b",
    re.I,
)
_REGISTERED_LABELS = {"Repair", "Unregister", "Deregister", "Sign out", "Send diagnostic report",
                      "Network Account Server"}


def version_of(procedure: Procedure) -> int | None:
    """The macOS version a procedure's tab is for ("macOS 14", "#tab/macOS13", "Sonoma"), if any."""
    names = f"{procedure.tab or ''} {procedure.tab_id or ''}".lower()
    match = re.search(r"macos\s*(\d+)\b", names)
    if match and int(match.group(1)) in MACOS:
        return int(match.group(1))
    return next((major for major, release in MACOS.items() if release.name.lower() in names), None)


def document_date(doc: Document) -> date | None:
    """The document's ``ms.date`` (MM/DD/YYYY in the sources, ISO on rendered Learn pages), if readable."""
    text = doc.front_matter.get("ms.date", "").strip()
    us, iso = (pattern.match(text) for pattern in _MS_DATE)
    try:
        if us:
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:  # a bad date is a static finding (front-matter), not a reason to stop
        return None
    return None


def product_of(doc: Document, product: str | None = None) -> ProductRelease:
    """The release a document is verified against: the one named, else the one its ms.date describes."""
    return product_release(product) if product else product_for_date(document_date(doc))


def setup_for(procedure: Procedure, plans: Sequence[StepPlan], doc_title: str | None = None) -> Setup:
    """The situation a procedure starts from, read from its headings and its first steps."""
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
    if _REGISTERED.search(context) or labels & _REGISTERED_LABELS:
        return "registered"
    return "new"


def verify_file(
    path: str | Path, *, macos: Sequence[int] | None = None, seed: int = 0, product: str | None = None
) -> Report:
    """Read, check and verify a markdown file (DocumentError if it cannot be read)."""
    return verify_document(load_document(path), macos=macos, seed=seed, base_dir=Path(path).parent,
                           product=product)


def verify_document(
    doc: Document, *, macos: Sequence[int] | None = None, seed: int = 0, base_dir: Path | None = None,
    product: str | None = None,
) -> Report:
    """Verify every procedure on the product release named (default: the one the document's ms.date
    describes), on ``macos`` for procedures outside a version tab (default: all the release's versions)."""
    release = product_of(doc, product)
    macos = tuple(macos) if macos else release.macos_versions
    outside = [v for v in macos if v not in release.macos_versions]
    if outside:
        raise VerifyUsageError(f"macOS {outside[0]} is not part of product release {release.name}",
                               hint=f"its versions: {', '.join(map(str, release.macos_versions))}")
    results: list[ProcedureResult] = []
    for procedure in doc.procedures:
        tab_version = version_of(procedure)
        versions = [tab_version] if tab_version else list(macos)
        if _admin_only(procedure):
            versions = versions[-1:]  # no Mac in it: one run is enough
        for version in versions:
            results.append(verify_procedure(procedure, macos=version, seed=seed, doc_title=doc.title,
                                            doc_sections=doc.sections, product=release.name))
    findings = static_findings(doc, base_dir=base_dir)
    return Report(doc.path, tuple(results), tuple(findings), doc.title, seed, tuple(macos), release.name)


def verify_procedure(
    procedure: Procedure, *, macos: int, seed: int = 0, doc_title: str | None = None,
    doc_sections: Sequence[Section] = (), product: str = DEFAULT_PRODUCT,
) -> ProcedureResult:
    plans = plan_procedure(procedure)
    setup = setup_for(procedure, plans, doc_title)
    steps = _Run(plans, macos=macos, seed=seed, setup=setup, product=product).run()
    section = procedure.section
    title, heading = (section.title, section.line) if section else (doc_title or "Procedure", None)
    if section is not None and section.is_tab and section.parents:
        title = section.parents[-1]
        heading = next((s.line for s in reversed(doc_sections) if s.title == title and s.line < section.line), None)
    return ProcedureResult(
        title=title,
        line=procedure.line,
        heading_line=heading,
        tab=procedure.tab,
        macos=macos,
        steps=tuple(steps),
        setup=setup,
        setup_description=SETUPS[setup],
        intro=plain_text(" ".join(procedure.intro)),
    )


def _admin_only(procedure: Procedure) -> bool:
    """A procedure that starts in the administrator's browser (the Intune admin center)."""
    first = plan_procedure(procedure)[:1]
    return bool(first and first[0].actions and isinstance(first[0].actions[0], OpenApp)
                and first[0].actions[0].app in ADMIN_APPS)


# ---- the run -------------------------------------------------------------------------------

_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


@dataclass
class _Entry:
    verdict: Verdict
    message: str
    screen: str | None = None


@dataclass
class _Record:
    plan: StepPlan
    actions: list[Action]
    entries: list[_Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocked_by: int | None = None
    pending: _Entry | None = None  # the failure that may yet prove to be an ordering problem
    stopped: bool = False  # the step stopped at a failure and its remaining actions were not done

    @property
    def line(self) -> int:
        return self.plan.step.line

    def result(self) -> StepResult:
        step = self.plan.step
        worst = max(self.entries, key=lambda e: _RANK[e.verdict], default=None)
        verdict: Verdict = worst.verdict if worst else "verified"
        messages = [e.message for e in sorted(self.entries, key=lambda e: -_RANK[e.verdict])]
        return StepResult(
            line=step.line,
            number=step.number,
            text=step.plain,
            verdict=verdict,
            message=_message(messages, self.notes, self.blocked_by if verdict == "failed" else None),
            screen=worst.screen if worst else None,
            actions=tuple(a.describe() for a in self.plan.actions),
            notes=tuple(self.notes),
            not_understood=tuple(self.plan.not_understood),
            blocked_by=self.blocked_by if verdict == "failed" else None,
        )


def _message(messages: list[str], notes: list[str], blocked_by: int | None) -> str:
    if not messages:
        return "; ".join(notes)
    text = "; ".join(messages)
    return f"{text} (may follow from the failure at line {blocked_by})" if blocked_by is not None else text


def _expand(actions: Sequence[Action]) -> list[Action]:
    """A navigation is one select per label, so a failure points at the label that failed."""
    out: list[Action] = []
    for action in actions:
        if isinstance(action, Navigate):
            out += [Select(source=action.source, label=label, optional=action.optional) for label in action.path]
        else:
            out.append(action)
    return out


class _Run:
    def __init__(self, plans: Sequence[StepPlan], *, macos: int, seed: int, setup: Setup, product: str) -> None:
        self.macos, self.seed, self.setup, self.product = macos, seed, setup, product
        self.records = [_Record(plan, _expand(plan.actions)) for plan in plans]
        self.log: list[Action] = []  # every action that worked, in order: replayed to branch
        self.starts: list[int] = [0] * len(plans)
        self.pending: list[tuple[int, int]] = []  # (step, action) that failed and may be out of order
        self.session: Session | None = None

    def run(self) -> list[StepResult]:
        try:
            self.session = Session(seed=self.seed, macos=self.macos, setup=self.setup, product=self.product)
        except SimError as error:
            for record in self.records:
                record.entries.append(_Entry("failed", f"not run: {error.message}"))
            return [record.result() for record in self.records]
        try:
            for i, record in enumerate(self.records):
                if record.plan.alternative and i > 0:
                    self._branch(i - 1)
                self.starts[i] = len(self.log)
                for clause in record.plan.not_understood:
                    record.entries.append(_Entry("not-understood", f"not understood: {clause!r}"))
                self._run_step(i, 0)
                self._retry_pending(i)
            self._check_finished()
        finally:
            self.session.close()
        return [record.result() for record in self.records]

    def _check_finished(self) -> None:
        """A procedure that ends on a screen still offering Done is missing its last step."""
        assert self.session is not None
        if not self.records or self.pending:
            return
        selected = {a.label for r in self.records for a in r.actions if isinstance(a, Select)}
        unfinished = self.session.unfinished()
        last = self.records[-1]
        if unfinished and not any(label in selected for label in ("Done", "Finish")) and not last.entries:
            last.entries.append(_Entry(
                "failed", f"the procedure ends here, but {unfinished}: a step to finish is missing",
                self.session.screen(),
            ))

    def _run_step(self, i: int, start: int) -> bool:
        """Run step ``i`` from action ``start``; False when it stopped at a failure."""
        assert self.session is not None
        record = self.records[i]
        for k in range(start, len(record.actions)):
            action = record.actions[k]
            if isinstance(action, NotUnderstood):
                continue
            if isinstance(action, Note):
                record.notes.append(f"{action.source!r}: {action.reason}")
                continue
            try:
                note = self.session.perform(action)
            except StepFailure as failure:
                if not self._failed(i, k, action, failure):
                    return False
                continue
            self.log.append(action)
            if note:
                record.notes.append(note)
        return True

    def _failed(self, i: int, k: int, action: Action, failure: StepFailure) -> bool:
        """Record a failure; True when the run could go on within the step."""
        assert self.session is not None
        record = self.records[i]
        entry = _Entry("failed", f"{action.describe()}: {failure.message}", failure.screen)
        if failure.suggestion is not None and isinstance(action, Select):
            record.entries.append(entry)
            corrected = replace(action, label=failure.suggestion)
            try:
                self.session.perform(corrected)
            except StepFailure:
                record.stopped = True
                return False
            self.log.append(corrected)
            record.notes.append(f"went on with '{failure.suggestion}', the closest label on screen")
            return True
        if failure.suggestion is not None:  # an expectation with a near miss: nothing changed on screen
            record.entries.append(entry)
            return True
        earlier = [r.line for r in self.records[:i] if r.stopped]
        other = None if earlier else self._other_version_offers(action)  # after a failure, anything goes
        if other is not None:
            record.entries.append(_Entry(
                "not-available-on-version",
                f"{action.describe()}: not available on macOS {self.macos} ({failure.message}); "
                f"it is on macOS {other}",
                failure.screen,
            ))
            record.stopped = True
            return False
        record.blocked_by = earlier[0] if earlier else None
        record.pending = entry
        record.stopped = True
        record.entries.append(entry)
        self.pending.append((i, k))
        return False

    def _other_version_offers(self, action: Action) -> int | None:
        """The first other macOS version of the product release on which the action works, if any."""
        for other in (v for v in PRODUCTS[self.product].macos_versions if v != self.macos):
            try:
                session = Session(seed=self.seed, macos=other, setup=self.setup, product=self.product)
            except SimError:
                continue
            try:
                works = session.replay(self.log) and session.replay([action])
            finally:
                session.close()
            if works:
                return other
        return None

    def _retry_pending(self, after: int) -> None:
        """Steps that failed earlier and can be done now were out of order."""
        assert self.session is not None
        unblocked: list[int] = []
        tried: set[tuple[int, int]] = set()
        waited: set[tuple[int, int]] = set()
        progress = True
        while progress:
            progress = False
            for i, k in list(self.pending):
                record = self.records[i]
                if i == after or (i, k) in tried or not self._ready(i, k, waited):
                    continue
                tried.add((i, k))
                self.pending.remove((i, k))
                if record.pending in record.entries:
                    record.entries.remove(record.pending)
                record.pending = None
                record.blocked_by = None
                record.stopped = False
                completed = self._run_step(i, k)
                if completed:
                    unblocked.append(i)
                progress = True
                break
        if unblocked:
            self._explain_order(after, unblocked)

    def _ready(self, i: int, k: int, waited: set[tuple[int, int]]) -> bool:
        """Can pending action k of step i be done now?

        The actions just before it in its step that only look or wait (return to an app, wait
        to be prompted, check the screen) are done again first, once per pass, as a reader
        would: "Return to Company Portal, which displays ..." shows the app's current state.
        """
        assert self.session is not None
        actions = self.records[i].actions
        if self.session.can_perform(actions[k]):
            return True
        start = k
        while start > 0 and isinstance(actions[start - 1], OpenApp | Wait | Expect | ExpectGone | Note):
            start -= 1
        if start == k or (i, k) in waited:
            return False
        waited.add((i, k))
        for action in actions[start:k]:
            if isinstance(action, OpenApp | Wait):
                try:
                    self.session.perform(action)
                except StepFailure:
                    return False
        return self.session.can_perform(actions[k])

    def _explain_order(self, after: int, unblocked: list[int]) -> None:
        later = self.records[after]
        first = self.records[unblocked[0]]
        if len(unblocked) == 1:
            first.entries.append(_Entry(
                "out-of-order",
                f"step {first.plan.step.number} can only be done after step {later.plan.step.number} "
                f"(line {later.line}): it is out of order",
            ))
            if unblocked[0] == after - 1:
                later.entries.append(_Entry(
                    "out-of-order",
                    f"step {later.plan.step.number} must come before step {first.plan.step.number} (line {first.line})",
                ))
            return
        numbers = ", ".join(str(self.records[i].plan.step.number) for i in unblocked)
        later.entries.append(_Entry(
            "out-of-order",
            f"step {later.plan.step.number} must come before step {first.plan.step.number} (line {first.line}): "
            f"steps {numbers} could only be done after it",
        ))
        for i in unblocked:
            self.records[i].notes.append(f"done after step {later.plan.step.number} (line {later.line}), which must "
                                         "come first")

    def _branch(self, replaced: int) -> None:
        """An alternative step: start again from the state before the step it replaces."""
        assert self.session is not None
        try:
            session = Session(seed=self.seed, macos=self.macos, setup=self.setup, product=self.product)
        except SimError as error:
            self.records[replaced + 1].notes.append(f"run after step {replaced + 1}, not instead: {error.message}")
            return
        self.session.close()
        self.session = session
        self.log = self.log[: self.starts[replaced]]
        self.pending = [(i, k) for i, k in self.pending if i != replaced]
        self.session.replay(self.log)
        self.records[replaced + 1].notes.append(
            f"an alternative to step {self.records[replaced].plan.step.number}: done from the state before it"
        )
