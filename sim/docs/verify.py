"""Verify a documented procedure by doing it on the simulated product.

Each numbered procedure runs in a fresh, seeded World (``Session``), on the macOS version of
its tab ("macOS 13" / "macOS 14"), or on each version asked for when it is in no tab (of those its
method tab's authentication method allows). Where it starts, with which method, and what runs before
its steps is ``psso_sim.docs.starting_point``'s reading. Its steps' actions (``psso_sim.docs.actions``)
run in order (``psso_sim.docs.procedure_run``), and every step gets a verdict:

- ``failed``: an action did not work; the message says why and the report keeps the screen.
  A label that is not on screen but close to one that is ("Enrol" for "Enroll") is reported
  with the suggestion, and the run goes on with the label on screen, so later steps are
  still checked. Other failures leave the step *pending*.
- ``out-of-order``: a pending step whose action becomes possible after a later step ran (its
  remaining actions then run there). When one later step unblocks several pending steps, it is
  the later step that is out of order; two neighbouring steps that need each other the other
  way round are both reported.
- ``not-available-on-version``: the action that failed works on the other macOS version, from
  the same actions replayed in a fresh World: a step in the wrong tab, or a control the
  product offers only on one version.
- ``not-understood``: a clause no grammar rule reads; the step's other actions still run.
- ``cannot-check``: a clause that names an app or area the simulation does not model (Finder, a
  browser download, Outlook: ``psso_sim.docs.unmodelled``) where it would fail or not be understood.
  It does not make the exit status 1; the report's coverage (steps checked / steps) counts it, and
  ``not-understood``, as not checked.

A procedure about a method the product release or every asked macOS version lacks (Smart card on
macOS 13) is not run: each of its steps is ``not-available-on-version``, with the reason.

After a failed step the run recovers (``psso_sim.docs.procedure_run``): it reaches the state the document
intends (a wait, or one control on screen: the action under another label, or a step the document
dropped) and goes on checking, so one wrong label is one failure. A step the run still cannot reach is
``not-checked``, with the failure's line in ``blocked_by``: counted as not checked, not as failed.
"Alternatively, ..." steps are verified from the state before the step they replace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from psso_sim.docs.action_types import Note, OpenApp
from psso_sim.docs.actions import plan_procedure, plan_steps
from psso_sim.docs.findings import static_findings
from psso_sim.docs.markdown import load_document, plain_text
from psso_sim.docs.model import Document, Procedure, Section
from psso_sim.docs.prerequisites import prerequisites_of
from psso_sim.docs.procedure_run import ProcedureRun
from psso_sim.docs.purposes import procedure_goal
from psso_sim.docs.results import ProcedureResult, Report, StepResult
from psso_sim.docs.session import ADMIN_APPS
from psso_sim.docs.setups import Start
from psso_sim.docs.starting_point import method_of, method_versions, preamble, setup_for, start_for
from psso_sim.errors import SimError
from psso_sim.product import (
    DEFAULT_PRODUCT,
    MACOS,
    ProductRelease,
    product_for_company_portal,
    product_for_date,
    product_release,
)

__all__ = ["DEFAULT_VERSIONS", "VerifyUsageError", "document_date", "product_of", "setup_for", "verify_document",
           "verify_file", "verify_procedure", "version_of"]


class VerifyUsageError(SimError):
    """A run that cannot be made as asked (a macOS version the product release does not cover)."""

    subsystem = "docs"
    exit_status = 2


DEFAULT_VERSIONS = (13, 14)
"""The macOS versions of the seeds' product (a run's default is its product release's own versions)."""
_MS_DATE = (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})$"), re.compile(r"(\d{4})-(\d{2})-(\d{2})"))


def version_of(procedure: Procedure) -> int | None:
    """The macOS version a procedure's tab is for ("macOS 14", "#tab/macOS13", "Sonoma"), if any."""
    names = f"{procedure.tab or ''} {procedure.tab_id or ''}".lower()
    match = re.search(r"macos\s*(\d+)\b", names)
    if match and int(match.group(1)) in MACOS:
        return int(match.group(1))
    return next((major for major, release in MACOS.items() if release.name.lower() in names), None)


def document_date(doc: Document) -> date | None:
    """The document's ``ms.date`` (MM/DD/YYYY in the sources, ISO on rendered Learn pages), if readable."""
    text = doc.front_matter.get("ms.date", "").strip()
    us, iso = (pattern.match(text) for pattern in _MS_DATE)
    try:
        if us:
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:  # a bad date is a static finding (front-matter), not a reason to stop
        return None
    return None


def product_of(doc: Document, product: str | None = None) -> ProductRelease:
    """The release a document is verified against: the one named, else the one its stated minimum Company
    Portal version describes, else the one its ms.date describes."""
    if product:
        return product_release(product)
    required = prerequisites_of(doc).company_portal
    return product_for_company_portal(required) if required else product_for_date(document_date(doc))


def verify_file(
    path: str | Path, *, macos: Sequence[int] | None = None, seed: int = 0, product: str | None = None
) -> Report:
    """Read, check and verify a markdown file (DocumentError if it cannot be read)."""
    return verify_document(load_document(path), macos=macos, seed=seed, base_dir=Path(path).parent,
                           product=product)


def verify_document(
    doc: Document, *, macos: Sequence[int] | None = None, seed: int = 0, base_dir: Path | None = None,
    product: str | None = None,
) -> Report:
    """Verify every procedure on the product release named (default: the one the document's ms.date
    describes), on ``macos`` for procedures outside a version tab (default: all the release's versions)."""
    release = product_of(doc, product)
    stated = prerequisites_of(doc)
    if not macos:  # the article's own minimum macOS, if it states one
        macos = [v for v in release.macos_versions if v >= (stated.min_macos or 0)] or release.macos_versions
    macos = tuple(macos)
    outside = [v for v in macos if v not in release.macos_versions]
    if outside:
        raise VerifyUsageError(f"macOS {outside[0]} is not part of product release {release.name}",
                               hint=f"its versions: {', '.join(map(str, release.macos_versions))}")
    results: list[ProcedureResult] = []
    for procedure in doc.procedures:
        tab_version = version_of(procedure)
        versions = [tab_version] if tab_version else list(macos)
        if _admin_only(procedure):
            versions = versions[-1:]  # no Mac in it: one run is enough
        runnable, lacking = method_versions(method_of(procedure, plan_procedure(procedure)), release, versions)
        for version in runnable:
            results.append(verify_procedure(procedure, macos=version, seed=seed, doc_title=doc.title,
                                            doc_sections=doc.sections, product=release.name, doc=doc))
        if lacking is not None:
            results.append(_not_available(procedure, versions[0], lacking, doc))
    findings = static_findings(doc, base_dir=base_dir)
    return Report(doc.path, tuple(results), tuple(findings), doc.title, seed, tuple(macos), release.name,
                  prerequisites=stated.describe())


def verify_procedure(
    procedure: Procedure, *, macos: int, seed: int = 0, doc_title: str | None = None,
    doc_sections: Sequence[Section] = (), product: str = DEFAULT_PRODUCT, doc: Document | None = None,
) -> ProcedureResult:
    """Run one procedure; ``doc`` (the document it is in) tells where it starts and what comes before it."""
    plans = plan_procedure(procedure)
    start = start_for(procedure, plans, doc_title, doc)
    before = preamble(procedure, doc)
    if before:
        plans = plan_steps([*before, *procedure.steps])
    goal = procedure_goal(procedure.section.title if procedure.section else None, list(procedure.intro))
    steps = ProcedureRun(plans, macos=macos, seed=seed, start=start, product=product, purpose=goal).run()
    return _result(procedure, macos, tuple(steps), start, doc_title, doc_sections or (doc.sections if doc else ()))


def _result(procedure: Procedure, macos: int, steps: tuple[StepResult, ...], start: Start, doc_title: str | None,
            doc_sections: Sequence[Section]) -> ProcedureResult:
    section = procedure.section
    title, heading = (section.title, section.line) if section else (doc_title or "Procedure", None)
    if section is not None and section.is_tab and section.parents:
        title = section.parents[-1]
        heading = next((s.line for s in reversed(doc_sections) if s.title == title and s.line < section.line), None)
    return ProcedureResult(
        title=title,
        line=procedure.line,
        heading_line=heading,
        tab=procedure.tab,
        macos=macos,
        steps=steps,
        setup=start.setup,
        setup_description=start.describe(),
        intro=plain_text(" ".join(procedure.intro)),
    )


def _not_available(procedure: Procedure, macos: int, why: str, doc: Document) -> ProcedureResult:
    """A procedure about a method the release or the asked macOS versions lack: each step says so."""
    plans = plan_procedure(procedure)
    start = start_for(procedure, plans, doc.title, doc)
    steps = tuple(StepResult(line=step.line, number=step.number, text=step.plain, verdict="not-available-on-version",
                             message=f"not run on macOS {macos}: {why}") for step in procedure.steps)
    return _result(procedure, macos, steps, start, doc.title, doc.sections)


def _admin_only(procedure: Procedure) -> bool:
    """A procedure that starts in the administrator's browser (the Intune admin center)."""
    first = plan_procedure(procedure)[:1]
    acts = [a for a in (first[0].actions if first else ()) if not isinstance(a, Note)]  # past an overview
    return bool(acts and isinstance(acts[0], OpenApp) and acts[0].app in ADMIN_APPS)
