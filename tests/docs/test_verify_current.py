"""verify-doc on the current product: documents written here in Learn conventions (ms.date 2024), never
an article's text. Each test runs its procedures on the simulated product; the negative ones change one
thing a writer could get wrong and check the verdict at its line.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from psso_sim.docs.markdown import parse_document
from psso_sim.docs.results import ProcedureResult, Report, StepResult
from psso_sim.docs.verify import verify_document
from psso_sim.product import MACOS

FRONT = """\
---
title: Join a test Mac with Company Portal
description: A test article for the documentation verifier, on the current product.
ms.date: 06/03/2024
---

# Join a test Mac with Company Portal

"""

ENROLL = """\
## Enroll the Mac with Company Portal

1. Open the **Company Portal** app and select **Sign in**.
1. Enter your Microsoft Entra ID credentials and select **Next**.
1. You're prompted to **Set up {Company} access**. Select **Begin**, then select **Continue**.
1. Select **Download profile**.
1. Open **Settings** &gt; **Privacy & Security** &gt; **Profiles** if it doesn't automatically appear. Select \
**Management Profile**, then select **Install**.
1. Enter your local device password and select **Enroll**.
1. You see a notification in **Company Portal** that the installation is complete. Select **Done**.

"""

REGISTER = """\
## Register with Platform SSO

Register here after successful completion of Enroll the Mac with Company Portal.

### [Secure Enclave](#tab/secure-enclave)

1. Navigate to the **Registration Required** popup at the top right of the screen. Hover over the popup and \
select **Register**. For macOS 14 Sonoma users, you see a prompt to register your device with Microsoft Entra. \
This prompt doesn't appear for macOS 13 Ventura.
1. Once your account is unlocked, select the account to sign in to, enter your sign-in credentials and select \
**Next**.
1. MFA is required as part of this sign in flow. Open your **Authenticator** app and approve the sign in request.
1. When the MFA flow completes, your device should be registered with PSSO.
{extra}
### [Smart card](#tab/smart-card)

Before you can register with a smart card, you need to pair it with your local account. Open the **Terminal** \
app and run the following commands, then check it was successful.

```console
sc_auth identities
sudo sc_auth pair -h <HASH> -u <USERNAME>
```

1. Navigate to the **Registration Required** popup at the top right of the screen. Hover over the popup and \
select **Register**. If your smart card is paired with your local account, you see a prompt to enter the smart \
card pin.
{card}
### [Password](#tab/password)

1. Navigate to the **Registration Required** popup at the top right of the screen. Hover over the popup and \
select **Register**.
1. You're prompted to register your device with Microsoft Entra ID. Enter your sign-in credentials and select \
**Next**.
1. When a **Single Sign-On** window appears, enter your local account password and select **OK**. If you're on \
macOS 14, you're prompted to unlock your local account beforehand.
1. If your local password differs from your Microsoft Entra ID password, an **Authentication Required** popup \
appears on the top right of the screen. Hover over the banner and select **Sign-in**.
1. When a **Microsoft Entra** window appears, enter your Microsoft Entra ID password and select **Sign In**.
1. From this point on, your old password doesn't work.

---
"""

CARD = """\
1. Enter your pin and select **Enter pin for the smart card**.
1. Open your **Authenticator** app on your phone and complete the MFA flow.
1. When the MFA flow completes, PSSO registration with smart card authentication is complete.
"""


def article(*, extra: str = "", card: str = CARD, enroll: str = ENROLL, front: str = FRONT) -> str:
    return front + enroll + REGISTER.format(extra=extra, card=card)


def verify(text: str, macos: tuple[int, ...] | None = None, product: str | None = None) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=macos, product=product)


def runs(report: Report, tab: str | None) -> list[ProcedureResult]:
    return [p for p in report.procedures if p.tab == tab]


def bad(result: ProcedureResult) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in result.steps if not s.ok]


def step_at(text: str, needle: str, result: ProcedureResult) -> StepResult:
    line = next(n for n, text_line in enumerate(text.split("\n"), 1) if needle in text_line)
    return next(s for s in result.steps if s.line == line)


@pytest.fixture(scope="module")
def correct() -> Report:
    return verify(article())


# ---- a correct article verifies, each procedure from where the one before it ends ------------------


def test_the_enrollment_ends_with_done_and_each_method_tab_registers(correct: Report) -> None:
    assert correct.product == "current"
    assert [(p.tab, p.macos) for p in correct.procedures] == [
        (None, 13), (None, 14), (None, 15), ("Secure Enclave", 13), ("Secure Enclave", 14), ("Secure Enclave", 15),
        ("Smart card", 14), ("Smart card", 15), ("Password", 13), ("Password", 14), ("Password", 15)]
    assert {p.macos: bad(p) for p in correct.procedures if bad(p)} == {}


def test_a_registration_that_follows_the_enrollment_starts_where_it_ends(correct: Report) -> None:
    registration = runs(correct, "Secure Enclave")[0]
    assert registration.setup == "awaiting-registration"
    assert "Secure Enclave" in registration.setup_description


def test_the_macos_14_prompt_is_checked_on_14_and_later_and_its_absence_on_13(correct: Report) -> None:
    notes = {p.macos: " ".join(p.steps[0].notes) for p in runs(correct, "Secure Enclave")}
    assert "expect no 'register your device with Microsoft Entra' prompt on screen: not needed" in notes[14]
    assert "not needed (this Mac runs macOS 13)" in notes[13] and "a prompt to register" in notes[13]
    assert "not needed" not in notes[15].split("expect no")[0]  # 15 sees the prompt, as 14 does


def test_the_absence_on_13_is_checked_on_the_macos_row_not_the_sentences_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MACOS, 13, replace(MACOS[13], entra_registration_prompt=True))
    text = article()
    result = runs(verify(text, macos=(13,)), "Secure Enclave")[0]
    step = step_at(text, "This prompt doesn't appear", result)
    assert step.verdict == "failed" and "'Register your device with Microsoft Entra' is on screen" in step.message


def test_the_organisation_placeholder_is_the_worlds_organisation(correct: Report) -> None:
    enrollment = correct.procedures[0]
    assert any("placeholder read as the organisation" in note for note in enrollment.steps[2].notes)
    text = article(enroll=ENROLL.replace("Set up {Company} access", "Set up {Company} portal"))
    step = step_at(text, "Set up {Company} portal", verify(text, macos=(14,)).procedures[0])
    assert step.verdict == "failed" and "no window titled" in step.message


def test_a_conditional_open_is_done_only_when_the_window_is_not_showing(correct: Report) -> None:
    assert correct.procedures[0].steps[4].ok
    text = article(enroll=ENROLL.replace("1. Select **Download profile**.",
                                         "1. Select **Download profile**, then open **Settings** > "
                                         "**Privacy & Security** > **Profiles**."))
    step = step_at(text, "if it doesn't automatically appear", verify(text, macos=(14,)).procedures[0])
    assert step.ok and "not needed ('Profiles' is already on screen)" in " ".join(step.notes)


def test_a_misspelt_button_on_the_notification_fails_with_the_label_there() -> None:
    text = article(extra="").replace("Hover over the popup and select **Register**. For macOS 14",
                                     "Hover over the popup and select **Registre**. For macOS 14")
    result = runs(verify(text, macos=(14,)), "Secure Enclave")[0]
    step = step_at(text, "select **Registre**", result)
    assert step.verdict == "failed" and "did you mean 'Register'?" in step.message


# ---- method tabs -------------------------------------------------------------------------------


def test_the_smart_card_tab_pairs_the_card_first_and_runs_on_14_and_later_only(correct: Report) -> None:
    card = runs(correct, "Smart card")
    assert [p.macos for p in card] == [14, 15]
    preamble = card[0].steps[0]
    assert preamble.number == 0 and preamble.ok
    assert "sudo sc_auth pair -h" in " ".join(preamble.notes) and "<HASH>" not in " ".join(preamble.notes)
    assert any("is the prompt's title: selected its 'OK'" in note for s in card[0].steps for note in s.notes)


def test_a_tab_whose_method_the_asked_version_lacks_is_not_available_not_failed() -> None:
    card = runs(verify(article(), macos=(13,)), "Smart card")
    assert [p.macos for p in card] == [13]
    assert {s.verdict for s in card[0].steps} == {"not-available-on-version"}
    assert "needs macOS 14 or 15" in card[0].steps[0].message


def test_a_method_the_release_lacks_is_not_available() -> None:
    older = FRONT.replace("06/03/2024", "11/06/2023")
    report = verify(article(front=older))
    assert report.product == "2023-11"
    enclave = runs(report, "Secure Enclave")
    assert len(enclave) == 1 and {s.verdict for s in enclave[0].steps} == {"not-available-on-version"}
    assert "product release 2023-11 has no Secure Enclave method" in enclave[0].steps[0].message


def test_mfa_approved_before_the_pin_it_follows_is_out_of_order() -> None:
    swapped = CARD.split("\n")
    swapped[0], swapped[1] = swapped[1], swapped[0]
    text = article(card="\n".join(swapped))
    result = runs(verify(text, macos=(14,)), "Smart card")[0]
    assert step_at(text, "complete the MFA flow", result).verdict == "out-of-order"


def test_a_step_of_another_methods_flow_fails_at_its_line() -> None:
    extra = "1. When a **Single Sign-On** window appears, enter your local account password and select **OK**.\n"
    text = article(extra=extra)
    result = runs(verify(text, macos=(14,)), "Secure Enclave")[0]
    step = step_at(text, "When a **Single Sign-On** window appears", result)
    assert step.verdict == "failed" and "Single Sign-On" in step.message
    assert [s.line for s in result.steps if not s.ok] == [step.line]


def test_the_password_tab_signs_in_syncs_and_the_old_password_goes(correct: Report) -> None:
    password = runs(correct, "Password")
    assert all(p.ok for p in password)
    notes = {p.macos: " ".join(n for s in p.steps for n in s.notes) for p in password}
    assert "first answered 'Register your device with Microsoft Entra'" in notes[14]
    assert "unlock your local account" not in notes[13] and "not needed (this Mac runs macOS 13)" in notes[13]


# ---- Settings: the registration status and the passkey provider ----------------------------------

STATUS = """\
## Check the registration

Once you've completed the steps above, check the registration.

1. To check that registration has completed, navigate to **Settings** and select **Users & Groups**.
1. Select **Edit** next to **Network Account Server** and check that **Platform SSO** is listed as **{state}**.
1. Navigate to your username in the **Users & Groups** window and select the **Information** icon. Check the \
method listed, which should be **Secure enclave**, **Smart Card**, or **Password**.
"""


@pytest.mark.parametrize("version", [14, 15])
def test_users_and_groups_shows_the_registration_and_the_method(version: int) -> None:
    result = verify(FRONT + STATUS.format(state="Registered"), macos=(version,)).procedures[0]
    assert result.setup == "registered" and bad(result) == []
    assert "closed 'Network Account Server' with 'Done'" in " ".join(result.steps[2].notes)


def test_a_status_the_screen_does_not_list_fails() -> None:
    text = FRONT + STATUS.format(state="Not registered")
    result = verify(text, macos=(14,)).procedures[0]
    assert bad(result)[0] == (step_at(text, "is listed as", result).line, "failed")


PASSKEY = """\
## Use the credential as a passkey

1. Open the **Settings** app, and navigate to **General** > **Autofill & Passwords**.
1. Under **Autofill & Passwords**, find **Autofill from** and enable **Company Portal** through the toggle switch.
"""


def test_the_passkey_pane_is_the_macos_rows() -> None:
    report = verify(FRONT + PASSKEY, macos=(14, 15))
    on14, on15 = report.procedures
    assert bad(on15) == []
    assert on14.steps[0].verdict == "not-available-on-version"
    assert "on macOS 14 that pane is Settings > Passwords > Password Options" in on14.steps[0].message


# ---- Terminal ----------------------------------------------------------------------------------

TERMINAL = """\
## See the pairings

1. See which smart cards are paired by running the following command in Terminal.

    ```console
    sc_auth list -u <USERNAME>
    ```
"""


def test_a_command_phrasing_opens_terminal_and_fills_the_user_name() -> None:
    result = verify(FRONT + TERMINAL, macos=(14,)).procedures[0]
    assert result.ok, result.steps[0].message
    assert "opened Terminal" in result.steps[0].notes[0] and "-u " in result.steps[0].notes[0]


def test_a_placeholder_the_reader_cannot_fill_fails_at_its_step() -> None:
    result = verify(FRONT + TERMINAL.replace("<USERNAME>", "<DEPARTMENT>"), macos=(14,)).procedures[0]
    assert result.steps[0].verdict == "failed" and "<DEPARTMENT>" in result.steps[0].message


def test_the_text_report_shows_the_preamble_as_step_0(correct: Report) -> None:
    from psso_sim.docs.report import render_text

    assert "0. Before you can register with a smart card" in render_text(correct)



def test_a_password_condition_is_decided_on_the_worlds_passwords() -> None:
    from psso_sim.docs.conditions import read_condition
    from psso_sim.docs.session import Session
    from psso_sim.docs.state_checks import condition_holds

    differs = read_condition("your local password differs from your Microsoft Entra ID password")
    assert differs is not None
    session = Session(seed=0, macos=14)
    try:
        assert condition_holds(differs, session) == (True, "the local password differs from the Microsoft Entra "
                                                           "ID password")
        session.mac.account.password = session.person.entra_password
        assert condition_holds(differs, session)[0] is False
    finally:
        session.close()


# ---- the out-of-box experience: Setup Assistant ------------------------------------------------

OUT_OF_BOX = """\
---
title: Join a test Mac during the out of box experience
description: A test article for the documentation verifier, on the current product.
ms.date: 06/03/2024
---

# Join a test Mac during the out of box experience

## Set up the Mac

1. Upon seeing the "Hello" screen when opening your Mac for the first time, follow the steps to select your \
country or region, and configure network settings as required.
1. You're prompted to download a **Remote Management** profile. Select **Continue**, and enter your Microsoft \
Entra ID credentials when prompted.
1. Enter the code sent to your **Authenticator app**.
1. To create a user account, fill in your full name, account name, and create a local account password. Select \
**Continue** and your home screen appears.

## Register the Mac

### [Secure Enclave](#tab/secure-enclave)

1. Navigate to the **Registration Required** popup at the top right of the screen. Hover over the popup and \
select **Register**.
1. Once your account is unlocked, select the account to sign in to, enter your sign-in credentials and select \
**Next**.
1. MFA is required as part of this sign in flow. Open your **Authenticator** app and approve the sign in request.
1. When the MFA flow completes, your device should be registered with PSSO.

---
"""


def test_an_out_of_box_article_starts_at_hello_and_registers_after_setup_assistant() -> None:
    report = verify(OUT_OF_BOX, macos=(14,))
    set_up, register = report.procedures
    assert set_up.setup == "new" and "Setup Assistant's Hello" in set_up.setup_description
    assert register.setup == "awaiting-registration" and "set up with Setup Assistant" in register.setup_description
    assert bad(set_up) == [] and bad(register) == []
    assert "chose 'Get Started'" in set_up.steps[0].notes[0]


def test_an_approval_moved_past_the_sign_in_fails_where_nothing_waits_for_it() -> None:
    lines = OUT_OF_BOX.split("\n")
    code = next(k for k, line in enumerate(lines) if "Enter the code sent" in line)
    lines[code], lines[code + 1] = lines[code + 1], lines[code]
    text = "\n".join(lines)
    set_up = verify(text, macos=(14,)).procedures[0]
    step = step_at(text, "Enter the code sent", set_up)
    assert step.verdict == "failed" and "no sign-in request waits for approval" in step.message
    assert [s.line for s in set_up.steps if not s.ok] == [step.line]
