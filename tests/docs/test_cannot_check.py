"""cannot-check: steps in apps the simulation does not model, coverage, and the exit statuses around them.

The documents are written here in Learn conventions (never a product document's text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from learn_documents import ENROLL_STEPS
from learn_documents import FRONT as DOCUMENT_FRONT

from psso_sim.docs import procedure_run
from psso_sim.docs.command import main as verify_doc
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.report import render_html, render_text
from psso_sim.docs.results import Report, StepResult
from psso_sim.docs.unmodelled import UNMODELLED, unmodelled_in
from psso_sim.docs.verify import verify_document

FRONT = DOCUMENT_FRONT + "## Enroll and register the Mac\n\n"
ENROLL = ENROLL_STEPS

FINDER = "Open **Finder** and go to the **Applications** folder."
OUTLOOK = "Open **Outlook** and select **Inbox** to read the welcome mail."
DOWNLOAD = "Download the Company Portal installer from https://contoso.example/portal.pkg in your web browser."
# A step naming Outlook, then a Company Portal label the product does not have.
OUTLOOK_THEN_WRONG_LABEL = ("Check your mail in **Outlook**. Return to the **Company Portal** app and wait to be "
                            "prompted. Select **Regster** in the Company Portal window.")


def document(extra: dict[int, str] | None = None, replaced: dict[int, str] | None = None) -> str:
    """The enrollment procedure, with ``extra`` steps inserted before the step at each index."""
    steps: list[str] = []
    for k, step in enumerate(ENROLL):
        if extra and k in extra:
            steps.append(extra[k])
        steps.append((replaced or {}).get(k, step))
    return FRONT + "".join(f"1. {step}\n" for step in steps)


def verify(text: str) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=(14,))


def step_at(report: Report, text: str, fragment: str) -> StepResult:
    line = next(n for n, source in enumerate(text.splitlines(), 1) if fragment in source)
    return next(s for p in report.procedures for s in p.steps if s.line == line)


def not_verified(report: Report) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for p in report.procedures for s in p.steps if not s.ok]


def test_the_enrollment_as_written_verifies_with_full_coverage() -> None:
    report = verify(document())
    assert not_verified(report) == [] and report.exit_code == 0
    assert (report.checked, report.steps, report.coverage) == (len(ENROLL), len(ENROLL), 100.0)


@pytest.mark.parametrize(("step", "area"), [(FINDER, "Finder"), (OUTLOOK, "Outlook"),
                                            (DOWNLOAD, "a web download")])
def test_a_step_in_an_unmodelled_app_cannot_be_checked_and_the_rest_verifies(step: str, area: str) -> None:
    text = document({1: step})
    report = verify(text)
    odd = step_at(report, text, step[:20])
    assert not_verified(report) == [(odd.line, "cannot-check")]
    assert f"({area})" in odd.message and "cannot check" in odd.message
    assert report.exit_code == 0 and report.ok
    assert (report.checked, report.steps) == (len(ENROLL), len(ENROLL) + 1)
    assert report.coverage == round(100 * len(ENROLL) / (len(ENROLL) + 1), 1)


def test_a_wrong_company_portal_label_fails_even_in_a_step_naming_outlook() -> None:
    text = document(replaced={7: OUTLOOK_THEN_WRONG_LABEL})
    report = verify(text)
    step = step_at(report, text, "Regster")
    assert step.verdict == "failed" and "no control 'Regster' on screen" in step.message
    assert "cannot check" in step.message  # the Outlook clause, reported beside the failure
    assert report.exit_code == 1 and report.checked == report.steps


def test_breaking_the_table_turns_cannot_check_back_into_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    text = document({1: FINDER, 3: DOWNLOAD})
    assert {v for _, v in not_verified(verify(text))} == {"cannot-check"}
    monkeypatch.setattr(procedure_run, "unmodelled_in", lambda clause: None)
    broken = verify(text)
    assert {v for _, v in not_verified(broken)} <= {"failed", "not-understood"}
    assert len(not_verified(broken)) == 2 and broken.exit_code == 1


def test_the_table_names_unmodelled_areas_and_leaves_modelled_apps_alone() -> None:
    assert [row.area for row in (unmodelled_in("Right-click the app icon"), unmodelled_in("open **Keychain Access**"),
                                 unmodelled_in("sign in to Apple Business Manager"),
                                 unmodelled_in("choose **Move to Trash**"),
                                 unmodelled_in("sign in with your password in a browser on another device"))] == [
        "a context menu", "Keychain Access", "Apple Business Manager", "Finder", "a web browser"]
    for modelled in ("Open the **Company Portal** app", "navigate to **Privacy & Security** > **Profiles**",
                     "Open your **Authenticator app** and enter the number", "Select **Edit** at the top edge"):
        assert unmodelled_in(modelled) is None, modelled
    assert all(row.reason and row.patterns for row in UNMODELLED)


# ---- reports and exit statuses -------------------------------------------------------------


@pytest.fixture
def finder_doc(tmp_path: Path) -> Path:
    path = tmp_path / "reinstall.md"
    path.write_text(document({1: FINDER}), encoding="utf-8")
    return path


def test_cannot_check_alone_exits_0_with_the_coverage(finder_doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([str(finder_doc), "--macos", "14"]) == 0
    out = capsys.readouterr().out
    n = len(ENROLL) + 1
    coverage = f"{n - 1} of {n} steps checked ({100 * (n - 1) / n:.1f}%)"
    summary = out.index("Summary: 0 failed, 1 cannot-check, 0 not-understood; coverage: " + coverage)
    assert summary < out.index("Enroll and register the Mac")  # the report opens with it
    assert f"Coverage: {coverage}" in out and "Result: OK (exit 0)" in out


def test_min_coverage_makes_low_coverage_exit_1(finder_doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([str(finder_doc), "--macos", "14", "--min-coverage", "95"]) == 1
    captured = capsys.readouterr()
    assert "below the minimum of 95%" in captured.out and "Result: FAILED (exit 1)" in captured.out
    assert captured.err.startswith("SIM/docs: coverage ") and "hint:" in captured.err
    assert verify_doc([str(finder_doc), "--macos", "14", "--min-coverage", "80"]) == 0
    assert "at least the minimum of 80%" in capsys.readouterr().out


def test_min_coverage_must_be_a_percentage(finder_doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([str(finder_doc), "--min-coverage", "lots"]) == 2
    err = capsys.readouterr().err
    assert "SIM/docs: --min-coverage 'lots' is not a percentage" in err and "hint:" in err
    assert verify_doc([str(finder_doc), "--min-coverage", "150"]) == 2


def test_json_reports_coverage_beside_the_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mixed.md"
    path.write_text(document({1: OUTLOOK}, replaced={7: OUTLOOK_THEN_WRONG_LABEL}), encoding="utf-8")
    assert verify_doc([str(path), "--macos", "14", "--format", "json", "--min-coverage", "99"]) == 1
    data = json.loads(capsys.readouterr().out)
    summary = data["summary"]
    assert (summary["steps"], summary["failed"], summary["cannot-check"]) == (len(ENROLL) + 1, 1, 1)
    assert summary["checked"] == len(ENROLL) and summary["coverage"] == round(100 * len(ENROLL) / (len(ENROLL) + 1), 1)
    assert summary["min_coverage"] == 99 and summary["low_coverage"] is True
    assert data["exit_code"] == 1 and "cannot-check" in data["verdicts"]
    kinds = [s["verdict"] for s in data["procedures"][0]["steps"]]
    assert kinds.count("cannot-check") == 1 and kinds.count("failed") == 1


def test_text_and_html_open_with_the_failed_steps_and_findings_at_their_lines() -> None:
    text = document({1: DOWNLOAD}, replaced={7: OUTLOOK_THEN_WRONG_LABEL}) + "\n<!-- TODO: screenshots -->\n"
    report = verify(text)
    failed = step_at(report, text, "Regster").line
    todo = next(f for f in report.findings if f.kind == "todo")
    out = render_text(report)
    opening = out[: out.index("Enroll and register the Mac")]
    assert "Summary: 1 failed, 1 cannot-check" in opening
    assert f"line {failed:<4} failed: select 'Regster'" in opening
    assert f"line {todo.line:<4} warning todo:" in opening
    page = render_html(report)
    assert page.index('<section class="summary">') < page.index("<h2>Enroll and register the Mac")
    assert f"line {failed:<4} failed: select &#x27;Regster&#x27;" in page and "coverage: " in page
    assert 'class="verdict cannot-check"' in page
