"""Running a procedure's plans on one session, step by step, with the verdict of each step.

A failed action leaves its step *pending*: a later step may make it possible (the steps are out of
order), or it may work on another macOS version of the release (not available on this one). An
"Alternatively, ..." step starts again from the state before the step it replaces.

A clause that names an app or area the simulation does not model (``psso_sim.docs.unmodelled``) and
would fail or not be understood is ``cannot-check`` instead, and so is a failure later in that step
that names no app of its own (it acts where the unmodelled clause left the reader).

No cascades: when the step after a failure cannot be done as it stands (else a later retry tells a
swap from a failure), the run recovers, trying each move on a copy of the run: one control on screen
before the failed step after which it works in full (a dropped step, reported at the failed step), or
a wait or one control on screen after which the failed action, the next one or the following step can
be done (the intended action under another label). The failed step stays failed, once, and says what
the run did; a step the run still cannot reach is ``not-checked``, after that failure's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import get_close_matches

from psso_sim.docs.action_types import (
    Action,
    EnterValue,
    Expect,
    ExpectAbsent,
    ExpectGone,
    ExpectState,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    Select,
    StepPlan,
    Wait,
)
from psso_sim.docs.purposes import Baseline, Purpose, baseline, goals_in, purpose_for
from psso_sim.docs.results import VERDICTS, StepResult, Verdict
from psso_sim.docs.sentences import step_markdown
from psso_sim.docs.session import Session, StepFailure
from psso_sim.docs.setups import Start
from psso_sim.docs.unmodelled import Unmodelled, unmodelled_in
from psso_sim.errors import SimError
from psso_sim.product import PRODUCTS

__all__ = ["ProcedureRun"]

_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


@dataclass
class _Entry:
    verdict: Verdict
    message: str
    screen: str | None = None
    clause: str | None = None  # for cannot-check: the clause naming what the simulation lacks


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
        if verdict == "failed" and self.blocked_by is not None:  # unreachable after that failure: says nothing
            verdict = "not-checked"
        messages = [e.message for e in sorted(self.entries, key=lambda e: -_RANK[e.verdict])]
        return StepResult(
            line=step.line,
            number=step.number,
            text=step.plain,
            verdict=verdict,
            message=_message(messages, self.notes, self.blocked_by if verdict == "not-checked" else None),
            screen=worst.screen if worst else None,
            actions=tuple(a.describe() for a in self.plan.actions),
            notes=tuple(self.notes),
            not_understood=tuple(self.plan.not_understood),
            blocked_by=self.blocked_by if verdict == "not-checked" else None,
        )


def _message(messages: list[str], notes: list[str], blocked_by: int | None) -> str:
    if not messages:
        return "; ".join(notes)
    text = "; ".join(messages)
    return f"not checked (after line {blocked_by}): {text}" if blocked_by is not None else text


def _cannot_check(clause: str, row: Unmodelled) -> _Entry:
    return _Entry("cannot-check", f"cannot check {clause!r} ({row.area}): {row.reason}", clause=clause)


def _expand(actions: Sequence[Action]) -> list[Action]:
    """A navigation is one select per label, so a failure points at the label that failed."""
    out: list[Action] = []
    for action in actions:
        if isinstance(action, Navigate):
            out += [Select(source=action.source, label=label, optional=action.optional, when=action.when,
                           path=action.path, at=k) for k, label in enumerate(action.path)]
        else:
            out.append(action)
    return out


class ProcedureRun:
    def __init__(self, plans: Sequence[StepPlan], *, macos: int, seed: int, start: Start, product: str,
                 purpose: str | None = None) -> None:
        self.macos, self.seed, self.start, self.product = macos, seed, start, product
        self.purpose = purpose  # the procedure's goal (its title or opening sentence), checked at its end
        self.unreached: list[tuple[int, str, Purpose, Baseline]] = []  # step purposes to check again at the end
        self.missed: list[tuple[int, str, str]] = []  # (step, the procedure's goal, what the product showed)
        self.records = [_Record(plan, _expand(plan.actions)) for plan in plans]
        self.log: list[Action] = []  # every action that worked, in order: replayed to branch
        self.starts: list[int] = [0] * len(plans)
        self.pending: list[tuple[int, int]] = []  # (step, action) that failed and may be out of order
        # The line of a step that acted where the simulation has no model; until a step succeeds again, a
        # failure says nothing about the document (the product is not where that step left the reader).
        self.off_model: int | None = None
        self.session: Session | None = None

    def _session(self, macos: int) -> Session:
        return Session(seed=self.seed, macos=macos, start=self.start, product=self.product)

    def run(self) -> list[StepResult]:
        try:
            self.session = self._session(self.macos)
        except SimError as error:
            for record in self.records:
                record.entries.append(_Entry("failed", f"not run: {error.message}"))
            return [record.result() for record in self.records]
        try:
            at_start = baseline(self.session)
            for i, record in enumerate(self.records):
                if record.plan.alternative and i > 0:
                    self._check_goal(i - 1, at_start)  # the procedure's path ends before its alternatives
                    self._branch(i - 1)
                before = baseline(self.session)
                self.starts[i] = len(self.log)
                for clause in record.plan.not_understood:
                    row = unmodelled_in(clause)
                    record.entries.append(_cannot_check(clause, row) if row else
                                          _Entry("not-understood", f"not understood: {clause!r}"))
                if i > 0 and not record.plan.alternative:
                    self._recover(i)
                self._run_step(i, 0)
                self._retry_pending(i)
                self._check_step_purposes(i, before)
            self._check_goal(len(self.records) - 1, at_start)
            self._check_purposes()
            self._check_finished()
        finally:
            self.session.close()
        return [record.result() for record in self.records]

    def _check_step_purposes(self, i: int, before: Baseline) -> None:
        """A step's goals ("To X, select Y", "Select Y to X"): one not reached yet is checked again at the end."""
        assert self.session is not None
        record = self.records[i]
        for goal in goals_in(step_markdown(record.plan.step)):
            row = purpose_for(goal)
            if row is None:
                record.notes.append(f"the step is for '{goal}', which the verifier cannot check")
            elif row.check(self.session, before) is not None:
                self.unreached.append((i, goal, row, before))

    def _check_goal(self, i: int, at_start: Baseline) -> None:
        """The procedure's goal, checked (once) after step ``i``: its last step, or the one its alternatives replace."""
        assert self.session is not None
        goal, self.purpose = self.purpose, None
        if goal is None or i < 0:
            return
        row = purpose_for(goal)
        if row is None:
            self.records[i].notes.append(f"the procedure is for '{goal}', which the verifier cannot check")
        elif (missing := row.check(self.session, at_start)) is not None:
            self.missed.append((i, goal, missing))  # not again later: an alternative's state is not the path's

    def _check_purposes(self) -> None:
        """Fail a step (or the last step, for the procedure's goal) whose purpose the product never reached;
        not after another failure, which explains it."""
        assert self.session is not None
        failed = any(e.verdict == "failed" for r in self.records for e in r.entries) or self.pending
        later = [(i, goal, row.check(self.session, before)) for i, goal, row, before in self.unreached]
        for i, goal, missing in later + self.missed:
            record = self.records[i]
            if missing is None or failed or record.entries:
                continue
            record.entries.append(_Entry("failed", f"the step is for '{goal}' but afterwards {missing}",
                                         self.session.screen()))

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
        self.session.step = i
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
        if not record.entries:
            self.off_model = None  # back on the document's path
        return True

    def _failed(self, i: int, k: int, action: Action, failure: StepFailure) -> bool:
        """Record a failure; True when the run could go on within the step."""
        assert self.session is not None
        record = self.records[i]
        unmodelled = self._unmodelled(record, action)
        if unmodelled is None and failure.unmodelled:
            unmodelled = _Entry("cannot-check", f"cannot check {action.describe()}: {failure.message}",
                                clause=action.source)
        if unmodelled is None and self.off_model is not None and self.off_model < record.line:
            unmodelled = _Entry("cannot-check", f"cannot check {action.describe()}: it follows line "
                                f"{self.off_model}, which the simulation cannot do", clause=action.source)
        if unmodelled is not None:
            self.off_model = self.off_model or record.line
            record.entries.append(unmodelled)
            return True
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
        record.entries.append(entry)
        if isinstance(action, ExpectState | ExpectAbsent):  # a claim about that moment: false then, whatever follows
            return True
        record.pending = entry
        record.stopped = True
        self.pending.append((i, k))
        return False

    @staticmethod
    def _unmodelled(record: _Record, action: Action) -> _Entry | None:
        """A failure that says nothing about the document: its clause acts in an app the simulation lacks,
        or follows such a clause in the step without naming an app of its own."""
        row = unmodelled_in(action.source)
        if row is not None:
            return _cannot_check(action.source, row)
        earlier = next((e for e in record.entries if e.verdict == "cannot-check"), None)
        if earlier is None or isinstance(action, OpenApp) or getattr(action, "within", None):
            return None
        return _Entry("cannot-check", f"cannot check {action.describe()}: it follows {earlier.clause!r}, which the "
                                      "simulation cannot do", clause=earlier.clause)

    def _other_version_offers(self, action: Action) -> int | None:
        """The first other macOS version of the product release on which the action works, if any."""
        for other in (v for v in PRODUCTS[self.product].macos_versions if v != self.macos):
            try:
                session = self._session(other)
            except SimError:
                continue
            try:
                # an action not needed there (its condition does not hold) proves nothing about it
                works = session.replay(self.log) and session.needed(action) and session.replay([action])
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

    # ---- recovery: after a failure, reach the state the document intends and go on checking -----

    def _recover(self, nxt: int) -> None:
        """Step ``nxt`` cannot start because the step before it stopped at a failure: find what the reader
        would do (a wait, or one control on screen: the intended action under another label, or a step
        the document dropped) after which the failed action, the rest of its step or step ``nxt`` can go
        on, do it, and go on from there. Not when step ``nxt`` can start as it is: then a later retry
        tells whether the steps are only out of order (a swap stays a swap)."""
        assert self.session is not None
        pending = [(i, k) for i, k in self.pending if i == nxt - 1]
        if not pending:
            return
        i, k = pending[0]
        record = self.records[i]
        # A value for a field not on screen is no swap to wait for: the next step may start and still
        # depend on it (Next stays on a page with a required setting missing).
        if not isinstance(record.actions[k], EnterValue) and self._can_start(nxt):
            return
        if self._dropped_before(i):
            return
        targets = [(record.actions[j], j) for j in range(k, len(record.actions))
                   if not isinstance(record.actions[j], Note | NotUnderstood)][:2]
        found = self._recovery(targets, self.records[nxt].actions, len(record.actions))
        if found is None:
            return
        moves, resume = found
        if not self.session.replay(moves):  # the probe's World and this one differ: leave the failure as it is
            return
        self.log += moves
        self.pending.remove((i, k))
        if record.pending is not None:  # the step stays failed, once, and says how the product went on
            record.pending.message += f"; went on after: {', '.join(m.describe() for m in moves)}"
        record.pending, record.stopped, record.blocked_by = None, False, None
        self._run_step(i, resume)
        self.session.step = nxt

    def _dropped_before(self, i: int) -> bool:
        """Step ``i`` works in full after one move the document does not give before it (a dropped step):
        start again from the state before step ``i``, make that move, and do the step again."""
        assert self.session is not None
        record, before = self.records[i], self.log[: self.starts[i]]
        found = self._recovery([], record.actions, 0, before)
        if found is None:
            return False
        moves = found[0]
        session = self._session(self.macos)
        if not session.replay([*before, *moves]):
            session.close()
            return False
        self.session.close()
        self.session, self.log = session, [*before, *moves]
        self.pending = [(j, k) for j, k in self.pending if j != i]
        if record.pending is not None:
            record.pending.message += f"; went on after: {', '.join(m.describe() for m in moves)} before this step"
        record.pending, record.stopped, record.blocked_by = None, False, None
        record.notes.clear()
        self._run_step(i, 0)
        self.session.step = i + 1
        return True

    def _can_start(self, i: int) -> bool:
        """Step ``i`` would work from here, all of it (tried on a copy of the run)."""
        probe = self._session(self.macos)
        try:
            return probe.replay([*self.log, *self.records[i].actions])
        finally:
            probe.close()

    def _recovery(self, targets: list[tuple[Action, int]], following: list[Action], end: int,
                  log: list[Action] | None = None) -> tuple[list[Action], int] | None:
        """The moves (a wait, or a select and a wait) after which a target of the failed step can be done, or
        else the whole ``following`` step, tried on a copy of the run (from ``log``, by default the run's);
        with the action to resume the failed step at (``end``: none)."""
        log = self.log if log is None else log
        wait = Wait(source="(recovery)", until="prompt")
        labels: list[str] = []
        start = self._session(self.macos)
        try:
            if start.replay(log):
                for screen in start.desktop.screens():
                    labels += [label for label in screen.labels() if label not in labels]
        finally:
            start.close()
        for action, resume in targets:  # a value for a field the product names a little differently
            if isinstance(action, EnterValue):
                for label in get_close_matches(action.field, labels, n=2, cutoff=0.8):
                    probe = self._session(self.macos)
                    try:
                        move = replace(action, source="(recovery)", field=label)
                        if probe.replay([*log, move]):
                            return [move], resume + 1
                    finally:
                        probe.close()
        deeper = self._renamed_deeper(targets, labels, log)
        if deeper is not None:
            return deeper
        candidates: list[list[Action]] = [[wait]]
        candidates += [[Select(source="(recovery)", label=label)] for label in labels]
        for moves in candidates:
            probe = self._session(self.macos)
            try:
                if not probe.replay([*log, *moves]):
                    continue
                waited: list[Action] = []
                for action, resume in targets:  # done, not only looked for: an app to open is not on screen
                    if not probe.can_perform(action) and not waited and moves != [wait] and probe.replay([wait]):
                        waited = [wait]  # what the reader waits for appears a moment later
                    if probe.replay([action]):
                        return [*moves, *waited], resume
                if probe.replay(following):
                    return [*moves, *waited], end
            finally:
                probe.close()
        return None

    def _renamed_deeper(self, targets: list[tuple[Action, int]], labels: list[str],
                        log: list[Action]) -> tuple[list[Action], int] | None:
        """A control the document names that the product shows one level deeper, and a little renamed
        ("Devices > Configuration profiles" where the product has "Devices > Manage devices > Configuration"):
        a control on screen, then one whose label is in the document's or close to it."""
        for action, resume in targets[:1]:
            if not isinstance(action, Select):
                continue
            wanted = action.label.casefold()
            for first in labels:
                probe = self._session(self.macos)
                try:
                    step = Select(source="(recovery)", label=first)
                    if not probe.replay([*log, step]):
                        continue
                    shown = [label for screen in probe.desktop.screens() for label in screen.labels()
                             if label not in labels]
                    close = [label for label in shown if label.casefold() in wanted or wanted in label.casefold()]
                    close += get_close_matches(action.label, shown, n=1, cutoff=0.75)
                    for second in close:
                        move: list[Action] = [step, Select(source="(recovery)", label=second)]
                        if probe.replay(move[1:]):
                            return move, resume + 1
                finally:
                    probe.close()
        return None

    def _branch(self, replaced: int) -> None:
        """An alternative step: start again from the state before the step it replaces."""
        assert self.session is not None
        try:
            session = self._session(self.macos)
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
