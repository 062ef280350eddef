"""Purpose checks: "To X, select Y", "Select Y to X" and a procedure's own goal must bring the product to X's
state (``psso_sim.docs.purposes``). Documents written here in Learn conventions, never an article's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from psso_sim.docs import purposes
from psso_sim.docs.actions import plan_procedure
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.procedure_run import ProcedureRun
from psso_sim.docs.purposes import Baseline, goals_in, procedure_goal, purpose_for
from psso_sim.docs.results import Report, StepResult
from psso_sim.docs.verify import start_for, verify_document

SEED_FRONT = """\
---
title: Fix a test Mac's registration
description: A test article for the documentation verifier.
ms.date: 11/06/2023
---

# Fix a test Mac's registration

"""

CURRENT_FRONT = SEED_FRONT.replace("11/06/2023", "06/03/2024")


def procedure(title: str, steps: list[str]) -> str:
    return f"## {title}\n\n" + "".join(f"1. {step}\n" for step in steps)


def verify(text: str, macos: tuple[int, ...] = (14,)) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=macos)


def steps(report: Report) -> list[StepResult]:
    return [step for p in report.procedures for step in p.steps]


def bad(report: Report) -> list[tuple[int, str]]:
    return [(s.number, s.verdict) for s in steps(report) if not s.ok]


def run_with_purpose(text: str, purpose: str, macos: int = 14) -> list[StepResult]:
    """A procedure's goal (its title or opening sentence) checked at its end."""
    doc = parse_document(text, path="test.md")
    proc = doc.procedures[0]
    plans = plan_procedure(proc)
    start = start_for(proc, plans, doc.title, doc)
    product = "current" if "2024" in text else "2023-11"
    return ProcedureRun(plans, macos=macos, seed=0, start=start, product=product, purpose=purpose).run()


PREFERENCES = "Open the **Company Portal** app and navigate to **Preferences**."
REPAIR = ["Open the **Settings** app and navigate to **Users & Groups** > **Network Account Server**.",
          "Select **Edit**, then **Repair**."]


def test_goals_are_read_from_both_phrasings() -> None:
    assert goals_in("To repair your registration, select **Unregister**.") == ["repair your registration"]
    assert goals_in("Select **Deregister** to remove the device.") == ["remove the device"]
    names = {g: (row.name if (row := purpose_for(g)) else None) for g in (
        "repair your registration", "deregister the device", "unregister the Mac", "register your device",
        "enroll the Mac", "check your device registration status", "sign out of your work account")}
    assert names == {
        "repair your registration": "registration repaired", "deregister the device": "registration removed",
        "unregister the Mac": "registration removed", "register your device": "device registered",
        "enroll the Mac": "MDM enrolled", "check your device registration status": "registration status shown",
        "sign out of your work account": None,
    }


@pytest.mark.parametrize("version", [13, 14])
def test_a_step_whose_button_does_not_reach_its_purpose_fails(version: int) -> None:
    text = SEED_FRONT + procedure("Fix the registration", [PREFERENCES,
                                                            "To repair your registration, select **Unregister**."])
    report = verify(text, macos=(version,))
    assert bad(report) == [(2, "failed")]
    assert "the step is for 'repair your registration' but afterwards the Mac is not registered" in \
        steps(report)[1].message


def test_the_same_step_for_its_real_purpose_verifies() -> None:
    text = SEED_FRONT + procedure("Remove the registration", [PREFERENCES,
                                                               "To unregister the device, select **Unregister**."])
    assert bad(verify(text, macos=(13, 14))) == []


@pytest.mark.parametrize("version", [13, 14, 15])
def test_deregister_on_the_current_product_verifies(version: int) -> None:
    text = CURRENT_FRONT + procedure("Remove the registration", [PREFERENCES,
                                                                  "To deregister the device, select **Deregister**."])
    assert bad(verify(text, macos=(version,))) == []


def test_select_y_to_x_checks_x() -> None:
    text = CURRENT_FRONT + procedure("Remove the registration", [
        PREFERENCES, "Select **Deregister** to repair the registration."])
    assert bad(verify(text)) == [(2, "failed")]


def test_an_unread_purpose_is_a_note_not_a_failure() -> None:
    text = SEED_FRONT + procedure("Sign out", [PREFERENCES, "To sign out of your work account, select **Sign out**."])
    report = verify(text)
    assert bad(report) == []
    assert any("which the verifier cannot check" in note for note in steps(report)[1].notes)


@pytest.mark.parametrize(("front", "version"), [(SEED_FRONT, 14), (CURRENT_FRONT, 14), (CURRENT_FRONT, 15)])
def test_a_repair_procedure_reaches_its_purpose(front: str, version: int) -> None:
    results = run_with_purpose(front + procedure("Repair the registration", REPAIR), "repair PSSO registration",
                               version)
    assert [r.verdict for r in results] == ["verified", "verified"]


@pytest.mark.parametrize(("front", "version"), [(SEED_FRONT, 14), (CURRENT_FRONT, 14), (CURRENT_FRONT, 15)])
def test_a_repair_procedure_without_its_repair_step_fails_at_its_end(front: str, version: int) -> None:
    results = run_with_purpose(front + procedure("Repair the registration", REPAIR[:1]), "repair PSSO registration",
                               version)
    assert results[-1].verdict == "failed"
    assert "the step is for 'repair PSSO registration' but afterwards the Mac keeps the registration it had" in \
        results[-1].message


@pytest.mark.parametrize("version", [14, 15])
def test_a_status_check_procedure_verifies(version: int) -> None:
    text = CURRENT_FRONT + procedure("Check your device registration status", [
        "Open the **Settings** app and navigate to **Users & Groups** > **Network Account Server**.",
        "Select **Edit** to check your device registration status."])
    report = verify(text, macos=(version,))
    assert bad(report) == []
    results = run_with_purpose(text, "check your device registration status", version)
    assert [r.verdict for r in results] == ["verified", "verified"]


@pytest.mark.parametrize(("goal", "setup_steps"), [
    ("register your device", ["Open the **Company Portal** app."]),
    ("enroll the Mac", ["Open the **Company Portal** app."]),
    ("check your device registration status", ["Open the **Settings** app."]),
    ("deregister the device", REPAIR[:1]),
    ("send the logs", ["Open the **Company Portal** app and navigate **Help** > **Send diagnostic report**."]),
])
def test_a_procedure_that_never_reaches_its_goal_fails_at_its_end(goal: str, setup_steps: list[str]) -> None:
    results = run_with_purpose(CURRENT_FRONT + procedure("Do it", setup_steps), goal)
    assert results[-1].verdict == "failed" and f"the step is for '{goal}' but afterwards" in results[-1].message


def test_a_procedure_goal_is_read_from_its_opening_sentence_or_its_heading() -> None:
    assert procedure_goal("Repair or remove PSSO registration", []) is None  # two goals: the steps decide
    assert procedure_goal("Repair or remove PSSO registration", ["You can also deregister the Mac for good."]) == \
        "deregister the Mac for good"
    assert procedure_goal("Check your device registration status", []) == "Check your device registration status"
    assert procedure_goal("Water the plants", ["Open the app."]) is None  # no row reads it: only a note
    assert procedure_goal("Report an issue", ["Send the logs from the app."]) == "Send the logs from the app"


def test_a_procedure_goal_is_checked_before_its_alternatives() -> None:
    """The alternative ("Alternatively, sign out") is another way out, not the path the goal is for."""
    text = SEED_FRONT + procedure("Remove the registration", [
        PREFERENCES, "To unregister the Mac, select **Unregister**.",
        "Alternatively, to sign out of your work account, select **Sign out**."])
    assert [r.verdict for r in run_with_purpose(text, "deregister the device")] == ["verified"] * 3


def _goal_checked_at_the_end(mp: pytest.MonkeyPatch) -> None:
    def at_the_end(self: ProcedureRun, i: int, at_start: Baseline) -> None:
        if self.purpose is not None and (row := purpose_for(self.purpose)) is not None:
            self.unreached.append((len(self.records) - 1, self.purpose, row, at_start))
        self.purpose = None
    mp.setattr(ProcedureRun, "_check_goal", at_the_end)


# ---- each rule is what makes its test pass ------------------------------------------------------------


def _reached(name: str) -> Callable[[pytest.MonkeyPatch], None]:
    """The purpose row ``name`` taken away: its check always says the product got there."""
    def always(session: object, before: Baseline) -> None:
        return None

    rows = tuple(replace(row, check=always) if row.name == name else row for row in purposes.PURPOSES)
    return lambda mp: mp.setattr(purposes, "PURPOSES", rows)


def _never_read(pattern: str) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda mp: mp.setattr(purposes, pattern, re.compile(r"(?!)"))


def _goal(goal: str, steps_: list[str]) -> Callable[[], None]:
    return lambda: test_a_procedure_that_never_reaches_its_goal_fails_at_its_end(goal, steps_)


BREAKS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], Callable[[], None]]] = {
    "purposes are never checked": (
        lambda mp: mp.setattr(ProcedureRun, "_check_purposes", lambda self: None),
        lambda: test_a_step_whose_button_does_not_reach_its_purpose_fails(14),
    ),
    "'To X, ...' is not read": (_never_read("_TO_OPENER"),
                                lambda: test_a_step_whose_button_does_not_reach_its_purpose_fails(14)),
    "'Select Y to X' is not read": (_never_read("_SELECT_TO"), test_select_y_to_x_checks_x),
    "the goal is checked after the alternatives": (_goal_checked_at_the_end,
                                                   test_a_procedure_goal_is_checked_before_its_alternatives),
    "any state is a repair": (_reached("registration repaired"),
                              lambda: test_a_repair_procedure_without_its_repair_step_fails_at_its_end(
                                  CURRENT_FRONT, 14)),
    "any state is removed": (_reached("registration removed"), _goal("deregister the device", REPAIR[:1])),
    "any state is registered": (_reached("device registered"),
                                _goal("register your device", ["Open the **Company Portal** app."])),
    "any state is enrolled": (_reached("MDM enrolled"), _goal("enroll the Mac", ["Open the **Company Portal** app."])),
    "any screen shows the status": (_reached("registration status shown"),
                                    _goal("check your device registration status", ["Open the **Settings** app."])),
    "any state has sent the logs": (_reached("logs sent"), _goal("send the logs", [
        "Open the **Company Portal** app and navigate **Help** > **Send diagnostic report**."])),
    "anyone may join": (_reached("user allowed to join"), lambda: test_an_unfixed_join_restriction_fails_at_the_end()),
}


ALLOWLIST = """\
## Insufficient permissions

If a user has insufficient permissions to join, no error is shown. The user who registers must be allowlisted.

1. In the Microsoft Intune admin center, navigate to **Devices** > **Device Settings**.
1. Under **Microsoft Entra ID join and registration settings**, ensure that the **All** option is selected.
1. Select **Save** to apply the changes.
"""


def test_a_join_restriction_section_starts_restricted_and_its_steps_lift_it() -> None:
    doc = parse_document(SEED_FRONT + ALLOWLIST, path="test.md")
    proc = doc.procedures[0]
    assert start_for(proc, plan_procedure(proc), doc.title, doc).join_restricted
    assert [r.verdict for r in verify(SEED_FRONT + ALLOWLIST).procedures[0].steps] == ["verified"] * 3


def test_an_unfixed_join_restriction_fails_at_the_end() -> None:
    dropped = SEED_FRONT + "\n".join(line for line in ALLOWLIST.split("\n") if "**All**" not in line)
    steps = verify(dropped).procedures[0].steps
    assert steps[-1].verdict == "failed"
    assert "Entra ID lets no users join devices, not this user" in steps[-1].message


@pytest.mark.parametrize("rule", list(BREAKS))
def test_each_purpose_rule_can_fail(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    patch, test = BREAKS[rule]
    test()  # passes with the rule in place
    with monkeypatch.context() as mp:
        patch(mp)
        with pytest.raises(AssertionError):
            test()
