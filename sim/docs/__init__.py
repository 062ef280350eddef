"""Documentation checks: parse a Learn-style markdown procedure and report static findings."""

from sim.docs.findings import KINDS, Finding, Severity, check_file, static_findings
from sim.docs.markdown import Document, DocumentError, load_document, parse_document

__all__ = [
    "KINDS",
    "Document",
    "DocumentError",
    "Finding",
    "Severity",
    "check_file",
    "load_document",
    "parse_document",
    "static_findings",
]
