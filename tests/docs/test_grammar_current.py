"""The grammar for the current articles' phrasing: how their sentences become actions (no run here).

Every document is written here, in Learn conventions; none is an article's text.
"""

from __future__ import annotations

import pytest

from psso_sim.docs.action_types import (
    ApproveMFA,
    EnterCredentials,
    EnterPin,
    Expect,
    ExpectAbsent,
    ExpectState,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    Select,
    SwitchOn,
    Unlock,
    Wait,
)
from psso_sim.docs.actions import plan_procedure, plan_step
from psso_sim.docs.conditions import applies_to_version, read_condition, version_note
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.placeholders import PlaceholderError, fill_command, fill_label
from psso_sim.docs.sentences import paragraphs


def actions(text: str) -> list[object]:
    doc = parse_document(f"## Steps\n\n1. {text}\n")
    return list(plan_step(doc.procedures[0].steps[0]).actions)


def kinds(text: str) -> list[str]:
    return [type(a).__name__ for a in actions(text)]


# ---- reading the page ------------------------------------------------------------------------


def test_html_entities_are_read_as_characters_and_a_placeholder_is_not_a_tag() -> None:
    read = actions("Go to **Settings** &gt; **Network** &gt; **Proxies** if it doesn't automatically appear.")
    assert read == [OpenApp(source=read[0].source, app="Settings", when=read[0].when),  # type: ignore[attr-defined]
                    Navigate(source=read[1].source, path=("Network", "Proxies"), when=read[1].when)]  # type: ignore[attr-defined]
    assert read[0].when is not None and read[0].when.kind == "not-showing"  # type: ignore[attr-defined]
    assert read[0].when.subject == "Proxies"  # type: ignore[attr-defined]
    doc = parse_document("## Steps\n\n1. You're prompted to **Join &lt;organization&gt; now** <br/>here.\n")
    assert paragraphs(doc.procedures[0].steps[0]) == ["You're prompted to **Join <organization> now** here."]


def test_a_quoted_admonition_in_a_step_is_an_aside_not_instructions() -> None:
    doc = parse_document("## Steps\n\n1. Select **Save**.\n\n    > [!TIP]\n    > Pour yourself a coffee first.\n")
    read = plan_step(doc.procedures[0].steps[0]).actions
    assert [type(a).__name__ for a in read] == ["Select", "Note"]
    assert "advice" in read[1].reason  # type: ignore[attr-defined]


# ---- conditions -------------------------------------------------------------------------------


def test_a_version_opener_holds_for_the_rest_of_its_paragraph_only() -> None:
    doc = parse_document("## Steps\n\n1. Select **Start**.\n\n    - For macOS 13 Ventura users, you see a prompt to "
                         "confirm. Select **Go**.\n\n    Select **Finish**.\n")
    read = plan_step(doc.procedures[0].steps[0]).actions
    conditions = [(type(a).__name__, a.when.major if a.when else None) for a in read]
    assert conditions == [("Select", None), ("Expect", 13), ("Select", 13), ("Select", None)]


def test_a_sentence_naming_its_own_version_keeps_it_over_the_paragraphs() -> None:
    read = actions("For macOS 14 Sonoma users, you see a prompt to confirm the move. "
                   "This prompt doesn't appear for macOS 13 Ventura.")
    assert isinstance(read[0], Expect) and read[0].when is not None and read[0].when.major == 14
    assert isinstance(read[1], ExpectAbsent) and read[1].text == "confirm the move"
    assert read[1].when is not None and read[1].when.major == 13


def test_a_prompt_that_does_not_appear_needs_a_prompt_named_before() -> None:
    assert kinds("This prompt doesn't appear for macOS 13 Ventura.") == ["NotUnderstood"]


@pytest.mark.parametrize(("named", "on", "holds"), [
    (13, 13, True), (13, 14, False), (13, 15, False),  # the earliest version is singled out
    (14, 13, False), (14, 14, True), (14, 15, True),  # a later one stands for itself and what followed
])
def test_a_named_macos_version_stands_for_itself_and_later_ones_except_the_earliest(
        named: int, on: int, holds: bool) -> None:
    assert applies_to_version(named, on, (13, 14, 15)) is holds


def test_a_closing_version_note_says_only_or_and_later() -> None:
    sentence, only = version_note("Select **Legacy Method** (Select for macOS 13 only)")
    assert sentence == "Select **Legacy Method**" and only is not None and only.scope == "only"
    assert not applies_to_version(13, 14, (13, 14, 15), only.scope)
    _, later = version_note("**Vault Policy** (macOS 15+)")
    assert later is not None and later.major == 15 and later.scope == "and-later"
    assert kinds("Select **Vault Policy** (Select for macOS 15+).") == ["Select"]


@pytest.mark.parametrize(("phrase", "kind", "negated"), [
    ("you're on macOS 14", "macos", False),
    ("your local password differs to your Microsoft Entra ID password", "passwords-differ", False),
    ("your smart card is paired with your local account", "card-paired", False),
    ("the certificate isn't already paired with the local account", "card-paired", True),
    ("your administrator has configured MFA for the device registration flow", "mfa-for-registration", False),
])
def test_conditions_the_articles_state(phrase: str, kind: str, negated: bool) -> None:
    condition = read_condition(phrase)
    assert condition is not None and (condition.kind, condition.negated) == (kind, negated)


def test_if_so_takes_the_condition_the_check_sentence_stated() -> None:
    read = actions("Check if your administrator has configured MFA for the device registration flow. "
                   "If so, open your **Authenticator** app on your phone and complete the MFA flow.")
    assert isinstance(read[0], Note)
    assert isinstance(read[1], ApproveMFA) and read[1].when is not None
    assert read[1].when.kind == "mfa-for-registration"
    assert len(read) == 2  # "open Authenticator ... and complete the MFA flow" is one approval


def test_an_unknown_condition_is_not_understood_never_guessed() -> None:
    assert kinds("Check if the moon is full.") == ["NotUnderstood"]
    assert kinds("If the moon is full, select **Howl**.")[0] in ("Wait", "NotUnderstood")


# ---- the registration flow's phrasing ---------------------------------------------------------


def test_the_notification_the_step_names_and_the_select_on_it() -> None:
    read = actions("Navigate to the **Sign-in Needed** banner at the top right of the screen. "
                   "Hover over the banner and select **Continue**.")
    assert read[0] == Expect(source=read[0].source, text="Sign-in Needed", within="Notification",  # type: ignore[attr-defined]
                             title=True)
    assert isinstance(read[-1], Select) and read[-1].within == "Notification" and read[-1].label == "Continue"


def test_the_sign_in_with_its_unlock_account_choice_and_mfa() -> None:
    assert kinds("Once your account is unlocked with Touch ID or password, select the account to sign in to, "
                 "enter your sign-in credentials and select **Next**.") == ["Unlock", "Expect", "EnterCredentials"]
    assert actions("Once your account is unlocked, select **Go**.")[0] == Unlock(source="Once your account is unlocked",
                                                                                  optional=True)
    assert kinds("MFA is required as part of this sign in flow. Open your **Authenticator app** (recommended), and "
                 "enter the number displayed on the screen.") == ["ExpectState", "ApproveMFA"]


def test_credentials_leave_mfa_to_an_approval_the_next_step_asks_for() -> None:
    doc = parse_document("## Steps\n\n1. Enter your sign-in credentials and select **Next**.\n"
                         "1. Open your **Authenticator** app and complete the MFA flow.\n"
                         "1. Enter your Microsoft Entra ID credentials and select **Next**.\n"
                         "1. Select **Done**.\n1. Select **Close**.\n")
    plans = plan_procedure(doc.procedures[0])
    first, later = plans[0].actions[0], plans[2].actions[0]
    assert isinstance(first, EnterCredentials) and not first.approve
    assert isinstance(later, EnterCredentials) and later.approve


def test_a_window_named_when_it_appears_is_waited_for_and_checked() -> None:
    read = actions("When a **Sync Password** window appears, enter your local account password and select **OK**.")
    assert isinstance(read[0], Wait) and read[0].window == "Sync Password"
    assert read[1] == Expect(source=read[1].source, text="Sync Password", title=True)  # type: ignore[attr-defined]
    assert kinds("When a **Sync Password** window appears, select **OK**.")[-1] == "Select"


def test_past_actions_in_openers_are_not_waited_for() -> None:
    assert kinds("When the correct pin is entered, PSSO registration is complete.") == ["ExpectState"]
    assert kinds("After unlocking the Mac, you can now use PSSO to access your mail.") == ["ExpectState"]
    assert kinds("When the MFA flow completes, your device should be registered with PSSO.") == [
        "Wait", "ExpectState"]


def test_the_pin_takes_the_button_after_it() -> None:
    read = actions("Enter your pin and select **Unlock card**.")
    assert read == [EnterPin(source="Enter your pin and select **Unlock card**", button="Unlock card")]


def test_state_claims() -> None:
    states = [a.state for a in actions(  # type: ignore[attr-defined]
        "Your device should be registered with PSSO. You can now use PSSO to access your files. "
        "From this point on, your old password doesn't work because PSSO is enabled for your device. "
        "If you're on macOS 14, you're prompted to unlock your local account beforehand.")
        if isinstance(a, ExpectState)]
    assert states == ["registered", "sso", "old-password-refused", "unlocked-earlier"]


# ---- Settings, Terminal, the admin portal ------------------------------------------------------


def test_users_and_groups_phrasing() -> None:
    read = actions("Select **Edit** next to **Directory Server** and check that **Sync** is listed as **On**.")
    assert [type(a).__name__ for a in read] == ["Expect", "Select", "Expect"]
    assert read[2].labels == ("Sync", "On")  # type: ignore[attr-defined]
    read = actions("Navigate to your username in the **Accounts** window and select the **Details** icon. "
                   "Check the method listed, which should be **Card**, **Key**, or **Code**.")
    assert [type(a).__name__ for a in read] == ["GoToWindow", "Select", "Note", "Expect"]
    assert read[3].one_of and read[3].labels == ("Card", "Key", "Code")  # type: ignore[attr-defined]


def test_switches_and_apps_named_in_a_navigation() -> None:
    read = actions("Under **Sharing**, find **Share from** and enable **Notes** through the toggle switch.")
    assert [type(a).__name__ for a in read] == ["Expect", "Expect", "SwitchOn"]
    assert read[2] == SwitchOn(source=read[2].source, label="Notes")  # type: ignore[attr-defined]
    read = actions("Navigate to your **Settings** app, **Sharing** and **Share from**, and ensure that **Notes** "
                   "is enabled.")
    assert read[:2] == [OpenApp(source=read[0].source, app="Settings"),  # type: ignore[attr-defined]
                        Navigate(source=read[1].source, path=("Sharing", "Share from"))]  # type: ignore[attr-defined]
    assert isinstance(read[2], SwitchOn)
    assert isinstance(actions("Ensure that the **All** option is selected.")[0], Select)  # selected stays a select


def test_command_phrasings_take_the_steps_code() -> None:
    for sentence in ("Open the **Terminal** app and enter the following command to stop the agent.",
                     "Stop the agent by running the following command in Terminal.",
                     "Run the following `sudo` commands to pair it."):
        doc = parse_document(f"## Steps\n\n1. {sentence}\n\n    ```console\n    app-sso platform -s\n    ```\n")
        read = plan_step(doc.procedures[0].steps[0]).actions
        assert read[-1].describe() == "run `app-sso platform -s`", sentence


def test_admin_portal_phrasing() -> None:
    assert actions("Sign in to the Microsoft Intune admin center.") == [
        OpenApp(source="Sign in to the Microsoft Intune admin center", app="Microsoft Intune admin center")]
    assert [a.describe() for a in actions("Enter the following properties:\n\n    - **Platform**: Select **macOS**.")] \
        == ["note: introduces the values listed after it", "enter 'macOS' as 'Platform'"]
    doc = parse_document("## Steps\n\n1. In the list, select the following settings:\n\n    - **Alpha**\n"
                         "    - Expand **Group**:\n      - Select **Beta** (Select for macOS 14+)\n\n"
                         "    Close the settings picker.\n")
    read = plan_step(doc.procedures[0].steps[0]).actions
    assert [a.describe() for a in read if not isinstance(a, Note)] == [
        "select 'Alpha'", "select 'Group'", "select 'Beta'", "select 'Close'"]
    assert kinds("**Alpha**") == ["NotUnderstood"]  # a bare label means something only in such a list


def test_words_that_need_no_check_are_notes_and_others_stay_not_understood() -> None:
    assert kinds('The placeholder "Org" is different depending on your setup.') == ["Note"]
    assert kinds("You'll need to use the local password to log in after a reboot to unlock the keychain.") == ["Note"]
    assert isinstance(actions("Hum a tune near the Mac.")[0], NotUnderstood)


# ---- placeholders ------------------------------------------------------------------------------


def test_label_placeholders_are_the_organisation() -> None:
    assert fill_label("Set up {Company} access", "Fabrikam") == "Set up Fabrikam access"
    assert fill_label("Welcome to <organization>", "Fabrikam") == "Welcome to Fabrikam"
    assert fill_label("Set up {Anything} access", "Fabrikam") == "Set up {Anything} access"


def test_command_placeholders_are_filled_from_the_account_and_earlier_output() -> None:
    output = "Card: token:1C91F4294662A78C\nUnpaired:\n1F48AE73F0521AE87E4853D947DE6AAF434E2BBD\tCert\n"
    assert fill_command("sudo sc_auth pair -h <HASH> -u <USERNAME>", username="adele", earlier_output=output) == \
        "sudo sc_auth pair -h 1F48AE73F0521AE87E4853D947DE6AAF434E2BBD -u adele"
    with pytest.raises(PlaceholderError, match="<HASH>"):
        fill_command("sc_auth pair -h <HASH>", username="adele", earlier_output="")
    with pytest.raises(PlaceholderError, match="<TENANT>"):
        fill_command("echo <TENANT>", username="adele", earlier_output="")
