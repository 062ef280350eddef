"""Static findings: what is wrong with a procedure document before anything is simulated.

Each finding has a stable ``kind`` (a public JSON format; do not rename):

==================== ======== ===========================================================
kind                 severity what it means
==================== ======== ===========================================================
todo                 warning  a TODO/FIXME/TBD comment or placeholder text left in the page
empty-section        warning  a heading with no content and no sub-headings before the next
incomplete-procedure error    steps that stop before their goal (open-only last step, a
                              "TODO: clarify steps" after them, a title the steps never reach)
missing-command      error    "Run the following command." with no code block after it
shell-syntax         error    a console/bash/sh/shell/zsh command a POSIX shell cannot parse
cut-off-sentence     warning  a sentence or paragraph that stops mid-thought
intro-punctuation    warning  a sentence introducing a list ends with ';' or ',' (use ':')
broken-anchor        error    an in-page link (#x or #tab/x) to no heading or tab
relative-link        info     a link to another file that cannot be checked here
empty-link           error    a link with no text or no target
unbalanced-tabs      warning  a tab group not closed by "---", with one tab, a repeated tab
                              id, or a tab lacking a section another tab has
product-name         warning  "MacOS" for macOS, a macOS version with the wrong name, or a product name
                              in the wrong case or spacing ("Company portal"; sim/docs/wording.py)
label-case           warning  a **label** the product writes in another case ("Download Profile")
label-wording        warning  a **label** with other spacing, hyphens, a typo, or "and" for its "&"
label-release        warning  a **label** of another release ("Unregister" in a current article), or
                              "System Preferences" where the release's macOS says System Settings
spelling             warning  a word codespell's dictionary knows as a misspelling
heading-level        warning  a heading that skips a level (## then ####)
missing-title        warning  no H1, or more than one
unclosed-code-block  error    a code fence that is never closed
unclosed-comment     error    "<!--" with no "-->": Learn hides the rest of the page
alert                warning  a "> [!KIND]" alert of unknown kind, or with no text
code-language        info     a code block without a language
front-matter         warning  front matter without title or description, or a bad ms.date
==================== ======== ===========================================================

Heuristics are chosen to stay quiet on ordinary Learn prose: a finding a writer has to
dismiss costs more than one they never see.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from psso_sim.docs.markdown import Block, Document, Procedure, load_document, plain_text
from psso_sim.docs.shell import SHELL_LANGS, check_shell
from psso_sim.docs.wording import wording_problems

__all__ = ["KINDS", "Finding", "Severity", "check_file", "static_findings"]

Severity = Literal["error", "warning", "info"]

KINDS: dict[str, Severity] = {
    "todo": "warning",
    "empty-section": "warning",
    "incomplete-procedure": "error",
    "missing-command": "error",
    "shell-syntax": "error",
    "cut-off-sentence": "warning",
    "intro-punctuation": "warning",
    "broken-anchor": "error",
    "relative-link": "info",
    "empty-link": "error",
    "unbalanced-tabs": "warning",
    "product-name": "warning",
    "heading-level": "warning",
    "missing-title": "warning",
    "unclosed-code-block": "error",
    "unclosed-comment": "error",
    "alert": "warning",
    "code-language": "info",
    "front-matter": "warning",
    "label-case": "warning",
    "label-wording": "warning",
    "label-release": "warning",
    "spelling": "warning",
}


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    kind: str
    severity: Severity
    message: str


def _finding(line: int, kind: str, message: str) -> Finding:
    return Finding(line, kind, KINDS[kind], message)


def static_findings(doc: Document, *, base_dir: Path | None = None) -> list[Finding]:
    """Every static finding in ``doc``, sorted by line; ``base_dir`` lets relative links be checked."""
    prose = _prose(doc)
    found: list[Finding] = []
    found += _todos(doc)
    found += _empty_sections(doc)
    found += [f for p in doc.procedures if (f := _incomplete(p)) is not None]
    missing = _missing_commands(doc, prose)
    found += missing
    found += _shell(doc)
    found += _cut_off(doc, prose, {f.line for f in missing})
    found += _links(doc, base_dir)
    found += _tabs(doc)
    found += _product_names(doc, prose)
    found += [_finding(line, kind, message) for line, kind, message in wording_problems(doc)]
    found += _structure(doc)
    return sorted(set(found))


def check_file(path: str | Path) -> list[Finding]:
    """Read, parse and check a file; relative links are looked up next to it."""
    return static_findings(load_document(path), base_dir=Path(path).parent)


# ---- prose: the sentences a reader reads, with their lines ----------------------------------


@dataclass(frozen=True)
class _Prose:
    kind: str  # paragraph, item, quote
    block: Block
    parts: list[tuple[int, str]]  # (line, plain text of that line)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.parts if text)

    def sentences(self) -> Iterator[tuple[int, str]]:
        """(line, sentence) pairs; a sentence ends at . ! ? before a capital or the end."""
        for line, sentence in self._spans():
            if sentence:
                yield line, sentence

    def _spans(self) -> Iterator[tuple[int, str]]:
        offsets: list[tuple[int, int]] = []
        text = ""
        for line, part in self.parts:
            if part:
                offsets.append((len(text) + (1 if text else 0), line))
                text = f"{text} {part}" if text else part
        start = 0
        for match in re.finditer(r"(?<=[.!?])\s+(?=[\"'(*\[A-Z0-9])", text):
            yield self._line_at(offsets, start), text[start : match.start()].strip()
            start = match.end()
        yield self._line_at(offsets, start), text[start:].strip()

    @staticmethod
    def _line_at(offsets: list[tuple[int, int]], at: int) -> int:
        line = offsets[0][1] if offsets else 0
        for offset, number in offsets:
            if offset <= at:
                line = number
        return line


def _code_lines(doc: Document) -> set[int]:
    return {n for c in doc.code_blocks for n in range(c.line, c.end_line + 1)}


def _prose(doc: Document) -> list[_Prose]:
    code = _code_lines(doc)
    units = []
    for block in doc.blocks:
        if block.kind not in ("paragraph", "item", "quote"):
            continue
        parts = []
        for number, line in enumerate(block.lines, block.line):
            if number in code:
                continue
            if block.kind == "quote":
                line = re.sub(r"^\s*>\s?", "", line)
                if re.match(r"^\s*\[!\w+.*\]\s*$", line):
                    continue
            line = re.sub(r"^\s*(?:\d{1,9}[.)]|[-*+])\s+", "", line) if block.kind == "item" else line
            parts.append((number, plain_text(line)))
        units.append(_Prose(block.kind, block, parts))
    return units


# ---- todo ------------------------------------------------------------------------------------

_TODO = re.compile(r"\b(?:TODO|FIXME|TBD|XXX)\b|\bplaceholder\b", re.IGNORECASE)
_TODO_TEXT = re.compile(r"\b(?:TODO|FIXME|TBD)\b|(?i:\blorem ipsum\b)|\?\?")


def _todos(doc: Document) -> list[Finding]:
    found = []
    for comment in doc.comments:
        if not comment.closed:
            found.append(
                _finding(
                    comment.line,
                    "unclosed-comment",
                    "'<!--' is never closed with '-->'; Learn hides everything after it",
                )
            )
        if _TODO.search(comment.text):
            found.append(
                _finding(
                    comment.line,
                    "todo",
                    f"TODO comment left in the document: '{' '.join(comment.text.split())}'",
                )
            )
    code = _code_lines(doc)
    for block in doc.blocks:
        if block.kind in ("code", "html"):
            continue
        for number, line in enumerate(block.lines, block.line):
            if number not in code and _TODO_TEXT.search(re.sub(r"`[^`]*`", "", line)):
                found.append(
                    _finding(number, "todo", f"placeholder text left in the document: '{line.strip()}'")
                )
    return found


# ---- empty sections --------------------------------------------------------------------------


def _empty_sections(doc: Document) -> list[Finding]:
    found = []
    by_line = {s.line: s for s in doc.sections}
    headings = [b for b in doc.blocks if b.kind == "heading"]
    for k, block in enumerate(headings):
        section = by_line[block.line]
        stop = headings[k + 1].line if k + 1 < len(headings) else len(doc.lines) + 1
        content = any(b.kind not in ("heading", "rule") and block.line < b.line < stop for b in doc.blocks)
        if content or stop <= section.end_line:
            continue  # it has text, or the next heading is its child (a sub-section or its tabs)
        where = f"'{by_line[stop].title}' (line {stop})" if stop in by_line else "the end of the document"
        name = f"tab '{section.title}'" if section.is_tab else f"section '{section.title}'"
        found.append(_finding(block.line, "empty-section", f"{name} has no content before {where}"))
    return found


# ---- procedures ------------------------------------------------------------------------------

_NAVIGATE = re.compile(r"^(?:open|navigate|go|browse|launch|switch|return|start)\b", re.IGNORECASE)
_ACTION = re.compile(
    r"\b(?:select|choose|click|tap|enter|type|sign (?:in|out)|wait|confirm|install|save|run|turn (?:on|off)|"
    r"enable|disable|add|remove|delete|close|complete|download|copy|paste|follow|accept|allow|submit|"
    r"register|enroll|approve|restart|unregister)\b",
    re.IGNORECASE,
)
_UNFINISHED = re.compile(
    r"\b(?:steps?|clarify|finish|continue|missing|incomplete|rest of|tbd)\b", re.IGNORECASE
)
# Title verbs that promise an outcome the steps must reach ("Initiate PSSO registration").
_GOAL_VERBS = frozenset(
    {
        "initiate", "start", "register", "enroll", "enable", "disable", "configure", "set", "install",
        "uninstall", "remove", "repair", "reset", "create", "add", "delete", "deploy", "join", "sign",
        "connect", "update", "upgrade", "assign", "migrate", "complete", "finish", "turn", "unregister",
        "deregister", "verify", "send", "collect", "export", "import", "change", "rotate", "renew",
        "restore", "recover", "activate", "apply",
    }
)  # fmt: skip
_STOP = frozenset(
    {"the", "a", "an", "and", "or", "for", "with", "from", "to", "of", "on", "in", "your", "using"}
)


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


def _incomplete(procedure: Procedure) -> Finding | None:
    last = procedure.steps[-1]
    reasons = []
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", last.plain) if s]
    if sentences and all(_NAVIGATE.match(s) for s in sentences) and not _ACTION.search(last.plain):
        reasons.append(f"its last step only opens or navigates ('{last.plain}')")
    for comment in [*last.comments, *procedure.trailing_comments]:
        if _TODO.search(comment.text) and _UNFINISHED.search(comment.text):
            reasons.append(f"a TODO follows its last step ('{comment.text}')")
    section = procedure.section
    if section is not None and not section.is_tab:
        title = re.sub(r"^step\s*\d+\s*[-:.\u2013\u2014]\s*", "", section.title, flags=re.IGNORECASE)
        words = re.findall(r"[a-z][a-z&-]*", title.lower())
        if words and words[0] in _GOAL_VERBS:
            goal = {_stem(w) for w in words if w not in _STOP and len(w) > 2}
            said = re.findall(r"[a-z]+", " ".join(step.plain for step in procedure.steps).lower())
            if not any(word.startswith(stem) for stem in goal for word in said):
                reasons.append(f"no step does what the title says ('{section.title}')")
    if not reasons:
        return None
    name = f"'{section.title}' (line {section.line})" if section else f"at line {procedure.line}"
    return _finding(
        last.line, "incomplete-procedure", f"procedure {name} stops before its goal: {'; '.join(reasons)}"
    )


# ---- commands --------------------------------------------------------------------------------

_ANNOUNCE = re.compile(
    r"\b(?:(?:run|enter|type|execute|paste|use|issue)\s+(?:the\s+following|this|these|the\s+below)\s+"
    r"(?:commands?|scripts?|cmdlets?)(?!-)|following\s+(?:commands?|scripts?|cmdlets?)(?!-)|"
    r"(?:run|enter|type|execute)\s+the\s+following\s*(?:[:.]|$|in\s+(?:the\s+)?terminal)|"
    r"(?:commands?|scripts?)\s+below)",
    re.IGNORECASE,
)


def _missing_commands(doc: Document, prose: list[_Prose]) -> list[Finding]:
    found = []
    headings = sorted(s.line for s in doc.sections)
    items = sorted(b.line for b in doc.blocks if b.kind == "item")
    for unit in prose:
        for line, sentence in unit.sentences():
            if not _ANNOUNCE.search(sentence):
                continue
            stop = next((h for h in headings if h > line), len(doc.lines) + 1)
            if unit.kind == "item":  # a step's command belongs to that step
                stop = min(stop, next((i for i in items if i > unit.block.line), stop))
            if any(line < code.line < stop for code in doc.code_blocks):
                continue
            where = "after it"
            if stop in items:
                where = "in its step"
            elif stop in headings:
                where = f"before the next heading (line {stop})"
            found.append(
                _finding(
                    line,
                    "missing-command",
                    f"'{sentence}' announces a command but no code block "
                    f"follows {where}; add the command in a ```console block",
                )
            )
    return found


def _shell(doc: Document) -> list[Finding]:
    found = []
    for code in doc.code_blocks:
        if not code.closed:
            found.append(
                _finding(
                    code.line,
                    "unclosed-code-block",
                    f"the ```{code.lang} fence is never closed; the rest of the page renders as code",
                )
            )
        if not code.lang:
            found.append(
                _finding(
                    code.line,
                    "code-language",
                    "code block without a language; Learn needs one "
                    "for highlighting and copy (e.g. ```console)",
                )
            )
        if code.lang in SHELL_LANGS:
            for problem in check_shell(code.text):
                found.append(
                    _finding(
                        code.line + 1 + problem.offset,
                        "shell-syntax",
                        problem.message,
                    )
                )
    return found


# ---- sentences -------------------------------------------------------------------------------

_SUBORDINATE = re.compile(
    r"^(?:if|when|whenever|because|although|though|unless|once|while|so that|in order to|to \w+|"
    r"for\s.+?\bto\s\w+)\b",
    re.IGNORECASE,
)
# A main clause hiding in a sentence written without its comma ("If prompted select Allow.").
# An imperative verb is one unless a subject, "to", a modal or an article comes before it
# ("users can sign in", "the sign-in").
_NOT_IMPERATIVE = "".join(
    rf"(?<!\b{word} )"
    for word in (
        "to", "you", "they", "users", "user", "the", "a", "an", "your", "can", "can't", "will", "may",
        "must", "should", "could", "would", "might", "do", "don't", "does", "doesn't", "not",
    )
)  # fmt: skip
_MAIN_CLAUSE = re.compile(
    _NOT_IMPERATIVE + r"\b(?:select|choose|click|tap|enter|open|go|navigate|run|sign|restart|wait|see|use|"
    r"type|install|contact|check|ensure|make|try|refer|follow|return|verify|confirm)\b(?!-)"
    r"|\bthen\b|\byou (?:can|must|need|should|will|may)\b|\b(?:must|should)\b",
    re.IGNORECASE,
)
# "**Applies to:** macOS" and "Version: 5.2" lines are labels, not sentences.
_LABEL = re.compile(r"^\s*(?:\*\*|__|[^.!?]*:\s)")
_DANGLING = re.compile(r"\b(the|a|an|and|or|of|your|their|its)\s*[.!?]$", re.IGNORECASE)


def _cut_off(doc: Document, prose: list[_Prose], skip: set[int]) -> list[Finding]:
    found = []
    following = {
        b.line: doc.blocks[k + 1] if k + 1 < len(doc.blocks) else None for k, b in enumerate(doc.blocks)
    }
    for unit in prose:
        for line, sentence in unit.sentences():
            words = sentence.split()
            if (
                sentence.endswith(".")
                and len(words) >= 3
                and "," not in sentence
                and _SUBORDINATE.match(sentence)
                and not _MAIN_CLAUSE.search(sentence, len(words[0]))
            ):
                found.append(
                    _finding(
                        line,
                        "cut-off-sentence",
                        f"'{sentence}' is only a subordinate clause: "
                        "it stops before saying what happens (or a comma is missing)",
                    )
                )
            elif dangling := _DANGLING.search(sentence):
                found.append(
                    _finding(
                        line,
                        "cut-off-sentence",
                        f"'{sentence}' ends on '{dangling.group(1)}'; words are missing before the period",
                    )
                )
        if unit.kind != "paragraph" or not unit.text or unit.parts[-1][0] in skip:
            continue
        # The source's last character decides: a paragraph ending in a link or **label** is fine.
        text, line = " ".join(part.strip() for part in unit.block.lines).rstrip(), unit.parts[-1][0]
        last = [sentence for _, sentence in unit.sentences()][-1]
        after = following.get(unit.block.line)
        if text[-1:] in ";," and after is not None and after.kind in ("item", "code", "table"):
            found.append(
                _finding(
                    line,
                    "intro-punctuation",
                    f"'{last}' introduces a list but ends with '{text[-1]}'; end it with ':'",
                )
            )
        elif text[-1:] in ":;," and (after is None or after.kind in ("heading", "rule")):
            nothing = "the end of the document" if after is None else f"line {after.line}"
            found.append(
                _finding(
                    line,
                    "cut-off-sentence",
                    f"paragraph ends with '{text[-1]}' and nothing follows before {nothing}",
                )
            )
        elif text[-1:].isalnum() and len(text.split()) >= 4 and not _LABEL.match(unit.block.lines[0]):
            found.append(_finding(line, "cut-off-sentence", f"paragraph ends without punctuation: '{last}'"))
    return found


# ---- links -----------------------------------------------------------------------------------


def _links(doc: Document, base_dir: Path | None) -> list[Finding]:
    found = []
    anchors = doc.anchors
    for link in doc.links:
        if link.kind == "empty" or (not link.text and not link.image):
            missing = "target" if link.kind == "empty" else "text"
            found.append(
                _finding(link.line, "empty-link", f"link '[{link.text}]({link.target})' has no {missing}")
            )
        elif link.kind in ("anchor", "tab"):
            fragment = link.target[1:]
            if fragment in anchors:
                continue
            close = difflib.get_close_matches(fragment.lower(), sorted(anchors), n=1)
            hint = f"; did you mean '#{close[0]}'?" if close else ""
            what = "tab" if link.kind == "tab" else "heading"
            found.append(
                _finding(
                    link.line,
                    "broken-anchor",
                    f"link '{link.target}' points to no {what} in this document{hint}",
                )
            )
        elif link.kind == "relative":
            if link.path.startswith("~/") or base_dir is None:
                found.append(
                    _finding(
                        link.line,
                        "relative-link",
                        f"link to '{link.path}' cannot be checked without the docset",
                    )
                )
            elif not (base_dir / link.path).exists():
                found.append(
                    _finding(
                        link.line,
                        "relative-link",
                        f"link to '{link.path}': no such file next to the document (it may be in the docset)",
                    )
                )
    return found


# ---- tabs ------------------------------------------------------------------------------------


def _tabs(doc: Document) -> list[Finding]:
    found = []
    for index, group in enumerate(doc.tab_groups):
        labels = ", ".join(f"'{tab.title}'" for tab in group.tabs)
        if not group.closed:
            end = (
                "the end of the document"
                if group.end_line >= len(doc.lines)
                else f"line {group.end_line + 1}"
            )
            found.append(
                _finding(
                    group.line,
                    "unbalanced-tabs",
                    f"tab group {labels} is not closed by a '---' line before {end}",
                )
            )
        if len(group.tabs) == 1:
            found.append(_finding(group.line, "unbalanced-tabs", f"tab group has a single tab {labels}"))
        seen: set[str | None] = set()
        for tab in group.tabs:
            if tab.tab_id in seen:
                found.append(
                    _finding(tab.line, "unbalanced-tabs", f"tab id '{tab.tab_id}' repeats in this group")
                )
            seen.add(tab.tab_id)
        inner = {
            tab.title: [
                s
                for s in doc.sections
                if s.group == index
                and not s.is_tab
                and s.tab_id == tab.tab_id
                and tab.line < s.line <= tab.end_line
            ]
            for tab in group.tabs
        }
        for tab in group.tabs:
            mine = {s.title for s in inner[tab.title]}
            for other in group.tabs:
                for section in inner[other.title]:
                    if section.title not in mine:
                        found.append(
                            _finding(
                                tab.line,
                                "unbalanced-tabs",
                                f"tab '{tab.title}' has no section "
                                f"'{section.title}' that tab '{other.title}' has (line {section.line})",
                            )
                        )
                        mine.add(section.title)
    return found


# ---- product names ---------------------------------------------------------------------------

_MACOS = re.compile(r"\b(?:MacOS|MacOs|MACOS|Mac OS(?! X))\b")
_MACOS_NAMES = {11: "Big Sur", 12: "Monterey", 13: "Ventura", 14: "Sonoma", 15: "Sequoia", 26: "Tahoe"}
_VERSION = re.compile(r"\bmacOS\s+(?P<version>\d{2})\s+(?P<name>Big Sur|[A-Z][a-z]+)")


def _name_problems(text: str) -> Iterator[str]:
    for match in _MACOS.finditer(text):
        yield f"'{match.group(0)}' is written 'macOS', even at the start of a sentence"
    for match in _VERSION.finditer(text):
        right = _MACOS_NAMES.get(int(match.group("version")))
        name = match.group("name")
        similar = difflib.SequenceMatcher(None, name, right or "").ratio() >= 0.6
        if right and name != right and (name in _MACOS_NAMES.values() or similar):
            yield f"macOS {match.group('version')} is '{right}', not '{name}'"


def _product_names(doc: Document, prose: list[_Prose]) -> list[Finding]:
    found = []
    texts = [
        (n, value)
        for n, line in enumerate(doc.lines[: doc.front_matter_span[1]] if doc.front_matter_span else [], 1)
        for value in [line.partition(":")[2]]
        if line.partition(":")[0].strip() in ("title", "description")
    ]
    texts += [(s.line, s.title) for s in doc.sections]
    texts += [part for unit in prose for part in unit.parts]
    for line, text in texts:
        found += [_finding(line, "product-name", message) for message in _name_problems(text)]
    return found


# ---- structure -------------------------------------------------------------------------------


def _structure(doc: Document) -> list[Finding]:
    found = []
    titles = [s for s in doc.sections if s.level == 1 and not s.is_tab]
    if not titles:
        found.append(_finding(1, "missing-title", "the document has no '# ' title (H1)"))
    for extra in titles[1:]:
        found.append(
            _finding(extra.line, "missing-title", f"a second H1 '{extra.title}'; a page has one title")
        )
    previous = 0
    for section in doc.sections:
        if previous and section.level > previous + 1:
            found.append(
                _finding(
                    section.line,
                    "heading-level",
                    f"heading '{section.title}' is level "
                    f"{section.level} right after level {previous}; use level {previous + 1}",
                )
            )
        previous = section.level
    known = {"NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"}
    for note in doc.notes:
        if note.kind not in known:
            found.append(
                _finding(
                    note.line,
                    "alert",
                    f"unknown alert '[!{note.kind}]'; use one of {', '.join(sorted(known))}",
                )
            )
        if not note.text:
            found.append(_finding(note.line, "alert", f"'[!{note.kind}]' alert has no text"))
    if doc.front_matter_span:
        first = doc.front_matter_span[0]
        for key in ("title", "description"):
            if not doc.front_matter.get(key):
                found.append(_finding(first, "front-matter", f"front matter has no '{key}'"))
        date = doc.front_matter.get("ms.date")
        if date is not None and not re.fullmatch(r"(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/\d{4}", date):
            found.append(_finding(first, "front-matter", f"ms.date '{date}' is not MM/DD/YYYY"))
    return found
