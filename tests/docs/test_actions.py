"""The verifier's grammar: how a step's sentences become actions."""

from __future__ import annotations

import pytest

from psso_sim.docs.action_types import (
    EnterCredentials,
    EnterLocalPassword,
    Expect,
    ExpectGone,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    Select,
    Wait,
)
from psso_sim.docs.actions import GRAMMAR, clauses, plan_procedure, plan_step
from psso_sim.docs.markdown import parse_document


def plan(text: str) -> list[object]:
    doc = parse_document(f"## Steps\n\n1. {text}\n")
    return [type(a).__name__ + ":" + a.describe() for a in plan_step(doc.procedures[0].steps[0]).actions]


@pytest.mark.parametrize("rule", GRAMMAR, ids=lambda r: r.name)
def test_each_rule_reads_its_own_example_first(rule: object) -> None:
    first = next(r for r in GRAMMAR if r.pattern.match(rule.example))  # type: ignore[attr-defined]
    assert first is rule


def test_clauses_split_where_a_new_instruction_starts_but_never_inside_bold() -> None:
    assert clauses("Open the **Notes** app and select **Save and close**, then on the next page, select **OK**.") == [
        "Open the **Notes** app", "select **Save and close**", "on the next page", "select **OK**"]
    assert clauses("You see that the Mac is supervised and managed by **Fabrikam**.") == [
        "You see that the Mac is supervised and managed by **Fabrikam**"]
    assert clauses("Select **Edit**, then **Repair**.") == ["Select **Edit**, then **Repair**"]


def test_open_navigate_select() -> None:
    assert plan("Open the **Settings** app and navigate to **Users & Groups** > **Network Account Server**.") == [
        "OpenApp:open the 'Settings' app", "Navigate:navigate 'Users & Groups' > 'Network Account Server'"]
    assert plan("Select **Edit**, then **Repair**.") == ["Select:select 'Edit'", "Select:select 'Repair'"]
    assert plan("Select **Register** in the Company Portal window.") == [
        "Select:select 'Register' in 'Company Portal'"]
    assert plan("Select **Help** > **About**.") == ["Navigate:navigate 'Help' > 'About'"]


def test_credentials_take_the_button_selected_after_them() -> None:
    doc = parse_document("## Steps\n\n1. Enter your Microsoft Entra ID credentials and select **Continue**.\n")
    (action,) = plan_step(doc.procedures[0].steps[0]).actions
    assert isinstance(action, EnterCredentials) and action.button == "Continue"


def test_sign_in_before_credentials_is_a_check_and_alone_is_the_credentials() -> None:
    both = plan("Sign in to Company Portal, enter your Microsoft Entra ID credentials.")
    assert both[0].startswith("Expect:") and both[1].startswith("EnterCredentials:")
    assert plan("Sign in to Company Portal.")[0].startswith("EnterCredentials:")


def test_waits_learn_the_next_label_of_the_procedure() -> None:
    doc = parse_document("## Steps\n\n1. Wait to be prompted.\n1. Select **Register**.\n")
    wait = plan_procedure(doc.procedures[0])[0].actions[0]
    assert isinstance(wait, Wait) and wait.until == "prompt" and wait.target == "Register"


def test_expectations_and_notes() -> None:
    kinds = [a.split(":")[0] for a in plan(
        "You're prompted to **Set up Fabrikam access**. The window closes automatically. "
        "The app can now be closed.")]
    assert kinds == ["Expect", "ExpectGone", "Note"]
    assert plan("This triggers a notification at the top right to register your device.") == [
        "Expect:expect a 'Notification' window on screen", "Select:select 'Register' in 'Notification' (implied)"]


def test_openers() -> None:
    doc = parse_document("## Steps\n\n1. Select **A**.\n1. Alternatively, to leave, select **B**.\n"
                         "1. If prompted, select **Allow**.\n1. When prompted, enter your local device password.\n")
    plans = plan_procedure(doc.procedures[0])
    assert plans[1].alternative and plans[1].actions == (Select(source="Select **B**", label="B"),)
    assert plans[2].actions[0].optional
    assert isinstance(plans[3].actions[0], Wait) and isinstance(plans[3].actions[1], EnterLocalPassword)


def test_text_no_rule_reads_is_not_understood_never_dropped() -> None:
    assert plan("Make a cup of tea.") == ["NotUnderstood:not understood: 'Make a cup of tea'"]
    assert plan("Consult **the manual** carefully.")[0].startswith("NotUnderstood:")


def test_comments_code_and_links_are_not_read() -> None:
    doc = parse_document("## Steps\n\n1. Open [**Company Portal**](https://example.com). <!--TODO: shot-->\n")
    actions = plan_step(doc.procedures[0].steps[0]).actions
    assert actions == (OpenApp(source="Open **Company Portal**", app="Company Portal"),)


def test_action_kinds_are_stable_names() -> None:
    made = [OpenApp(source="", app="X"), Select(source="", label="X"), Navigate(source="", path=("X",)),
            EnterCredentials(source=""), EnterLocalPassword(source=""), Wait(source="", until="prompt"),
            Expect(source="", text="X"), ExpectGone(source="", surface="X"), Note(source="", reason="x"),
            NotUnderstood(source="")]
    assert [a.kind for a in made] == ["open-app", "select", "navigate", "enter-credentials", "enter-local-password",
                                      "wait", "expect", "expect-gone", "note", "not-understood"]


def test_when_something_happens_waits_and_a_generic_window_is_no_check() -> None:
    assert plan("When the registration is complete, select **Done** in the window that appears.") == [
        "Wait:wait to be prompted", "Select:select 'Done'"]


def test_run_the_following_command_takes_the_steps_code_block() -> None:
    doc = parse_document("## Steps\n\n1. Open **Terminal** and run the following command:\n\n"
                         "    ```console\n    app-sso platform -s\n    ```\n")
    actions = plan_step(doc.procedures[0].steps[0]).actions
    assert [a.describe() for a in actions] == ["open the 'Terminal' app", "run `app-sso platform -s`"]
    assert plan("Enter your password.") == ["EnterPassword:enter the password asked for"]
