"""The CommonMark parse (markdown-it-py) and the Learn extensions on top of it, in source and
rendered-page form: every element keeps its 1-based line."""

from __future__ import annotations

import textwrap

from psso_sim.docs.findings import static_findings
from psso_sim.docs.learn_markdown import alert_kind, image_alt
from psso_sim.docs.markdown import Document, parse_document, plain_text


def doc(text: str) -> Document:
    return parse_document(textwrap.dedent(text).lstrip("\n"))


def test_escaped_star_in_bold_is_part_of_the_label() -> None:
    d = doc(r"""
        # T

        1. Select **Sign\*in** and then **Next**.
        """)
    (step,) = d.procedures[0].steps
    assert step.labels == ["Sign*in", "Next"]
    assert step.plain == "Select Sign*in and then Next."


def test_intraword_underscores_are_not_bold() -> None:
    d = doc("""
        # T

        1. Set snake__case__name to **true**.
        """)
    (step,) = d.procedures[0].steps
    assert step.labels == ["true"]
    assert step.plain == "Set snake__case__name to true."
    assert plain_text("__Done__ and *Save* and `a__b__c`") == "Done and Save and a__b__c"


def test_code_block_inside_an_alert_in_a_step_is_the_steps_command() -> None:
    text = """
        # T

        ## Check

        1. Check the status.

            > [!NOTE]
            > Run the following command to check the status.
            >
            > ```console
            > app-sso platform -s
            > ```
        """
    d = doc(text)
    (step,) = d.procedures[0].steps
    assert [(c.line, c.lang, c.text, c.closed) for c in step.code] == [(10, "console", "app-sso platform -s", True)]
    assert "app-sso" not in step.plain
    assert [(n.kind, n.line) for n in d.notes] == [("NOTE", 7)]
    assert not [f for f in static_findings(d) if f.kind == "missing-command"]


def test_a_bulleted_procedure_is_a_procedure_and_a_bulleted_list_of_facts_is_not() -> None:
    d = doc("""
        # T

        ## Prerequisites

        - A Mac with macOS 14.
        - **Company Portal** 5.2404 or later.

        ## Enroll

        To enroll the Mac:

        - Open the **Company Portal** app.
        - Select **Sign in**.
        """)
    (procedure,) = d.procedures
    assert procedure.section is not None and procedure.section.title == "Enroll"
    assert procedure.intro == ["To enroll the Mac:"]
    assert [(s.number, s.line, s.labels) for s in procedure.steps] == [
        (1, 12, ["Company Portal"]),
        (2, 13, ["Sign in"]),
    ]


def test_numbered_paragraphs_are_steps() -> None:
    d = doc("""
        # T

        To enroll the Mac:
        2. Open **Company Portal**.
        3. Select **Sign in**
           with your work account.

        4.Select **Done**.

        Text after.
        """)
    (procedure,) = d.procedures
    assert procedure.intro == ["To enroll the Mac:"] and procedure.intro_line == 3
    assert [(s.number, s.line, s.end_line, s.plain) for s in procedure.steps] == [
        (1, 4, 4, "Open Company Portal."),
        (2, 5, 6, "Select Sign in with your work account."),
        (3, 8, 8, "Select Done."),
    ]
    assert procedure.steps[1].text == "Select **Sign in**\nwith your work account."
    assert [b.kind for b in d.blocks] == ["heading", "paragraph", "item", "item", "item", "paragraph"]


def test_prose_that_starts_with_a_number_is_not_a_step() -> None:
    d = doc("""
        # T

        It needs
        1.5 GB of free space.
        """)
    assert d.procedures == []


def test_rendered_alerts_and_their_text() -> None:
    d = doc("""
        # T

        Tip

        If the popup doesn't appear:

        - Wait 10 minutes.
        - Sign out and back in.

        1. Check the status.

            Note

            You can also run a command.
        """)
    assert [(n.kind, n.line, n.text) for n in d.notes] == [
        ("TIP", 3, "If the popup doesn't appear:\n- Wait 10 minutes.\n- Sign out and back in."),
        ("NOTE", 12, "You can also run a command."),
    ]
    assert (alert_kind("Important"), alert_kind("[!caution]"), alert_kind("Notes")) == ("IMPORTANT", "CAUTION", None)


def test_image_alt_text_is_kept_out_of_step_text() -> None:
    d = doc("""
        # T

        1. Select **Begin**.

            ![Screenshot of the setup window.](media/setup.png)
        1. Select **Continue**.

        :::image type="content" source="media/continue.png" alt-text="Screenshot of Continue.":::

        1. Select **Done**.
        """)
    (procedure,) = d.procedures
    assert [s.plain for s in procedure.steps] == ["Select Begin.", "Select Continue.", "Select Done."]
    (image,) = [link for link in d.links if link.image]
    assert (image.line, image.text, image.target) == (5, "Screenshot of the setup window.", "media/setup.png")
    assert image_alt(d.lines[7]) == "Screenshot of Continue."


def test_directive_outside_a_list_is_a_block_and_zone_content_is_read() -> None:
    d = doc("""
        # T

        :::zone pivot="macos-14"

        1. Open **Settings**.

        ::: zone-end
        """)
    assert [(b.kind, b.line) for b in d.blocks] == [("heading", 1), ("directive", 3), ("item", 5), ("directive", 7)]
    assert d.procedures[0].steps[0].labels == ["Settings"]


def test_entities_decoded_and_comments_kept_out_of_the_text() -> None:
    d = doc("""
        # T

        1. Open **Settings** &gt; **Privacy &amp; Security**. <!-- TODO: screenshot -->
        """)
    (step,) = d.procedures[0].steps
    assert step.plain == "Open Settings > Privacy & Security."
    assert step.labels == ["Settings", "Privacy & Security"]
    assert [(c.line, c.text) for c in d.comments] == [(3, "TODO: screenshot")]


def test_rendered_tab_group_with_level_one_tab_headings() -> None:
    d = doc("""
        # Title

        ## Register

        # [Secure Enclave](#tab/secure-enclave)
        1. Select **Register**.

        # [Password](#tab/password)
        1. Enter your password.

        ---

        ## Check
        """)
    (group,) = d.tab_groups
    assert [t.tab_id for t in group.tabs] == ["secure-enclave", "password"] and group.closed
    assert [p.tab for p in d.procedures] == ["Secure Enclave", "Password"]
    assert d.sections[-1].title == "Check" and d.sections[-1].tab is None


def test_links_in_code_text_tables_and_continuation_lines_keep_their_line() -> None:
    d = doc("""
        # T

        See [`name`](/entra/claims#payload) and
        [the guide](./guide.md).

        | Key | Value |
        |---|---|
        | a | [b](https://example.com) |
        """)
    assert [(link.line, link.text, link.kind) for link in d.links] == [
        (3, "name", "site"),
        (4, "the guide", "relative"),
        (8, "b", "url"),
    ]
    assert [b.kind for b in d.blocks] == ["heading", "paragraph", "table"]
