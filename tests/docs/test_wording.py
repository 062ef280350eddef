"""Label and wording findings (sim/docs/wording.py) on documents written here in Learn conventions.

The rule-break tests at the end take one rule's data away (a release row's label, the macOS rows'
settings app, codespell's dictionary) and show the finding that rests on it appear or go.
"""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

import psso_sim.docs.wording
from psso_sim.docs.findings import KINDS, static_findings
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.verify import verify_document
from psso_sim.docs.vocabulary import vocabulary
from psso_sim.docs.wording import WORDING_KINDS, wording_problems
from psso_sim.product.macos import MACOS
from psso_sim.product.releases import PRODUCTS

CURRENT = "06/03/2024"  # an ms.date the current release describes
SEEDS = "11/06/2023"


def page(body: str, date: str = CURRENT) -> str:
    front = f"---\ntitle: Join a Mac\ndescription: How a user joins a Mac.\nms.date: {date}\n---\n\n# Join a Mac\n\n"
    return front + textwrap.dedent(body).lstrip("\n")


def wording(body: str, date: str = CURRENT) -> list[tuple[int, str, str]]:
    """(line in the body, kind, message): line 1 is the body's first line."""
    doc = parse_document(page(body, date))
    return [(line - 8, kind, message) for line, kind, message in wording_problems(doc)]


def test_a_clean_page_has_no_wording_findings() -> None:
    assert wording("""
        1. Open the **Company Portal** app and select **Sign in**.
        1. Select **Begin**, then **Continue**, then **Download profile**.
        1. Open **Settings** &gt; **Privacy & Security** &gt; **Profiles** and select **Management Profile**.
        1. Hover over the **Authentication Required** popup and select **Sign-in**.
        1. When a **Microsoft Entra** window appears, enter your Microsoft Entra ID password and select **Sign In**.
        1. Select **Deregister** in **Preferences**; your admin in Microsoft Intune sees it in Intune.

        The method is **Secure enclave**, **Smart Card** or **Password** (`SmartCard` in the payload).
        Run `company portal --help` or see https://learn.microsoft.com/intune/company-portal.
        """) == []


def test_a_label_in_the_wrong_case_names_the_product_label() -> None:
    assert wording("1. Select **Download Profile**, then **Ok**.\n") == [
        (1, "label-case", "**Download Profile** is written 'Download profile' (the product's capitalization)"),
        (1, "label-case", "**Ok** is written 'OK' (the product's capitalization)"),
    ]


def test_sign_in_is_judged_per_label_the_product_has() -> None:
    # The product shows all three (Company Portal, the notification, the Microsoft Entra window).
    assert wording("1. Select **Sign in**, **Sign-in** and **Sign In**.\n") == []
    assert [(kind, message) for _, kind, message in wording("1. Select **Sign-In**.\n")] == [
        ("label-case", "**Sign-In** is written 'Sign-in' (the product's capitalization)")]


def test_and_for_ampersand_spacing_and_typos_are_label_wording() -> None:
    found = wording("""
        1. Open **Privacy and Security**, then **Users and Groups**.
        1. Select **Dowload profile**.
        1. Open **Autofill &Passwords**.
        """)
    assert [(line, kind) for line, kind, _ in found] == [(1, "label-wording"), (1, "label-wording"),
                                                         (2, "label-wording"), (2, "spelling"), (3, "label-wording")]
    assert "'Privacy & Security' ('&', not 'and')" in found[0][2]
    assert "'Download profile' (the product's spelling)" in found[2][2]


def test_a_bold_text_near_no_label_is_left_alone() -> None:
    assert wording("1. Set **Registration Token** to **Contoso Labs**, then select **Passwords**.\n") == []


def test_a_label_of_another_release_is_judged_against_the_documents_release() -> None:
    current, seeds = wording("1. Select **Unregister**.\n"), wording("1. Select **Unregister**.\n", SEEDS)
    assert current == [(1, "label-release",
                        "'Unregister' is the label of release 2023-11; release current shows 'Deregister'")]
    assert seeds == []
    assert [kind for _, kind, _ in wording("1. Select **Deregister**.\n", SEEDS)] == ["label-release"]


def test_system_preferences_is_system_settings() -> None:
    assert wording("Open System Preferences.\n") == [
        (1, "label-release", "'System Preferences' is 'System Settings' from macOS 13 Ventura, on every macOS of "
                             "release current")]


def test_product_names_in_the_wrong_case_or_spacing() -> None:
    found = wording("""
        Open the Company portal app, sign in to Microsoft Entra Id and InTune.

        > [!NOTE]
        > Use TouchID or your password. Use the company portal to enroll.

        | setting | value |
        |---|---|
        | Platform sso | on |
        """)
    assert found == [
        (1, "product-name", "'Company portal' is written 'Company Portal'"),
        (1, "product-name", "'Microsoft Entra Id' is written 'Microsoft Entra ID'"),
        (1, "product-name", "'InTune' is written 'Intune'"),
        (4, "product-name", "'TouchID' is written 'Touch ID'"),
        (8, "product-name", "'Platform sso' is written 'Platform SSO'"),
    ]


def test_file_names_paths_and_code_are_not_product_names() -> None:
    assert wording("""
        Install **CompanyPortal-Installer.pkg** from /Applications/company portal or `intune`.
        See [the Intune docs](https://learn.microsoft.com/intune/intune-service/).

        ```console
        $ open -a "company portal"
        ```
        """) == []


def test_spelling_from_codespell_with_the_writers_case() -> None:
    assert wording("""
        You will recieve a notification.

        Seperate the accounts. The API and URLS are fine; `recieve` in code is not prose.
        """) == [
        (1, "spelling", "'recieve' is misspelt: 'receive'"),
        (3, "spelling", "'Seperate' is misspelt: 'Separate'"),
    ]


def test_findings_carry_the_wording_kinds_as_warnings() -> None:
    doc = parse_document(page("1. Select **Download Profile**, then open System Preferences. Recieve it.\n"))
    found = [f for f in static_findings(doc) if f.kind in WORDING_KINDS]
    assert [(f.line, f.kind, f.severity) for f in found] == [
        (9, "label-case", "warning"), (9, "label-release", "warning"), (9, "spelling", "warning")]
    assert all(KINDS[kind] == "warning" for kind in WORDING_KINDS)


def test_verify_doc_reports_them_against_the_release_it_ran() -> None:
    doc = parse_document(page("Select **Unregister** in Company Portal.\n", SEEDS))
    report = verify_document(doc)
    assert report.product == "2023-11"
    assert not [f for f in report.findings if f.kind in WORDING_KINDS]


def test_the_vocabulary_comes_from_the_rows() -> None:
    words = vocabulary(PRODUCTS["current"])
    assert {"Deregister", "Information", "Autofill from", "Use passwords and passkeys from"} <= words.labels
    assert "Autofill from" not in vocabulary(PRODUCTS["2023-11"]).labels  # macOS 15's, a current-only macOS


# ---- rules taken away ------------------------------------------------------------------------


def test_rule_break_a_renamed_release_label(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "1. Select **Unregister**.\n"
    assert [kind for _, kind, _ in wording(body)] == ["label-release"]
    monkeypatch.setitem(PRODUCTS, "current", dataclasses.replace(PRODUCTS["current"], deregister_label="Unregister"))
    assert wording(body) == []


def test_rule_break_the_settings_app_name(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "Open System Preferences.\n"
    assert wording(body)
    for major in MACOS:
        monkeypatch.setitem(MACOS, major, dataclasses.replace(MACOS[major], settings_app="System Preferences"))
    assert wording(body) == []


def test_rule_break_a_macos_label(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "1. Open **Privacy & Security**.\n"
    assert wording(body) == []
    for major in MACOS:
        monkeypatch.setitem(MACOS, major, dataclasses.replace(MACOS[major], profiles_path=("Privacy", "Profiles")))
    assert wording(body) == []  # near no label now: left alone
    for major in MACOS:
        monkeypatch.setitem(MACOS, major, dataclasses.replace(MACOS[major], profiles_path=("Privacy & security",)))
    assert [kind for _, kind, _ in wording(body)] == ["label-case"]


def test_rule_break_the_spelling_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "You will recieve it.\n"
    assert wording(body)
    monkeypatch.setattr(psso_sim.docs.wording, "_misspellings", dict)
    assert wording(body) == []


RENDERED = """---
layout: Conceptual
title: Remove a Mac - Microsoft Entra ID | Microsoft Learn
description: How a user removes a Mac.
ms.date: 2023-09-26T00:00:00.0000000Z
locale: en-us
---

# Remove a Mac

1. Open **Company Portal** &gt; **Preferences** and select **Deregister**.
1. Open **Settings** &gt; **Users &amp; Groups**, then **Privacy &amp; security**.
"""


def test_the_rendered_page_form_is_judged_by_its_iso_date() -> None:
    found = wording_problems(parse_document(RENDERED))
    assert [(line, kind) for line, kind, _ in found] == [(11, "label-release"), (12, "label-case")]
    assert "release 2023-11 shows 'Unregister'" in found[0][2]
    assert "'Privacy & Security'" in found[1][2]
