"""No cascades: after a failure, reach the state the document intends and go on checking.

When the step after a failure cannot be done as it stands (else a later retry tells a swap from a
failure), the run tries each move on a copy of the run: one control on screen before the failed step
after which it works in full (a dropped step, reported at the failed step); a wait or one control on
screen after which the failed action, the next one or the following step can be done (the intended
action under another label); a value for a field the product names a little differently; or a control
one level deeper whose label is in the document's (a renamed path). The failed step stays failed, once,
and says what the run did.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import get_close_matches

from psso_sim.docs.action_types import Action, EnterValue, Note, NotUnderstood, Select, Wait
from psso_sim.docs.run_records import Record
from psso_sim.docs.session import Session

__all__ = ["Recovery"]


class Recovery:
    """The recovery moves of :class:`~psso_sim.docs.procedure_run.ProcedureRun` (which provides the state)."""

    macos: int
    records: list[Record]
    log: list[Action]
    starts: list[int]
    pending: list[tuple[int, int]]
    session: Session | None

    def _session(self, macos: int) -> Session:
        raise NotImplementedError

    def _run_step(self, i: int, start: int) -> bool:
        raise NotImplementedError

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
