"""A documented step's words, cut into paragraphs, sentences and clauses for the grammar of
``psso_sim.docs.actions``.

**Bold** spans (UI labels) are never cut; HTML comments, code blocks, images and link targets are not
read. HTML tags go, but HTML entities are read as the characters they stand for (a rendered Learn page
writes ``**Settings** &gt; **Profiles**``), and a placeholder in angle brackets (``<organization>``) is a
word, not a tag. A paragraph is a run of lines up to a blank line or a nested list item: a condition
("For macOS 13 users, ...") holds to the end of its paragraph.
"""

from __future__ import annotations

import html
import re

from psso_sim.docs.model import ProcedureStep

__all__ = ["ASIDE", "CONNECTIVES", "clauses", "paragraphs", "sentences", "step_markdown"]

ASIDE = "\x1e"
"""Opens a paragraph of :func:`paragraphs` that is an admonition quoted in the step ("> [!TIP]"): advice,
not an instruction."""

# The HTML a Learn page may carry inside a step; any other <word> is a placeholder such as <organization>.
_HTML_TAGS = ("a|abbr|b|br|code|del|details|div|em|i|iframe|img|ins|kbd|li|ol|p|pre|s|section|small|span|strong|"
              "sub|summary|sup|table|tbody|td|th|thead|tr|u|ul|video")
_TAG = re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^>]*)?/?>", re.IGNORECASE)
_NESTED_ITEM = re.compile(r"^\s*(?:\d{1,9}[.)]|[-*+])\s+")
_QUOTE = re.compile(r"^\s*>\s?")  # a blockquote (an admonition) nested in the step
_ADMONITION = re.compile(r"^\s*(?:\[!(?:NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]|Note|Tip|Important|Caution|Warning)\s*$",
                         re.IGNORECASE)

# Words that start a new instruction: a clause is cut before them (after ", " or " and ").
_STARTERS = re.compile(
    r"(?:open|launch|start|select|choose|click|tap|press|navigate|go|browse|enter|type|provide|return|run|"
    r"switch|wait|hover|sign in|take note|ensure|make sure|which|on the next|in the new|in the next|"
    r"you're|you are|you'll|you see|find|enable|check|complete|approve)\b",
    re.IGNORECASE,
)
CONNECTIVES = re.compile(r"^(?:(?:and|then|or)\s+)+", re.IGNORECASE)


def step_markdown(step: ProcedureStep) -> str:
    """The step's words on one line: comments and code removed, links as their text, bold kept."""
    return " ".join(p.lstrip(ASIDE) for p in paragraphs(step))


def paragraphs(step: ProcedureStep) -> list[str]:
    """The step's paragraphs (and nested items), each on one line, in the form of :func:`step_markdown`;
    a quoted admonition's paragraphs start with :data:`ASIDE`."""
    code_lines = {n for block in step.code for n in range(block.line, block.end_line + 1)}
    code_lines |= {n for table in step.tables for n in range(table.line, table.end_line + 1)}  # read as rows
    lines = [line for k, line in enumerate(step.text.split("\n")) if step.line + k not in code_lines]
    text = re.sub(r"<!--.*?(?:-->|$)", " ", "\n".join(lines), flags=re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|:::image\b.*?:::", " ", text, flags=re.DOTALL)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(`+)(.+?)\1", lambda m: m.group(2).strip(), text)
    text = re.sub(r"__(.+?)__", r"**\1**", text)
    text = html.unescape(_TAG.sub(" ", text))
    out: list[str] = [""]
    quoted = False  # inside a "> [!TIP]" admonition: its paragraphs are asides
    for line in text.split("\n"):
        in_quote = bool(_QUOTE.match(line))
        line = _QUOTE.sub("", line)
        if not line.strip() or _NESTED_ITEM.match(line) or _ADMONITION.match(line) or in_quote != quoted:
            out.append(ASIDE if in_quote and (quoted or _ADMONITION.match(line)) else "")
            quoted = in_quote and (quoted or bool(_ADMONITION.match(line)))
            if _ADMONITION.match(line):
                continue  # an admonition's heading ("Note" on a rendered page) starts its aside, unread
        out[-1] += " " + _NESTED_ITEM.sub("", line)
    return [part[:1] + joined if part.startswith(ASIDE) else joined
            for part in out if (joined := " ".join(part.lstrip(ASIDE).split()))]


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
