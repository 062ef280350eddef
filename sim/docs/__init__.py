"""Documentation checks: parse a Learn-style markdown procedure, report static findings, and
verify its procedures against the simulated product (``psso-sim verify-doc``)."""

from psso_sim.docs.findings import KINDS, Finding, Severity, check_file, static_findings
from psso_sim.docs.markdown import Document, DocumentError, load_document, parse_document
from psso_sim.docs.results import VERDICTS, ProcedureResult, Report, StepResult, Verdict
from psso_sim.docs.verify import verify_document, verify_file

__all__ = [
    "KINDS",
    "VERDICTS",
    "Document",
    "DocumentError",
    "Finding",
    "ProcedureResult",
    "Report",
    "Severity",
    "StepResult",
    "Verdict",
    "check_file",
    "load_document",
    "parse_document",
    "static_findings",
    "verify_document",
    "verify_file",
]
