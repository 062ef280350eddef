"""Running a procedure's plans on one session, step by step, with the verdict of each step.

A failed action leaves its step *pending*: a later step may make it possible (the steps are out of
order), or it may work on another macOS version of the release (not available on this one). An
"Alternatively, ..." step starts again from the state before the step it replaces.

A clause that names an app or area the simulation does not model (``psso_sim.docs.unmodelled``) and
would fail or not be understood is ``cannot-check`` instead, and so is a failure later in that step
that names no app of its own (it acts where the unmodelled clause left the reader).

No cascades: after a failure the run recovers (``psso_sim.docs.recovery``); a step it still cannot reach
is ``not-checked``, after that failure's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from psso_sim.docs.action_types import (
    Action,
    Expect,
    ExpectAbsent,
    ExpectGone,
    ExpectState,
    Note,
    NotUnderstood,
    OpenApp,
    Select,
    StepPlan,
    Wait,
)
from psso_sim.docs.purposes import Baseline, Purpose, baseline, goals_in, purpose_for
from psso_sim.docs.recovery import Recovery
from psso_sim.docs.results import StepResult
from psso_sim.docs.run_records import Entry, Record, cannot_check, expand
from psso_sim.docs.sentences import step_markdown
from psso_sim.docs.session import Session, StepFailure
from psso_sim.docs.setups import Start
from psso_sim.docs.unmodelled import unmodelled_in
from psso_sim.errors import SimError
from psso_sim.product import PRODUCTS

__all__ = ["ProcedureRun"]


class ProcedureRun(Recovery):
    def __init__(self, plans: Sequence[StepPlan], *, macos: int, seed: int, start: Start, product: str,
                 purpose: str | None = None) -> None:
        self.macos, self.seed, self.start, self.product = macos, seed, start, product
        self.purpose = purpose  # the procedure's goal (its title or opening sentence), checked at its end
        self.unreached: list[tuple[int, str, Purpose, Baseline]] = []  # step purposes to check again at the end
        self.missed: list[tuple[int, str, str]] = []  # (step, the procedure's goal, what the product showed)
        self.records = [Record(plan, expand(plan.actions)) for plan in plans]
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
                record.entries.append(Entry("failed", f"not run: {error.message}"))
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
                    record.entries.append(cannot_check(clause, row) if row else
                                          Entry("not-understood", f"not understood: {clause!r}"))
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
            record.entries.append(Entry("failed", f"the step is for '{goal}' but afterwards {missing}",
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
            last.entries.append(Entry(
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
            unmodelled = Entry("cannot-check", f"cannot check {action.describe()}: {failure.message}",
                                clause=action.source)
        if unmodelled is None and self.off_model is not None and self.off_model < record.line:
            unmodelled = Entry("cannot-check", f"cannot check {action.describe()}: it follows line "
                                f"{self.off_model}, which the simulation cannot do", clause=action.source)
        if unmodelled is not None:
            self.off_model = self.off_model or record.line
            record.entries.append(unmodelled)
            return True
        entry = Entry("failed", f"{action.describe()}: {failure.message}", failure.screen)
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
            record.entries.append(Entry(
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
    def _unmodelled(record: Record, action: Action) -> Entry | None:
        """A failure that says nothing about the document: its clause acts in an app the simulation lacks,
        or follows such a clause in the step without naming an app of its own."""
        row = unmodelled_in(action.source)
        if row is not None:
            return cannot_check(action.source, row)
        earlier = next((e for e in record.entries if e.verdict == "cannot-check"), None)
        if earlier is None or isinstance(action, OpenApp) or getattr(action, "within", None):
            return None
        return Entry("cannot-check", f"cannot check {action.describe()}: it follows {earlier.clause!r}, which the "
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
            first.entries.append(Entry(
                "out-of-order",
                f"step {first.plan.step.number} can only be done after step {later.plan.step.number} "
                f"(line {later.line}): it is out of order",
            ))
            if unblocked[0] == after - 1:
                later.entries.append(Entry(
                    "out-of-order",
                    f"step {later.plan.step.number} must come before step {first.plan.step.number} (line {first.line})",
                ))
            return
        numbers = ", ".join(str(self.records[i].plan.step.number) for i in unblocked)
        later.entries.append(Entry(
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
