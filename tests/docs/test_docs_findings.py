"""Static findings on small documents written here in Learn conventions."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

import psso_sim.docs.findings
from psso_sim.docs.findings import KINDS, Finding, check_file, static_findings
from psso_sim.docs.markdown import parse_document


def findings(text: str, base_dir: Path | None = None) -> list[Finding]:
    return static_findings(parse_document(textwrap.dedent(text).lstrip("\n")), base_dir=base_dir)


def kinds(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.kind) for f in findings(text)]


CLEAN = """
---
title: Register a test Mac with Platform SSO
description: How a user registers a test Mac with Platform SSO.
ms.date: 11/06/2023
---

# Register a test Mac with Platform SSO

This article shows how to register a test Mac. If it fails, see [Troubleshoot](#troubleshoot).

## Prerequisites

- A Mac that runs macOS 13 Ventura or later
- The **Company Portal** app, installed by [your administrator](./admin-setup.md)

## Register the device

### [macOS 14](#tab/macOS14)

To register the device, use the **Settings** app.

1. In **System Settings**, go to **Users & Groups**.
1. Select **Register**, then enter your password.
1. When the registration is complete, select **Done**.

### [macOS 13](#tab/macOS13)

With macOS 13 Ventura, the device registers through Company Portal.

1. Start **Company Portal**.
1. Select **Register** and sign in with your work account.

---

> [!NOTE]
> The registration prompt reappears after about 10 minutes if you dismiss it.

## Troubleshoot

If the registration fails, collect the logs. To see the state, run the following command in Terminal:

```console
app-sso platform --state "all"
```

For the device to register, the user must be allowed to join devices. When prompted, enter your password.
To check the state, use the [macOS 14 tab](#tab/macOS14) or run `app-sso platform -s`.
"""

# Ordinary Learn prose that the sentence heuristics must leave alone.
QUIET = """
# Prose

When you're done, select **Save**. If you don't see the option, restart the Mac. Because the key
is in the Secure Enclave, it can't be exported. Although it's optional, we recommend it. To learn
more, see [Overview](https://example.com/x). Unless your organization requires it, don't change
this setting. If needed, repeat these steps. To use Platform SSO you need macOS 13. For a list of
settings see the table. To do this use the **Settings** app. If you use a smart card you must pair
it first. While the registration runs, don't close the lid. Select the app and then choose **Remove**.

[Configure Platform SSO for macOS devices](https://example.com/configure)

**Applies to:** macOS 13 and later

Select one of the following options:

- **Password**: syncs the password.

Enter the following values in the form:

| Setting | Value |
| --- | --- |
| Name | The device name |

1. If prompted, select **Allow**.
1. Review the summary. When you're ready, select **Create**.

> [!TIP]
> If the prompt doesn't appear, sign out and sign in again.

> [!div class="nextstepaction"]
> [Deploy the Company Portal app](https://example.com/deploy)

Run these commands, one at a time:

```bash
# check the state; don't skip it
defaults read com.microsoft.CompanyPortalMac 'Key Name'
echo "a multi-line
string" > out.txt
```

```console
$ echo 'done'
it's done
```
"""


def test_clean_document_has_no_findings(tmp_path: Path) -> None:
    (tmp_path / "admin-setup.md").write_text("# Admin\n", encoding="utf-8")
    assert findings(CLEAN, base_dir=tmp_path) == []


def test_clean_document_without_docset_only_notes_the_relative_link() -> None:
    assert [(f.kind, f.severity) for f in findings(CLEAN)] == [("relative-link", "info")]


def test_ordinary_prose_is_quiet() -> None:
    assert findings(QUIET) == []


# One document with each defect the product documents are known to have, in other words.
DEFECTIVE = """
# Sync the password

## Start password sync

1. Open **System Settings** and go to **Privacy**.
1. Select **Advanced**. <!--TODO: add screenshot-->
1. Open **Sync options**.
<!--TODO: finish these steps-->

## Check the state

You can see the sync state in Terminal. Run this command.

## Send logs

Include:

- Profiles

    ```console
    sudo profiles show -type enrollment"
    ```

## Limits

If a user can't sign in, there's no message. For the sign-in to succeed.
"""


def test_known_defect_types_are_found_without_being_told_where() -> None:
    found = findings(DEFECTIVE)
    assert [(f.line, f.kind, f.severity) for f in found] == [
        (6, "todo", "warning"),
        (7, "incomplete-procedure", "error"),
        (8, "todo", "warning"),
        (12, "missing-command", "error"),
        (21, "shell-syntax", "error"),
        (26, "cut-off-sentence", "warning"),
    ]
    by_kind = {f.kind: f.message for f in found}
    assert "'Start password sync' (line 3)" in by_kind["incomplete-procedure"]
    assert "only opens or navigates" in by_kind["incomplete-procedure"]
    assert "TODO: finish these steps" in by_kind["incomplete-procedure"]
    assert "'Run this command.'" in by_kind["missing-command"]
    assert "column 36" in by_kind["shell-syntax"]
    assert "remove it: sudo profiles show -type enrollment" in by_kind["shell-syntax"]
    assert "'For the sign-in to succeed.'" in by_kind["cut-off-sentence"]
    assert found[0].message == "TODO comment left in the document: 'TODO: add screenshot'"


def test_screenshot_todo_in_the_last_step_does_not_make_a_procedure_incomplete() -> None:
    assert kinds("""
        # T

        ## Remove the device

        1. Open **Company Portal**.
        1. Select **Remove**. <!--TODO: add screenshot-->
        """) == [(6, "todo")]


def test_title_the_steps_never_reach() -> None:
    found = findings("""
        # T

        ## Enable password sync

        1. Open **Settings**.
        1. Select **Users**.
        """)
    assert [(f.line, f.kind) for f in found] == [(6, "incomplete-procedure")]
    assert "no step does what the title says ('Enable password sync')" in found[0].message


def test_placeholder_text_and_unclosed_comment() -> None:
    assert kinds("""
        # T

        The value is TBD. Ask ?? for the URL.

        `TODO` in code is fine.

        <!-- never closed
        """) == [(3, "todo"), (7, "unclosed-comment")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# T\n\n## Empty\n\n## Full\n\nText.\n", [(3, "empty-section")]),
        ("# T\n\n## Only a comment\n\n<!-- note to self -->\n\n## Full\n\nText.\n", [(3, "empty-section")]),
        ("# T\n\n## Last\n", [(3, "empty-section")]),
        ("# T\n\n## Parent\n\n### Child\n\nText.\n", []),
        ("# T\n\n## Owner\n\n### [A](#tab/a)\n\n### [B](#tab/b)\n\nB.\n\n---\n", [(5, "empty-section")]),
    ],
)
def test_empty_sections(text: str, expected: list[tuple[int, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# T\n\nIf the Mac is offline.\n", [(3, "cut-off-sentence")]),
        ("# T\n\nSo that users can sign in.\n", [(3, "cut-off-sentence")]),
        ("# T\n\nSelect the.\n", [(3, "cut-off-sentence")]),
        ("# T\n\nIf you don't see the prompt.\n", [(3, "cut-off-sentence")]),
        ("# T\n\nThe sync runs every hour and\n", [(3, "cut-off-sentence")]),
        ("# T\n\nBefore you start, note:\n\n## Next\n\nText.\n", [(3, "cut-off-sentence")]),
        ("# T\n\nYou can also remove it;\n\n1. Select **Remove**.\n", [(3, "intro-punctuation")]),
        ("# T\n\nIf prompted, select **Allow**.\n", []),
        ("# T\n\nFor more information, see the [guide](#t).\n", []),
    ],
)
def test_sentences(text: str, expected: list[tuple[int, str]]) -> None:
    assert kinds(text) == expected


def test_missing_command_in_a_step_needs_the_code_in_that_step() -> None:
    text = """
        # T

        1. Open **Terminal** and run the following command:
        1. Select **Done**.

        ```console
        ls
        ```

        1. Run the following command:

           ```console
           ls
           ```
        """
    assert kinds(text) == [(3, "missing-command")]


def test_links(tmp_path: Path) -> None:
    (tmp_path / "here.md").write_text("# Here\n", encoding="utf-8")
    text = """
        # T

        ## Report an issue

        ### [Mac](#tab/mac)

        See [a](#report-an-issue), [b](#report-issue), [c](#tab/mac), [d](#tab/pc) and [e](mailto:a@b.c).
        Read [f](./here.md), [g](./gone.md), [h](~/docset.md), [i](https://example.com), [j](/mem/x).
        Also [](#t) and [k]().

        ---
        """
    found = findings(text, base_dir=tmp_path)
    assert [(f.line, f.kind, f.severity) for f in found] == [
        (5, "unbalanced-tabs", "warning"),
        (7, "broken-anchor", "error"),
        (7, "broken-anchor", "error"),
        (8, "relative-link", "info"),
        (8, "relative-link", "info"),
        (9, "empty-link", "error"),
        (9, "empty-link", "error"),
    ]
    assert "did you mean '#report-an-issue'?" in found[1].message
    assert "'#tab/pc' points to no tab" in found[2].message
    assert "'./gone.md': no such file" in found[3].message
    assert "'~/docset.md' cannot be checked without the docset" in found[4].message


def test_unbalanced_tabs() -> None:
    text = """
        # T

        ## Owner

        ### [macOS 14](#tab/m14)

        #### Before you begin

        Text.

        ### [macOS 13](#tab/m13)

        Text.

        ## Next

        Text.
        """
    found = findings(text)
    assert [(f.line, f.kind) for f in found] == [(5, "unbalanced-tabs"), (11, "unbalanced-tabs")]
    assert "not closed by a '---' line before line 15" in found[0].message
    assert "tab 'macOS 13' has no section 'Before you begin' that tab 'macOS 14' has (line 7)" in (
        found[1].message
    )


def test_product_names_and_structure() -> None:
    text = """
        ---
        title: MacOS sign-in
        ms.date: 2023-11-06
        ---

        ## Use macOS 13 Venture or macOS 14 Sonoma

        #### Deep

        > [!INFO]
        > Odd alert.

        ```
        plain
        ```
        """
    assert kinds(text) == [
        (1, "front-matter"),
        (1, "front-matter"),
        (1, "missing-title"),
        (2, "product-name"),
        (6, "product-name"),
        (8, "heading-level"),
        (10, "alert"),
        (13, "code-language"),
    ]


def test_unclosed_code_block() -> None:
    assert kinds("# T\n\n```console\nls\n") == [(3, "unclosed-code-block")]


def test_check_file(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("# T\n\nSee [x](./other.md).\n", encoding="utf-8")
    assert [f.kind for f in check_file(tmp_path / "doc.md")] == ["relative-link"]
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    assert check_file(tmp_path / "doc.md") == []


def test_finding_is_frozen_and_sorts_by_line() -> None:
    late, early = Finding(9, "todo", "warning", "b"), Finding(2, "todo", "warning", "a")
    assert sorted([late, early]) == [early, late]
    with pytest.raises(dataclasses.FrozenInstanceError):
        late.line = 1  # type: ignore[misc]


def test_kinds_are_documented_and_stable() -> None:
    assert list(KINDS) == [
        "todo",
        "empty-section",
        "incomplete-procedure",
        "missing-command",
        "shell-syntax",
        "cut-off-sentence",
        "intro-punctuation",
        "broken-anchor",
        "relative-link",
        "empty-link",
        "unbalanced-tabs",
        "product-name",
        "heading-level",
        "missing-title",
        "unclosed-code-block",
        "unclosed-comment",
        "alert",
        "code-language",
        "front-matter",
        "label-case",  # sim/docs/wording.py
        "label-wording",
        "label-release",
        "spelling",
    ]
    doc = psso_sim.docs.findings.__doc__ or ""
    for kind, severity in KINDS.items():
        assert f"{kind} " in doc and severity in doc


def test_all_is_explicit() -> None:
    for name in psso_sim.docs.findings.__all__:
        assert hasattr(psso_sim.docs.findings, name), name


def test_single_tab_and_repeated_tab_id() -> None:
    text = """
        # T

        ## Owner

        ### [A](#tab/a)

        Text.

        ### [A again](#tab/a)

        Text.

        ---

        ## Other

        ### [Solo](#tab/solo)

        Text.

        ---
        """
    found = findings(text)
    assert [(f.line, f.kind) for f in found] == [(9, "unbalanced-tabs"), (17, "unbalanced-tabs")]
    assert found[0].message == "tab id 'a' repeats in this group"
    assert found[1].message == "tab group has a single tab 'Solo'"
