"""verify-doc on documents written here in Learn conventions (never the product documents' text)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from learn_documents import ENROLL_STEPS, FRONT

from psso_sim.docs.command import main as verify_doc
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.report import SCHEMA, render_html, render_json, render_text
from psso_sim.docs.results import VERDICTS, Report, StepResult
from psso_sim.docs.verify import verify_document

REPAIR_STEPS = [
    "Open the **Settings** app and navigate to **Users & Groups** > **Network Account Server**.",
    "Select **Edit**, then **Repair**.",
]


def procedure(title: str, steps: list[str]) -> str:
    return f"## {title}\n\n" + "".join(f"1. {step}\n" for step in steps)


def enrollment(steps: list[str] = ENROLL_STEPS) -> str:
    return FRONT + procedure("Enroll and register the Mac", steps)


def repair_tabs(on14: list[str], on13: list[str]) -> str:
    return FRONT + textwrap.dedent("""\
        ## Repair the registration

        ### [macOS 14](#tab/macOS14)

        {on14}
        ### [macOS 13](#tab/macOS13)

        {on13}
        ---
        """).format(on14="".join(f"1. {s}\n" for s in on14) or "Nothing to do.\n",
                    on13="".join(f"1. {s}\n" for s in on13) or "Use Company Portal.\n")


def verify(text: str, macos: tuple[int, ...] = (14,)) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=macos)


def steps(report: Report) -> list[StepResult]:
    return [step for p in report.procedures for step in p.steps]


def bad(report: Report) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in steps(report) if not s.ok]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


# ---- a correct procedure ---------------------------------------------------------------------


@pytest.mark.parametrize("version", [13, 14])
def test_a_correct_enrollment_procedure_verifies_on_each_version(version: int) -> None:
    report = verify(enrollment(), macos=(version,))
    assert [p.macos for p in report.procedures] == [version]
    assert bad(report) == []
    assert report.findings == () and report.ok and report.exit_code == 0


def test_the_cli_exits_0_when_everything_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "enroll.md"
    doc.write_text(enrollment())
    assert verify_doc([str(doc)]) == 0
    out = capsys.readouterr().out
    assert "Enroll and register the Mac" in out and "Result: OK (exit 0)" in out
    assert "macOS 13, 14)" in out  # no tab: both versions by default, side by side in one block


# ---- what a changed procedure reports, at its line -------------------------------------------


def test_a_removed_step_fails_at_the_step_that_needed_it() -> None:
    text = enrollment(ENROLL_STEPS[:3] + ENROLL_STEPS[4:])  # "Download profile" removed
    report = verify(text)
    first = next(s for s in steps(report) if not s.ok)
    assert first.line == line_of(text, "Hover over the notification") and first.verdict == "failed"
    assert "no 'Notification' window on screen" in first.message
    assert first.screen is not None and "Download profile" in first.screen
    later = [s for s in steps(report) if not s.ok and s.line > first.line]
    assert later == []  # the verifier recovers (selects 'Download profile') and checks the rest: reported once


def test_swapped_steps_are_out_of_order_at_both_lines() -> None:
    swapped = list(ENROLL_STEPS)
    swapped[5], swapped[6] = swapped[6], swapped[5]  # local password before Management Profile
    text = enrollment(swapped)
    assert bad(verify(text)) == [(line_of(text, "local device password"), "out-of-order"),
                                 (line_of(text, "**Management Profile**"), "out-of-order")]


def test_a_step_moved_down_is_the_one_out_of_order() -> None:
    moved = ENROLL_STEPS[:1] + ENROLL_STEPS[2:5] + ENROLL_STEPS[1:2] + ENROLL_STEPS[5:]  # credentials late
    text = enrollment(moved)
    moved_line = line_of(text, "select **Next**")
    report = verify(text)
    assert bad(report) == [(moved_line, "out-of-order")]
    assert "must come before step 2" in next(s for s in steps(report) if not s.ok).message


def test_a_relabelled_button_fails_at_its_line_with_the_label_on_screen() -> None:
    relabelled = [s.replace("**Enroll**", "**Enrol**") for s in ENROLL_STEPS]
    text = enrollment(relabelled)
    report = verify(text)
    assert bad(report) == [(line_of(text, "**Enrol**"), "failed")]
    step = next(s for s in steps(report) if not s.ok)
    assert "no control 'Enrol' on screen" in step.message and "did you mean 'Enroll'?" in step.message
    assert step.screen is not None and "[Enroll]" in step.screen
    assert report.exit_code == 1


def test_a_relabelled_window_title_fails() -> None:
    text = enrollment([s.replace("**Set up Contoso Labs access**", "**Set up Contoso access**") for s in ENROLL_STEPS])
    assert bad(verify(text)) == [(line_of(text, "Set up Contoso access"), "failed")]


def test_repair_verifies_in_the_macos_14_tab() -> None:
    report = verify(repair_tabs(REPAIR_STEPS, []))
    assert [(p.tab, p.macos, p.setup) for p in report.procedures] == [("macOS 14", 14, "registered")]
    assert bad(report) == []


def test_repair_moved_to_the_macos_13_tab_is_not_available_on_that_version() -> None:
    text = repair_tabs([], REPAIR_STEPS)
    report = verify(text)
    assert [(p.tab, p.macos) for p in report.procedures] == [("macOS 13", 13)]
    assert bad(report) == [(line_of(text, "**Repair**"), "not-available-on-version")]
    step = next(s for s in steps(report) if not s.ok)
    assert "not available on macOS 13" in step.message and "it is on macOS 14" in step.message
    assert step.screen is not None and "[Repair]" not in step.screen


def test_an_unmappable_sentence_is_not_understood_and_the_rest_still_runs() -> None:
    odd = list(ENROLL_STEPS)
    odd[3] = "Ask your neighbour for a cup of tea. Select **Download profile**."
    text = enrollment(odd)
    report = verify(text)
    assert bad(report) == [(line_of(text, "cup of tea"), "not-understood")]
    step = next(s for s in steps(report) if not s.ok)
    assert step.not_understood == ("Ask your neighbour for a cup of tea",)
    assert "cup of tea" in step.message
    assert report.exit_code == 0  # not read is not contradicted: the coverage says it
    assert report.checked == report.steps - 1


def test_a_procedure_ending_before_done_is_reported_at_its_last_step() -> None:
    text = enrollment(ENROLL_STEPS[:-1])
    assert bad(verify(text)) == [(line_of(text, "wait for your device to register"), "failed")]


def test_an_alternative_step_runs_from_the_state_before_the_step_it_replaces() -> None:
    text = FRONT + procedure("Remove the registration", [
        "Open the **Company Portal** app and navigate to **Preferences**.",
        "To unregister the Mac, select **Unregister**.",
        "Alternatively, to sign out of your work account, select **Sign out**.",
    ])
    report = verify(text)
    assert report.procedures[0].setup == "registered"
    assert bad(report) == []
    assert any("alternative to step 2" in note for note in steps(report)[2].notes)


def test_a_just_in_time_registration_starts_from_an_enrolled_mac() -> None:
    text = FRONT + procedure("Register just in time", [
        "Open the **Company Portal** app and navigate to the **Devices** tab.",
        "The Company Portal window shows an action item to register your Mac. This triggers a notification "
        "at the top right to register your device.",
        "Enter your Microsoft Entra ID credentials and wait for your device to register.",
        "Return to the **Company Portal** app, which displays a confirmation that the registration is complete.",
    ])
    report = verify(text, macos=(13, 14))
    assert [p.setup for p in report.procedures] == ["enrolled", "enrolled"]
    assert bad(report) == []


# ---- reports ---------------------------------------------------------------------------------


def test_json_has_the_documented_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "enrol.md"
    doc.write_text(enrollment([s.replace("**Enroll**", "**Enrol**") for s in ENROLL_STEPS]) + "\n<!--TODO: more-->\n")
    assert verify_doc([str(doc), "--format", "json", "--macos", "14"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == SCHEMA and data["path"] == str(doc) and data["macos"] == [14]
    assert data["ok"] is False and data["exit_code"] == 1 and set(data["verdicts"]) == set(VERDICTS)
    assert data["summary"]["failed"] == 1 and data["summary"]["findings"]["warning"] == 1
    (proc,) = data["procedures"]
    assert {"title", "line", "heading_line", "tab", "macos", "setup", "setup_description", "intro", "ok",
            "steps"} <= set(proc)
    step = next(s for s in proc["steps"] if s["verdict"] != "verified")
    assert {"line", "number", "text", "kind", "verdict", "message", "screen", "actions", "notes",
            "not_understood", "blocked_by"} <= set(step)
    assert step["kind"] == "failed" and "Enrol" in step["message"] and "[Enroll]" in step["screen"]
    (finding,) = data["findings"]
    assert finding["kind"] == "todo" and finding["severity"] == "warning" and isinstance(finding["line"], int)


def test_html_shows_each_step_and_the_screen_at_a_failed_step(tmp_path: Path) -> None:
    doc, out = tmp_path / "enrol.md", tmp_path / "report.html"
    doc.write_text(enrollment([s.replace("**Enroll**", "**Enrol & Go**") for s in ENROLL_STEPS]))
    assert verify_doc([str(doc), "--macos", "13", "--html", str(out)]) == 1
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert page.count('class="step ') == len(ENROLL_STEPS)
    assert "Enrol &amp; Go" in page and "Enrol & Go" not in page  # escaped
    assert '<pre class="screen">System Settings: Profiles' in page and "[Enroll]" in page


def test_text_report_marks_each_step_with_its_line() -> None:
    doc = enrollment([s.replace("**Enroll**", "**Enrol**") for s in ENROLL_STEPS])
    first, relabelled = line_of(doc, "select **Sign in**"), line_of(doc, "**Enrol**")
    report = verify(doc)
    text = render_text(report)
    assert f"✓ line {first} " in text and f"✗ line {relabelled} " in text and "failed: select 'Enrol'" in text
    assert "screen:" in text and "Result: FAILED (exit 1)" in text
    assert json.loads(render_json(report))["procedures"][0]["steps"][6]["line"] == relabelled
    assert f"line {relabelled}" in render_html(report)


def test_the_same_seed_gives_the_same_report() -> None:
    text = enrollment()
    assert render_json(verify(text)) == render_json(verify(text))


# ---- usage -----------------------------------------------------------------------------------


def test_an_unreadable_file_exits_2_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([str(tmp_path / "missing.md")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("SIM/docs: cannot read") and "Traceback" not in err
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert verify_doc([str(binary)]) == 2


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([]) == 2
    assert verify_doc(["x.md", "--macos", "12"]) == 2
    assert verify_doc(["x.md", "--format", "xml"]) == 2


def test_psso_sim_has_the_verify_doc_command() -> None:
    cli = pytest.importorskip("psso_sim.cli")
    assert "verify-doc" in [command.name for command in cli.COMMANDS]


def test_a_command_the_shell_cannot_run_fails_at_its_step() -> None:
    text = FRONT + "## Check the Platform SSO state\n\n1. Open the **Terminal** app.\n" \
        "1. Run the following command:\n\n    ```console\n    app-sso platform -s\n    ```\n\n" \
        "## Turn on debug logging\n\n1. Open **Terminal** and run the following command:\n\n" \
        "    ```console\n    sudo log config --subsystem com.apple.AppSSO\"\n    ```\n"
    report = verify(text)
    assert bad(report) == [(line_of(text, "Open **Terminal** and run"), "failed")]
    assert "unmatched" in next(s for s in steps(report) if not s.ok).message
