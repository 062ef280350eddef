"""The report a writer reads: macOS versions side by side, screens folded, screenshots as their alt text.

Documents are written here in Learn conventions (a rendered-page image and a source ``:::image``)."""

from __future__ import annotations

import json
from pathlib import Path

from psso_sim.docs.report import render_html, render_json, render_text
from psso_sim.docs.results import Report
from psso_sim.docs.verify import verify_file

DOC = """\
---
title: Repair a test Mac
description: A test article for the report layout.
ms.date: 11/06/2023
---

# Repair a test Mac

## Repair the registration

1. Open the **Settings** app and navigate to **Users & Groups** > **Network Account Server**.

    ![Screenshot of the Network Account Server pane.](media/network-account-server.png)

1. Select **Edit**, then **Repair**.

    :::image type="content" source="media/repair.png" alt-text="Screenshot of the Repair button.":::
"""


def run(tmp_path: Path) -> tuple[Report, str]:
    path = tmp_path / "repair.md"
    path.write_text(DOC, encoding="utf-8")
    return verify_file(path, macos=(13, 14), product="2023-11"), DOC


def line_of(needle: str) -> int:
    return next(n for n, line in enumerate(DOC.split("\n"), 1) if needle in line)


def test_a_procedure_on_two_versions_is_one_block_with_a_mark_per_version(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    assert [p.macos for p in report.procedures] == [13, 14]  # two runs...
    text = render_text(report)
    assert text.count("Repair the registration (steps at line") == 1  # ...one block
    assert f"Repair the registration (steps at line {line_of('**Settings**')}; macOS 13, 14)" in text
    repair = line_of("**Repair**")
    assert f"13 ✓  14 ✓ line {line_of('**Settings**'):<4} 1." in text
    assert f"13 ⊘  14 ✓ line {repair:<4} 2." in text
    # the failure on macOS 13 only: once, with the version it happened on
    assert text.count("not-available-on-version (macOS 13): ") == 1
    assert "JSON" not in text


def test_screens_are_folded_in_text_unless_verbose(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    short, verbose = render_text(report), render_text(report, verbose=True)
    assert "screen (macOS 13): " in short and "not shown (-v shows them)" in short and "          | " not in short
    assert "screen (macOS 13):\n" in verbose and "          | " in verbose


def test_screenshots_show_as_their_alt_text_never_the_markup(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    text, page = render_text(report), render_html(report)
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if " 1. Open the Settings app" in line)
    assert lines[first + 1] == "        [image: Screenshot of the Network Account Server pane.]"
    assert "        [image: Screenshot of the Repair button.]" in lines
    for out in (text[: text.index("Findings")], page[: page.index("Findings")]):
        assert ":::" not in out and "media/" not in out and "alt-text" not in out
    assert '<div class="meta image">[image: Screenshot of the Repair button.]</div>' in page


def test_html_has_a_verdict_column_per_version_and_closed_screens(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    page = render_html(report)
    assert page.count("<h2>Repair the registration") == 1
    assert "<th>macOS 13</th><th>macOS 14</th>" in page
    assert page.count('class="step ') == 2  # a row per step, not per step and version
    assert page.count('<td class="verdict not-available-on-version">') == 1
    assert page.count('<td class="verdict verified">') == 3
    assert "<details><summary>What the simulated Mac showed (macOS 13)</summary>" in page
    assert "<details open" not in page


def test_json_keeps_a_procedure_per_version(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    data = json.loads(render_json(report))
    assert [p["macos"] for p in data["procedures"]] == [13, 14]
    assert [s["verdict"] for s in data["procedures"][0]["steps"]] == ["verified", "not-available-on-version"]


def test_a_report_of_a_document_no_longer_on_disk_still_renders(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    (tmp_path / "repair.md").unlink()
    assert "[image:" not in render_text(report) and "13 ⊘  14 ✓" in render_text(report)
