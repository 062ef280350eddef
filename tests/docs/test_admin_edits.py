"""Editing what the admin deployed before the procedure: "your existing Platform SSO settings catalog policy"
(Extension Data from a Key | Type | Value table), removing an assignment, and a renamed path recovered.
Documents written here in the conventions of Learn's Intune articles, never an article's text.
"""

from __future__ import annotations

from learn_documents import front

# ruff: noqa: E501 (a Learn table row is one long line)
from psso_sim.docs.actions import plan_procedure
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.results import Report
from psso_sim.docs.starting_point import start_for
from psso_sim.docs.verify import verify_document
from psso_sim.docs.wording import wording_problems

FRONT = front("Adjust a test Platform SSO policy", "06/03/2025")

EXTENSION_DATA = FRONT + """\
## Map the Kerberos tickets

1. In your existing Platform SSO settings catalog policy, add **Extension Data**:

    1. In the Intune admin center (**Devices** > **Manage devices** > **Configuration**), select your existing Platform SSO settings catalog policy.
    2. In **Properties** > **Configuration settings**, select **Edit** > **Add settings**.
    3. In the settings picker, expand **Authentication**, and select **Extensible Single Sign On (SSO)**.
    4. In the list, select **Extension Data** and close the settings picker.

2. In **Extension Data**, **Add** the following key and your preferred value. Only enter one value for the key.

    | Key | Type | Value | Description |
    | --- | --- | --- | --- |
    | **custom_tgt_setting** | Integer | `2` | **Cloud TGT Only** |
    | &nbsp; | &nbsp; | `3` | **No TGTs** |

3. Select **Review + save** to save your changes, and complete the policy.
"""

REMOVE_ASSIGNMENT = FRONT + """\
## Stop targeting the users

1. In the Microsoft Intune admin center click on **Home**.
2. Go to **Devices** and then **Manage devices**.
3. Select **Configuration**.
4. Select the configuration profile you want to edit from the list.
5. Select **Properties**.
6. Next to **Assignments**, select **Edit**.
7. To remove the assignment select **Remove**.
8. Select **Review + Save** to complete the changes.
"""


def verdicts(report: Report) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for p in report.procedures for s in p.steps]


def verify(text: str) -> Report:
    return verify_document(parse_document(text, path="edit.md"), macos=(15,))


def test_an_existing_settings_catalog_policy_starts_the_world_and_gets_its_extension_data() -> None:
    doc = parse_document(EXTENSION_DATA)
    (procedure,) = doc.procedures
    assert start_for(procedure, plan_procedure(procedure), doc.title, doc).deployed == "settings catalog"
    report = verify(EXTENSION_DATA)
    assert {v for _, v in verdicts(report)} == {"verified"}, verdicts(report)
    entered = report.procedures[0].steps[1]
    assert any("enter one of '2', '3' as 'Extension Data > Value'" in a for a in entered.actions)


def test_the_wizard_s_button_misnamed_is_one_failure() -> None:
    report = verify(EXTENSION_DATA.replace("Select **Review + save** to save", "Select **Next** to save"))
    assert [v for _, v in verdicts(report)] == ["verified", "verified", "failed"]


def test_removing_the_assignment_verifies_and_a_wrong_button_fails_there() -> None:
    report = verify(REMOVE_ASSIGNMENT)
    assert {v for _, v in verdicts(report)} == {"verified"}, verdicts(report)
    wrong = verify(REMOVE_ASSIGNMENT.replace("select **Remove**", "select **Delete**"))
    assert [line for line, v in verdicts(wrong) if v != "verified"] == [verdicts(report)[6][0]], verdicts(wrong)


def test_an_old_path_fails_once_and_the_run_goes_on_under_the_new_labels() -> None:
    text = REMOVE_ASSIGNMENT.replace("2. Go to **Devices** and then **Manage devices**.\n3. Select **Configuration**.\n",
                                     "2. Go to **Devices** and then **Configuration profiles**.\n")
    report = verify(text)
    failed = [line for line, verdict in verdicts(report) if verdict == "failed"]
    assert len(failed) == 1, verdicts(report)
    step = next(s for p in report.procedures for s in p.steps if s.verdict == "failed")
    assert "went on after: select 'Manage devices', select 'Configuration'" in step.message


def test_a_numbered_list_of_names_is_options_not_a_procedure() -> None:
    text = FRONT + "## Methods\n\nTwo methods resist phishing:\n\n1. [Secure Enclave](#se) (Recommended).\n2. Smart card.\n"
    assert parse_document(text).procedures == []
    steps = FRONT + "## Steps\n\n1. Select **Secure Enclave**.\n2. Restart the Mac.\n"
    assert len(parse_document(steps).procedures) == 1


def test_former_product_names_are_reported_with_the_current_one() -> None:
    doc = parse_document(FRONT + "In Microsoft Endpoint Manager admin center, check Azure AD.\n")
    messages = [message for _, kind, message in wording_problems(doc) if kind == "product-name"]
    assert messages == ["'Microsoft Endpoint Manager admin center' is now called 'Microsoft Intune admin center'",
                        "'Azure AD' is now called 'Microsoft Entra ID'"]
