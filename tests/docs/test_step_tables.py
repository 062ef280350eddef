"""A settings table inside a step ("Configure the following required settings:" and its rows) enters each
row's value in the field it names (``psso_sim.docs.tables``, ``psso_sim.docs.table_rules``). Documents
written here in the conventions of Learn's Intune articles, never an article's text.
"""

from __future__ import annotations

import pytest
from learn_documents import front

from psso_sim.docs.action_types import EnterValue, Note
from psso_sim.docs.actions import plan_step
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.results import Report
from psso_sim.docs.verify import verify_document

# ruff: noqa: E501 (a Learn table row is one long line)
FRONT = front("Configure a test Platform SSO policy", "06/03/2025") + """\
## Create the policy

"""

TABLE = """\
    | Name | Configuration value | Description |
    |---|---|---|
    | **Authentication Method (Deprecated)** </br>(macOS 13 only) | **Password** or **UserSecureEnclaveKey** | For macOS 13. |
    | **Extension Identifier** | `com.microsoft.CompanyPortalMac.ssoextension` | Copy and paste this value. |
    | **Platform SSO** > **Authentication Method** </br>(macOS 14+) | **Password**, **UserSecureEnclaveKey**, or **SmartCard** | The method. |
    | **Registration token** | `{{DEVICEREGISTRATION}}` | Include the curly braces. |
    | **Screen Locked Behavior** | **Do Not Handle** | |
    | **Token To User Mapping** > **Account Name** | `preferred_username` | |
    | **Team Identifier** | `UBF8T346G9` | |
    | **Type** | Redirect | |
    | **URLs** | Copy and paste: <br/><br/>`https://login.microsoftonline.com` <br/> `https://login.microsoft.com` <br/> `https://sts.windows.net` <br/><br/> If you need sovereign clouds, also add: <br/> `https://login.microsoftonline.us` | Identity providers. |
"""

STEPS = [
    "Sign in to the Microsoft Intune admin center.",
    "Select **Devices** > **Manage devices** > **Configuration** > **Create** > **New policy**.",
    "Enter the following properties:\n\n    - **Platform**: Select **macOS**.\n"
    "    - **Profile type**: Select **Settings catalog**.",
    "Select **Create**.",
    "In **Basics**, enter the following properties:\n\n"
    "    - **Name**: Enter a descriptive name for the policy. For example, name the policy **macOS - Test SSO**.",
    "Select **Next**.",
    "In **Configuration settings**, select **Add settings**. In the settings picker, expand **Authentication**, "
    "and select **Extensible Single Sign On (SSO)**:\n\n    In the list, select the following settings:\n\n"
    "    - **Authentication Method (Deprecated)** (Select for macOS 13 only)\n    - **Extension Identifier**\n"
    "    - Expand **Platform SSO**:\n      - Select **Authentication Method** (Select for macOS 14+)\n"
    "      - Select **Token To User Mapping**\n    - **Registration Token**\n    - **Screen Locked Behavior**\n"
    "    - **Team Identifier**\n    - **Type**\n    - **URLs**\n\n    Close the settings picker.",
    "Configure the following required settings:\n\n" + TABLE,
    "Select **Next**.",
    "In **Scope tags** (optional), assign a tag to filter the profile to specific IT groups.\n\n"
    "    Select **Next**.",
    "In **Assignments**, select the user or device groups that receive your profile. For devices with user "
    "affinity, assign to users or user groups.\n\n    Select **Next**.",
    "In **Review + create**, review your settings. When you select **Create**, your changes are saved, and the "
    "profile is assigned. The policy is also shown in the profiles list.",
]


def document(steps: list[str]) -> str:
    return FRONT + "".join(f"1. {step}\n\n" for step in steps)


def verify(text: str) -> Report:
    return verify_document(parse_document(text, path="policy.md"), macos=(15,))


def verdicts(report: Report) -> list[tuple[int, str]]:
    return [(step.line, step.verdict) for procedure in report.procedures for step in procedure.steps]


def test_a_table_in_a_step_is_read_as_rows_with_their_lines() -> None:
    doc = parse_document(document(STEPS))
    step = doc.procedures[0].steps[7]
    (table,) = step.tables
    assert table.header == ("Name", "Configuration value", "Description")
    assert [row.line for row in table.rows] == list(range(table.line + 2, table.line + 11))
    assert "|" not in " ".join(a.source for a in plan_step(step).actions if isinstance(a, Note))


def test_each_row_enters_its_value_with_versions_choices_and_lists() -> None:
    step = parse_document(document(STEPS)).procedures[0].steps[7]
    entered = [a for a in plan_step(step).actions if isinstance(a, EnterValue)]
    by_field = {a.field: a for a in entered}
    assert by_field["Authentication Method (Deprecated)"].when is not None  # macOS 13 only
    assert by_field["Platform SSO > Authentication Method"].choices == ("Password", "UserSecureEnclaveKey", "SmartCard")
    assert by_field["Registration token"].value == "{{DEVICEREGISTRATION}}"
    assert by_field["Type"].value == "Redirect"
    # the sovereign-cloud URLs follow an "If ...": optional, not entered
    assert [a.value for a in entered if a.field == "URLs"] == [
        "https://login.microsoftonline.com", "https://login.microsoft.com", "https://sts.windows.net"]


def test_a_table_of_information_is_a_note() -> None:
    text = FRONT + "1. Check the following:\n\n    | Column | Meaning |\n    |---|---|\n    | A | B |\n"
    step = parse_document(text).procedures[0].steps[0]
    assert [type(a) for a in plan_step(step).actions][-1] is Note


def test_the_whole_policy_procedure_verifies() -> None:
    report = verify(document(STEPS))
    assert {verdict for _, verdict in verdicts(report)} == {"verified"}, verdicts(report)


@pytest.mark.parametrize(("row", "wrong"), [
    ("| **Extension Identifier** |", "| **Extension Identifer** |"),  # a field the product lacks
    ("**Do Not Handle**", "**Do Nothing**"),  # a value the setting does not take
])
def test_a_wrong_row_fails_its_step_and_nothing_else(row: str, wrong: str) -> None:
    report = verify(document([s.replace(row, wrong) for s in STEPS]))
    failed = [line for line, verdict in verdicts(report) if verdict == "failed"]
    # one failure, at the table's step: the run goes on with the value in the field the product names
    assert failed == [parse_document(document(STEPS)).procedures[0].steps[7].line], verdicts(report)


def test_without_the_assignment_the_policy_is_not_assigned() -> None:
    steps = [s for s in STEPS if not s.startswith("In **Assignments**")]
    report = verify(document(steps))
    failed = [(line, verdict) for line, verdict in verdicts(report) if verdict == "failed"]
    assert len(failed) == 1 and failed[0][0] == parse_document(document(steps)).procedures[0].steps[-1].line
