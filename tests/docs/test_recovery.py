"""No cascades: after a failed step the verifier reaches the state the document intends and goes on checking.

Documents are written here in Learn conventions (the seeds' 2023 source form, the current source form and
the current rendered-page form), never an article's text. One wrong label gives one failure, at its line;
a step that truly cannot be reached after a failure is ``not-checked``, not ``failed``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from learn_documents import ENROLL_STEPS

from psso_sim.docs.markdown import parse_document
from psso_sim.docs.procedure_run import ProcedureRun
from psso_sim.docs.report import render_json, render_text
from psso_sim.docs.results import CONTRADICTING, NOT_CHECKED, Report, StepResult
from psso_sim.docs.verify import verify_document

STYLES = {
    "2023 source": """\
---
title: Set up a test Mac for single sign-on
description: A test article for the documentation verifier.
ms.date: 11/06/2023
---

# Set up a test Mac for single sign-on

""",
    "current source": """\
---
title: Join a test Mac for single sign-on
description: A test article for the documentation verifier, on the current product.
ms.date: 06/03/2024
---

# Join a test Mac for single sign-on

""",
    "current rendered page": """\
---
layout: Conceptual
title: Join a test Mac for single sign-on - Test | Microsoft Learn
description: A test article for the documentation verifier, rendered as a Learn page.
ms.topic: tutorial
ms.date: 2024-12-19T00:00:00.0000000Z
locale: en-us
---

# Join a test Mac for single sign-on

""",
}

# The Company Portal enrollment, one step a line, written for these tests.
STEPS = [
    "Open the **Company Portal** app and select **Sign in**.",
    "Enter your Microsoft Entra ID credentials and select **Next**.",
    "You're prompted to **Set up {Company} access**. Select **Begin**, then select **Continue**.",
    "Select **Download profile**.",
    "Open **Settings** &gt; **Privacy & Security** &gt; **Profiles** if it doesn't automatically appear. "
    "Select **Management Profile**, then select **Install**.",
    "Enter your local device password and select **Enroll**.",
    "You see a notification in **Company Portal** that the installation is complete. Select **Done**.",
]
STEPS_2023 = ENROLL_STEPS


def document(style: str, change: Callable[[list[str]], list[str]] = list) -> str:
    steps = change(list(STEPS_2023 if style == "2023 source" else STEPS))
    return STYLES[style] + "## Enroll the Mac\n\n" + "".join(f"1. {step}\n" for step in steps)


def relabel(old: str, new: str) -> Callable[[list[str]], list[str]]:
    return lambda steps: [step.replace(f"**{old}**", f"**{new}**") for step in steps]


def verify(text: str, macos: int) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=(macos,))


def results(report: Report) -> list[StepResult]:
    return [step for procedure in report.procedures for step in procedure.steps]


def not_ok(report: Report) -> list[tuple[int, str]]:
    return [(step.line, step.verdict) for step in results(report) if not step.ok]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


CASES = [(style, macos) for style in STYLES for macos in (13, 14)]


@pytest.mark.parametrize(("style", "macos"), CASES)
@pytest.mark.parametrize(("old", "new"), [("Download profile", "Get profile"), ("Enroll", "Enrol")])
def test_one_relabelled_step_is_one_failure_and_every_later_step_is_verified(
        style: str, macos: int, old: str, new: str) -> None:
    text = document(style, relabel(old, new))
    report = verify(text, macos)
    line = line_of(text, f"**{new}**")
    assert not_ok(report) == [(line, "failed")]
    later = [step for step in results(report) if step.line > line]
    assert later and all(step.verdict == "verified" for step in later)


@pytest.mark.parametrize(("style", "macos"), CASES)
def test_a_dropped_step_is_reported_once_where_it_was(style: str, macos: int) -> None:
    text = document(style, lambda steps: [s for s in steps if "**Download profile**" not in s])
    report = verify(text, macos)
    steps = [step.line for step in results(report)]
    where = steps[3]  # the step that now stands where Download profile was
    assert not_ok(report) == [(where, "failed")]
    failed = next(step for step in results(report) if not step.ok)
    assert "went on after: select 'Download profile'" in failed.message


@pytest.mark.parametrize(("style", "macos"), CASES)
def test_two_independent_wrong_labels_are_two_failures(style: str, macos: int) -> None:
    both = relabel("Download profile", "Get profile")
    text = document(style, lambda steps: relabel("Enroll", "Enrol")(both(steps)))
    assert not_ok(verify(text, macos)) == [(line_of(text, "**Get profile**"), "failed"),
                                           (line_of(text, "**Enrol**"), "failed")]


@pytest.mark.parametrize("style", list(STYLES))
def test_swapped_steps_stay_out_of_order(style: str) -> None:
    def swap(steps: list[str]) -> list[str]:
        steps[2], steps[3] = steps[3], steps[2]  # the profile downloaded before the access is set up
        return steps
    text = document(style, swap)
    assert sorted(not_ok(verify(text, 14))) == sorted([(line_of(text, "access**"), "out-of-order"),
                                                       (line_of(text, "**Download profile**"), "out-of-order")])


# ---- a step that truly cannot be reached ------------------------------------------------------


def unreachable(style: str) -> tuple[str, int]:
    """The sign-in step replaced by one naming a window that never comes: nothing on screen gets past it."""
    text = document(style, lambda steps: [steps[0], "Select **Start over**.", *steps[2:]])
    return text, line_of(text, "**Start over**")


# The 2023 form is left out: its later "Enter your ... credentials" step signs in after all, and the steps
# between are then reported out of order (tests/docs/test_verify.py), not left unchecked.
@pytest.mark.parametrize("style", ["current source", "current rendered page"])
def test_steps_after_an_unrecoverable_failure_are_not_checked(style: str) -> None:
    text, line = unreachable(style)
    report = verify(text, 14)
    assert not_ok(report)[0] == (line, "failed")
    after = [step for step in results(report) if step.line > line]
    assert after and all(step.verdict == "not-checked" and step.blocked_by == line for step in after)
    assert all(step.message.startswith(f"not checked (after line {line}):") for step in after)
    assert report.counts()["failed"] == 1
    assert report.checked == len(results(report)) - len(after)  # coverage counts them as not checked
    assert "not-checked" in NOT_CHECKED and "not-checked" not in CONTRADICTING


def test_the_report_marks_and_counts_not_checked_steps() -> None:
    text, line = unreachable("current source")
    report = verify(text, 14)
    out = render_text(report)
    assert f"not checked (after line {line})" in out and "not-checked" in out
    summary = json.loads(render_json(report))["summary"]
    assert summary["not-checked"] == len(results(report)) - 2 and summary["failed"] == 1


# ---- the rule broken: without recovery one wrong label cascades again ---------------------------


def test_without_recovery_one_wrong_label_turns_the_rest_red(monkeypatch: pytest.MonkeyPatch) -> None:
    text = document("current source", relabel("Download profile", "Get profile"))
    line = line_of(text, "**Get profile**")
    assert not_ok(verify(text, 14)) == [(line, "failed")]
    monkeypatch.setattr(ProcedureRun, "_recover", lambda self, nxt: None)
    broken = not_ok(verify(text, 14))
    assert broken[0] == (line, "failed") and len(broken) > 1  # the red the recovery takes away
    assert {verdict for _, verdict in broken[1:]} == {"not-checked"}
