"""Parsing Learn-style markdown: every element keeps its 1-based line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import psso_sim.docs
import psso_sim.docs.markdown
from psso_sim.docs.markdown import DocumentError, anchor_for, load_document, parse_document, plain_text
from psso_sim.errors import SimError


def doc(text: str) -> psso_sim.docs.markdown.Document:
    return parse_document(textwrap.dedent(text).lstrip("\n"))


TABBED = """
---
title: Enroll a test Mac
description: How to enroll a test Mac.
ms.date: 11/06/2023
---

# Enroll a test Mac

Intro text.

## Enroll the device

### [macOS 14](#tab/macOS14)

With macOS 14, use Settings.

1. Open **Settings** and go to **Users & Groups**.
1. Select **Enroll**. <!--TODO: screenshot-->
   More detail on a continuation line.
1. Run the check:

   ```console
   app-sso platform -s
   ```

#### Check the result

Look at the state.

### [macOS 13](#tab/macOS13)

1. Open **Company Portal**.
<!--TODO: add the remaining steps-->

---

## Next part

Text after the tabs.
"""


def test_front_matter_title_and_sections() -> None:
    d = doc(TABBED)
    assert d.front_matter == {
        "title": "Enroll a test Mac",
        "description": "How to enroll a test Mac.",
        "ms.date": "11/06/2023",
    }
    assert d.front_matter_span == (1, 5)
    assert (d.title, d.title_line) == ("Enroll a test Mac", 7)
    assert [(s.line, s.level, s.title, s.tab_id) for s in d.sections] == [
        (7, 1, "Enroll a test Mac", None),
        (11, 2, "Enroll the device", None),
        (13, 3, "macOS 14", "macOS14"),
        (26, 4, "Check the result", "macOS14"),
        (30, 3, "macOS 13", "macOS13"),
        (37, 2, "Next part", None),
    ]
    nested = d.sections[3]
    assert nested.parents == ["Enroll a test Mac", "Enroll the device", "macOS 14"]
    assert nested.tab == "macOS 14" and not nested.is_tab
    assert d.sections[2].anchor == "tab/macOS14" and d.sections[2].is_tab


def test_tab_group_ends_at_rule_and_sections_end_there() -> None:
    d = doc(TABBED)
    (group,) = d.tab_groups
    assert (group.line, group.end_line, group.closed, group.owner) == (13, 35, True, "Enroll the device")
    assert [t.title for t in group.tabs] == ["macOS 14", "macOS 13"]
    assert d.sections[2].end_line == 29 and d.sections[4].end_line == 34
    assert d.section_at(33) is d.sections[4]  # inside the macOS 13 tab
    assert d.section_at(36) is d.sections[1]  # after "---": the owner again
    assert d.section_at(39) is d.sections[5]


def test_tab_group_closed_by_a_higher_heading_is_unclosed() -> None:
    d = doc("""
        # T

        ## Owner

        ### [A](#tab/a)

        Text a.

        ### [B](#tab/b)

        Text b.

        ## Next
        """)
    (group,) = d.tab_groups
    assert not group.closed and group.end_line == 12
    assert d.sections[-1].title == "Next" and d.sections[-1].tab is None


def test_procedure_steps_labels_comments_code() -> None:
    d = doc(TABBED)
    first, second = d.procedures
    assert first.section is not None and first.section.title == "macOS 14"
    assert (first.tab, first.tab_id) == ("macOS 14", "macOS14")
    assert first.intro == ["With macOS 14, use Settings."] and first.intro_line == 15
    assert [s.number for s in first.steps] == [1, 2, 3]
    one, two, three = first.steps
    assert one.labels == ["Settings", "Users & Groups"]
    assert one.plain == "Open Settings and go to Users & Groups."
    assert two.line == 18 and two.end_line == 19
    assert [c.text for c in two.comments] == ["TODO: screenshot"]
    assert two.text == "Select **Enroll**. <!--TODO: screenshot-->\nMore detail on a continuation line."
    assert two.plain == "Select Enroll. More detail on a continuation line."
    assert [(c.line, c.lang, c.text) for c in three.code] == [(22, "console", "app-sso platform -s")]
    assert "app-sso" not in three.plain
    assert [c.text for c in second.trailing_comments] == ["TODO: add the remaining steps"]
    assert second.intro == [] and second.intro_line is None


def test_learn_numbering_and_separate_lists() -> None:
    d = doc("""
        # T

        1. One.

        1. Two, after a blank line.
        3. Three, numbered by hand.

        Text between.

        1. Another procedure.
        """)
    first, second = d.procedures
    assert [s.number for s in first.steps] == [1, 2, 3]
    assert first.intro == [] and second.intro == ["Text between."]
    assert len(second.steps) == 1


def test_code_block_under_bullet_and_unclosed_fence() -> None:
    d = doc("""
        # T

        - Logs

            ```bash
            echo "a"
            ```

        ```
        never closed
        """)
    nested, unclosed = d.code_blocks
    assert (nested.line, nested.lang, nested.text, nested.indent) == (5, "bash", 'echo "a"', 4)
    assert nested.closed
    assert (unclosed.lang, unclosed.closed, unclosed.text) == ("", False, "never closed")
    assert d.procedures == []


def test_notes_links_and_comments() -> None:
    d = doc("""
        # T

        > [!NOTE]
        > Keep the **Mac** awake.

        See [A](#a), [tab](#tab/x), [file](./other.md#part), [site](/mem/intune/x), [docset](~/x.md),
        [web](https://example.com/a), [mail](mailto:a@example.com), ![img](./media/a.png) and `[code](#no)`.
        <!-- multi
        line -->
        <!-- never closed
        """)
    assert [(n.kind, n.line, n.text) for n in d.notes] == [("NOTE", 3, "Keep the **Mac** awake.")]
    assert [(link.line, link.kind) for link in d.links] == [
        (6, "anchor"),
        (6, "tab"),
        (6, "relative"),
        (6, "site"),
        (6, "relative"),
        (7, "url"),
        (7, "mailto"),
        (7, "relative"),
    ]
    relative = d.links[2]
    assert (relative.path, relative.fragment) == ("./other.md", "part")
    assert d.links[-1].image
    assert [(c.line, c.end_line, c.text, c.closed) for c in d.comments] == [
        (8, 9, "multi\nline", True),
        (10, 10, "never closed", False),
    ]


def test_comments_inside_code_are_code() -> None:
    d = doc("""
        # T

        ```html
        <!-- not a comment -->
        ```
        """)
    assert d.comments == []


def test_anchors() -> None:
    assert anchor_for("Report an issue") == "report-an-issue"
    assert anchor_for("Users & Groups") == "users--groups"
    assert anchor_for("Use `app-sso` (preview)!") == "use-app-sso-preview"
    d = doc("# T\n\n## Setup\n\n## Setup\n")
    assert [s.anchor for s in d.sections] == ["t", "setup", "setup-1"]


def test_plain_text() -> None:
    md = "Select **Save**, see [the *guide*](x.md) and run `ls`.<!-- hidden --> <br>"
    assert plain_text(md) == "Select Save, see the guide and run ls."


def test_load_document(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("\ufeff# Title\n", encoding="utf-8")
    assert load_document(path).title == "Title"
    with pytest.raises(DocumentError) as caught:
        load_document(tmp_path / "missing.md")
    assert isinstance(caught.value, SimError)
    assert str(caught.value).startswith("SIM/docs: cannot read '")
    assert "missing.md" in str(caught.value)


def test_all_is_explicit() -> None:
    for module in (psso_sim.docs, psso_sim.docs.markdown):
        assert sorted(module.__all__) == sorted(set(module.__all__))
        for name in module.__all__:
            assert hasattr(module, name), name
