"""Read a ``.feature`` file the way pytest-bdd does, turning every failure into findings.

gherkin-official's parser is used (as pytest-bdd uses it) and its error messages are rephrased:
``expected: #EOF, #TableRow, ..., got 'Whn the user'`` becomes "expected a step (Given/When/Then/
And/But), a table row, ... but got 'Whn the user'", with the corrected line as a suggestion when
the mistake looks like a misspelled keyword. All errors of a file are reported, never a traceback.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from gherkin.errors import (
    AstBuilderException,
    CompositeParserException,
    NoSuchLanguageException,
    ParserError,
    ParserException,
    UnexpectedEOFException,
    UnexpectedTokenException,
)
from gherkin.parser import Parser
from pytest_bdd.gherkin_parser import GherkinDocument

from psso_sim.authoring.findings import LintFinding

__all__ = ["STEP_KEYWORDS", "FeatureSource", "closest_keyword", "read_feature"]

STEP_KEYWORDS = ("Given", "When", "Then", "And", "But")
_SECTION_KEYWORDS = (
    "Feature", "Rule", "Background", "Scenario", "Scenario Outline", "Scenario Template",
    "Example", "Examples", "Scenarios",
)
_TOKEN_NAMES = {  # in the order they are listed to the reader; #Comment and #Empty are always allowed
    "#StepLine": "a step (Given/When/Then/And/But)",
    "#TableRow": "a table row (| ... |)",
    "#DocStringSeparator": 'a docstring (""")',
    "#TagLine": "a tag (@name)",
    "#FeatureLine": "'Feature:'",
    "#BackgroundLine": "'Background:'",
    "#ScenarioLine": "'Scenario:'",
    "#ExamplesLine": "'Examples:'",
    "#RuleLine": "'Rule:'",
    "#Language": "a '# language:' line",
    "#Other": "free text",
    "#EOF": "the end of the file",
}
_UNEXPECTED_RE = re.compile(r"expected: (?P<expected>.*), got '(?P<got>.*)'$", re.S)
_EOF_RE = re.compile(r"unexpected end of file, expected: (?P<expected>.*)$", re.S)
_LOCATION_PREFIX_RE = re.compile(r"^\(\d+:\d+\): ")


@dataclass(frozen=True)
class FeatureSource:
    """A feature file that parsed: its lines and pytest-bdd's view of the Gherkin document."""

    path: Path
    lines: list[str]
    document: GherkinDocument


def read_feature(path: Path) -> tuple[FeatureSource | None, list[LintFinding]]:
    """Parse ``path``; on any failure return ``None`` and findings saying where and what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [LintFinding.of("syntax", path, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}, "
                   f"column {column}); save it with UTF-8 encoding")
        return None, [LintFinding.of("syntax", path, line, column, message)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    try:
        raw = Parser().parse(text)
    except CompositeParserException as exc:
        return None, [_syntax_finding(path, lines, error) for error in exc.errors]
    except ParserError as exc:  # pragma: no cover - the parser wraps its errors in CompositeParserException
        return None, [LintFinding.of("syntax", path, 1, 1, f"cannot parse the file: {exc}")]
    if "feature" not in raw:
        message = "no 'Feature:' line: a feature file starts with 'Feature: <name>' (after tags and comments)"
        return None, [LintFinding.of("syntax", path, 1, 1, message)]
    return FeatureSource(path, lines, GherkinDocument.from_dict(raw)), []


def _syntax_finding(path: Path, lines: list[str], error: ParserException) -> LintFinding:
    line = int(error.location.get("line", 1) or 1)
    column = int(error.location.get("column", 1) or 1)
    raw = _LOCATION_PREFIX_RE.sub("", str(error.args[0]) if error.args else str(error))
    if isinstance(error, UnexpectedTokenException) and (m := _UNEXPECTED_RE.search(raw)):
        message, suggestions = _unexpected(m.group("expected"), m.group("got"))
        if column <= 1 and 0 < line <= len(lines):
            column = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
        return LintFinding.of("syntax", path, line, column, message, suggestions)
    if isinstance(error, UnexpectedEOFException) and (m := _EOF_RE.search(raw)):
        expected = _token_list(m.group("expected"))
        if "#DocStringSeparator" in m.group("expected") and "#StepLine" not in m.group("expected"):
            message = 'a docstring opened with """ is never closed: add a closing """ line'
        else:
            message = f"the file ends too early: expected {expected}"
        return LintFinding.of("syntax", path, line, column, message)
    if isinstance(error, AstBuilderException) and "inconsistent cell count" in raw:
        message = "this table row has a different number of cells from the first row; make them all the same"
        return LintFinding.of("syntax", path, line, column, message)
    if isinstance(error, NoSuchLanguageException):
        message = f"{raw}: remove the '# language:' line or name a language Gherkin knows (e.g. 'en')"
        return LintFinding.of("syntax", path, line, column, message)
    return LintFinding.of("syntax", path, line, column, raw)


def _token_list(expected: str) -> str:
    tokens = [t.strip() for t in expected.split(",")]
    names = [name for token, name in _TOKEN_NAMES.items() if token in tokens]
    if not names:
        return expected
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _unexpected(expected: str, got: str) -> tuple[str, list[str]]:
    message = f"expected {_token_list(expected)}, but got '{got}'"
    hint, suggestion = _hint(got, expected)
    if hint:
        message += f"; {hint}"
    return message, [suggestion] if suggestion else []


def closest_keyword(word: str, keywords: tuple[str, ...], cutoff: float) -> str | None:
    """The keyword closest to ``word`` (ignoring case), when at least ``cutoff`` similar."""
    best, best_ratio = None, cutoff
    for keyword in keywords:
        ratio = difflib.SequenceMatcher(None, word.lower(), keyword.lower()).ratio()
        if ratio >= best_ratio:
            best, best_ratio = keyword, ratio
    return best


def _hint(got: str, expected: str) -> tuple[str, str | None]:
    first, _, rest = got.partition(" ")
    head, colon, after = got.partition(":")
    if first in STEP_KEYWORDS:
        return "steps belong under a 'Scenario:' or 'Background:' line", None
    if got.startswith("Feature:"):
        return "a file holds one Feature: move this one to a file of its own", None
    if got.startswith("Background:"):
        return "a Feature (or Rule) has at most one Background, placed before its first Scenario", None
    if got.startswith(("Examples:", "Scenarios:")):
        return "'Examples:' belongs to a 'Scenario Outline:', after its steps", None
    if got.startswith("|"):
        return "a table goes directly under a step or an 'Examples:' line", None
    if got.startswith(('"""', "```")):
        return "a docstring goes directly under a step", None
    keyword = closest_keyword(head.strip(), _SECTION_KEYWORDS, 0.75) if colon else None
    if keyword is not None and keyword != head.strip():
        return f"'{head.strip()}' is not a Gherkin keyword", f"{keyword}:{after}"
    for keyword in sorted(_SECTION_KEYWORDS, key=len, reverse=True):
        if got.lower().startswith(keyword.lower() + " ") and not colon:
            return f"'{keyword}' needs a colon", f"{keyword}: {got[len(keyword) + 1 :].strip()}"
    if rest and (keyword := closest_keyword(first, STEP_KEYWORDS, 0.6)):
        same = keyword.lower() == first.lower()
        reason = "keywords are case-sensitive" if same else f"'{first}' is not a Gherkin keyword"
        return reason, f"{keyword} {rest}"
    return "start the line with a Gherkin keyword, or make it a comment with '#'", None
