"""A documented step's words, cut into sentences and clauses for the grammar of ``psso_sim.docs.actions``.

**Bold** spans (UI labels) are never cut; HTML comments, code blocks and link targets are not read.
"""

from __future__ import annotations

import re

from psso_sim.docs.model import ProcedureStep

__all__ = ["CONNECTIVES", "clauses", "sentences", "step_markdown"]

# Words that start a new instruction: a clause is cut before them (after ", " or " and ").
_STARTERS = re.compile(
    r"(?:open|launch|start|select|choose|click|tap|press|navigate|go|browse|enter|type|provide|return|run|"
    r"switch|wait|hover|sign in|take note|ensure|make sure|which|on the next|in the new|in the next|"
    r"you're|you are|you'll|you see)\b",
    re.IGNORECASE,
)
CONNECTIVES = re.compile(r"^(?:(?:and|then|or)\s+)+", re.IGNORECASE)


def step_markdown(step: ProcedureStep) -> str:
    """The step's words on one line: comments and code removed, links as their text, bold kept."""
    code_lines = {n for block in step.code for n in range(block.line, block.end_line + 1)}
    lines = [line for k, line in enumerate(step.text.split("\n")) if step.line + k not in code_lines]
    text = re.sub(r"<!--.*?(?:-->|$)", " ", "\n".join(lines), flags=re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(`+)(.+?)\1", lambda m: m.group(2).strip(), text)
    text = re.sub(r"__(.+?)__", r"**\1**", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", " ", text)
    text = re.sub(r"^\s*(?:\d{1,9}[.)]|[-*+])\s+", "", text, flags=re.MULTILINE)  # nested list markers
    return " ".join(text.split())


def _mask(text: str) -> tuple[str, list[str]]:
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"

    return re.sub(r"\*\*[^*]+?\*\*", keep, text), spans


def _unmask(text: str, spans: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)


def sentences(text: str) -> list[str]:
    """Sentences end at . ! or ? before a capital, a quote or a bold label."""
    masked, spans = _mask(text)
    parts = re.split(r"(?<=[.!?])\s+(?=[\"'(\x00A-Z])", masked)
    return [_unmask(p, spans).strip() for p in parts if p.strip()]


def clauses(sentence: str) -> list[str]:
    """A sentence cut where a new instruction starts; connectives and end punctuation removed."""
    masked, spans = _mask(sentence.strip().rstrip(".!?:;").strip())
    cuts = [0]
    for m in re.finditer(r"\s*[,;]\s+|\s+(?=(?:and|then|or)\s)", masked):
        rest = CONNECTIVES.sub("", masked[m.end():].lstrip())
        joined = not m.group(0).strip()  # a bare space: only before "and"/"then"/"or"
        if _STARTERS.match(rest) and (not joined or rest != masked[m.end():].lstrip()):
            cuts.append(m.start())
            cuts.append(m.end())
    cuts.append(len(masked))
    pieces = [masked[cuts[k] : cuts[k + 1]] for k in range(0, len(cuts), 2)]
    out = [CONNECTIVES.sub("", _unmask(p, spans).strip()).strip(" ,;") for p in pieces]
    return [c for c in out if c]
