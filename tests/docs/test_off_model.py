"""Where the simulation has no model: a product part it refuses as not modelled (a Templates profile), the
steps after such a step, and an article's stated prerequisites choosing the World. Documents written here
in Learn conventions, never an article's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from learn_documents import ENROLL_STEPS, front
from learn_documents import FRONT as DOCUMENT_FRONT

from psso_sim.docs import session as docs_session
from psso_sim.docs.command import main as verify_doc
from psso_sim.docs.markdown import parse_document
from psso_sim.docs.prerequisites import prerequisites_of
from psso_sim.docs.results import Report
from psso_sim.docs.unmodelled import unmodelled_in
from psso_sim.docs.verify import verify_document

ADMIN_FRONT = front("Deploy a test profile", "06/03/2025") + """\
## Create the profile

"""

TEMPLATE_STEPS = [
    "Sign in to the Microsoft Intune admin center.",
    "Select **Devices** > **Manage devices** > **Configuration** > **Create** > **New policy**.",
    "Enter the following properties:\n\n    - **Platform**: Select **macOS**.\n"
    "    - **Profile type**: Select **Templates**.",
    "Select **Create**.",
    "In **Basics**, enter the following properties:\n\n"
    "    - **Name**: Enter a descriptive name. For example, name the policy **macOS - Test Kerberos**.",
    "Select **Next**.",
]


def admin_document(steps: list[str]) -> str:
    return ADMIN_FRONT + "".join(f"1. {step}\n" for step in steps)


def verdicts(report: Report) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for p in report.procedures for s in p.steps]


def verify(text: str, macos: tuple[int, ...] | None = (15,)) -> Report:
    return verify_document(parse_document(text, path="test.md"), macos=macos)


def test_a_profile_type_the_simulation_lacks_cannot_be_checked_nor_the_steps_after_it() -> None:
    report = verify(admin_document(TEMPLATE_STEPS))
    found = dict(verdicts(report))
    assert [v for v in found.values()][:3] == ["verified"] * 3
    assert set(list(found.values())[3:]) == {"cannot-check"}, verdicts(report)
    create = report.procedures[0].steps[3]
    assert "does not model it" in create.message and "Templates" in create.message
    assert "follows line" in report.procedures[0].steps[4].message
    assert report.exit_code == 0


def test_breaking_the_not_modelled_mark_turns_them_into_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    class Nothing(Exception):
        pass

    monkeypatch.setattr(docs_session, "NotModelled", Nothing)
    report = verify(admin_document(TEMPLATE_STEPS))
    assert "failed" in {v for _, v in verdicts(report)} and report.exit_code == 1


def test_after_a_step_that_succeeds_again_a_wrong_label_fails() -> None:
    steps = list(ENROLL_STEPS)
    steps.insert(1, "Open **Finder** and go to the **Applications** folder.")
    wrong = next(k for k in range(4, len(steps)) if "**" in steps[k])
    label = steps[wrong].split("**")[1]
    steps[wrong] = steps[wrong].replace(f"**{label}**", f"**{label}x**")
    text = DOCUMENT_FRONT + "## Enroll\n\n" + "".join(f"1. {step}\n" for step in steps)
    report = verify(text, macos=(14,))
    failed = [line for line, verdict in verdicts(report) if verdict == "failed"]
    assert failed == [report.procedures[0].steps[wrong].line], verdicts(report)


def test_unmodelled_rows_for_the_current_articles_areas() -> None:
    for clause, area in [
        ("At the login screen, select **Other...**", "the login window's new-user sign-in"),
        ("**Deploy Company Portal.** For more information, see the app article", "an MDM deployment summary"),
        ("Click the folder icon to upload your **Configuration profile file**", "a custom configuration profile"),
        ("On the **Bulk Device Action** page, select macOS", "bulk device actions"),
    ]:
        row = unmodelled_in(clause)
        assert row is not None and row.area == area, clause
    assert unmodelled_in("Sign in to the Microsoft Intune admin center") is None


# ---- prerequisites ------------------------------------------------------------------------------

OLD_DATE = front("Set up a shared test Mac", "05/13/2023") + """\
## Prerequisites

- A required minimum version of macOS 14 Sonoma or later.
- Microsoft Intune [Company Portal app](/mem/intune/apps/apps-company-portal-macos) version 5.2404.0 or later.

## Register

1. Open the **Company Portal** app and select **Sign in**.
"""


def test_stated_prerequisites_choose_the_release_and_the_macos_versions(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    doc = parse_document(OLD_DATE)
    stated = prerequisites_of(doc)
    assert (stated.company_portal, stated.company_portal_line, stated.min_macos, stated.min_macos_line) == \
        ("5.2404.0", 12, 14, 11)
    report = verify(OLD_DATE, macos=None)
    assert report.product == "current" and report.macos == (14, 15)  # not 2023-11 as its ms.date alone says
    assert report.prerequisites == "Company Portal 5.2404.0 or later (line 12); macOS 14 or later (line 11)"
    without = verify(OLD_DATE.replace("version 5.2404.0 or later", "").replace("macOS 14 Sonoma or later", ""),
                     macos=None)
    assert without.product == "2023-11" and not without.prerequisites
    path = tmp_path / "shared.md"
    path.write_text(OLD_DATE, encoding="utf-8")
    verify_doc([str(path)])
    assert "as the article requires: Company Portal 5.2404.0 or later (line 12)" in capsys.readouterr().out
    verify_doc([str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["prerequisites"].startswith("Company Portal 5.2404.0")
