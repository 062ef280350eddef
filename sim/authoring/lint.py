"""Static checks of feature files: what would fail, or silently do the wrong thing, under pytest-bdd.

:func:`lint_paths` reads each ``.feature`` file (see :mod:`psso_sim.authoring.feature_file`), then checks
tags against the registered markers, steps against the step definitions (Scenario Outline steps
once per Examples row, and the step an expected failure quotes), scenario names (within a file and
across the files linted together), outlines and descriptions that swallowed a mistyped step.
The finding kinds and their severities are :data:`psso_sim.authoring.findings.KINDS`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pytest_bdd.gherkin_parser import Child, Scenario, Step, Tag

from psso_sim.authoring.catalogue import StepDefinition, parser_matches, source_path
from psso_sim.authoring.feature_file import STEP_KEYWORDS, FeatureSource, closest_keyword, read_feature
from psso_sim.authoring.findings import (
    KINDS,
    LintFinding,
    LintUsageError,
    display_path,
    exit_code,
    format_findings,
)
from psso_sim.authoring.matching import MAX_COMPARED, StepMatcher, similarity

__all__ = [
    "KINDS",
    "PYTEST_BUILTIN_MARKERS",
    "LintFinding",
    "LintUsageError",
    "exit_code",
    "feature_files",
    "format_findings",
    "lint_paths",
]

PYTEST_BUILTIN_MARKERS = frozenset({"skip", "skipif", "xfail", "usefixtures", "filterwarnings"})
"""Markers pytest registers itself; a tag may use them without registering."""

_STEP_TYPE = {"Context": "given", "Action": "when", "Outcome": "then"}
_PLACEHOLDER_RE = re.compile(r"<(.+?)>")  # as pytest-bdd renders outlines
_OUTLINE_KEYWORDS = ("Scenario Outline", "Scenario Template")
_SECTION_KEYWORDS = ("Feature", "Rule", "Background", "Scenario", "Scenario Outline", "Examples")
# English words as close to a step keyword as a typo is ("them" to "Then"): a description line may start
# with one, so it is prose, not a misspelt keyword. A keyword itself in lower case is prose too.
_PROSE_WORDS = frozenset({
    "the", "them", "then", "they", "thee", "than", "when", "wren", "wen", "hen", "and", "an", "any", "end",
    "band", "hand", "land", "sand", "but", "bus", "bug", "butt", "bud", "hut", "nut", "cut", "put", "given",
    "giver", "gives", "living", "riven", "driven", "siren"})


def feature_files(paths: Sequence[Path]) -> list[Path]:
    """The ``.feature`` files named by ``paths`` (directories are searched recursively), in order."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.feature"))
        elif path.exists():
            found = [path]
        else:
            raise LintUsageError(f"no such file or directory: '{path}'",
                                 hint="give feature files or directories of them, e.g. features/")
        result += [f for f in found if f not in result]
    return result


def lint_paths(
    paths: Sequence[Path],
    definitions: Sequence[StepDefinition],
    registered_tags: Mapping[str, str],
    *,
    report_unused: bool = False,
) -> list[LintFinding]:
    """Check the feature files under ``paths``; findings sorted by file, line and column.

    ``registered_tags`` are marker names without '@'. With ``report_unused`` (use it when linting
    the whole features directory) every definition no scanned step uses is reported as info.
    """
    matcher = StepMatcher(definitions)
    known_tags = set(registered_tags) | PYTEST_BUILTIN_MARKERS
    findings: list[LintFinding] = []
    unparsed = 0
    named: dict[str, str] = {}  # scenario name -> 'file:line' of the first file that uses it
    for path in feature_files(paths):
        source, problems = read_feature(display_path(path))
        findings += problems
        if source is None:
            unparsed += 1
        else:
            linter = _FileLinter(source, matcher, known_tags)
            findings += linter.run()
            findings += linter.check_names_across_files(named)
    findings.sort(key=LintFinding.sort_key)
    if report_unused:
        findings += _unused(matcher, unparsed)
    return findings


def _unused(matcher: StepMatcher, unparsed: int) -> list[LintFinding]:
    caveat = f" (but {unparsed} feature file(s) could not be parsed)" if unparsed else ""
    return sorted(
        (LintFinding.of("unused-step", source_path(d), d.line, 1,
                        f"no scanned feature uses the step '{d.display_keyword} {d.pattern}' "
                        f"({d.location}){caveat}")
         for d in matcher.unused()),
        key=LintFinding.sort_key,
    )


class _FileLinter:
    def __init__(self, source: FeatureSource, matcher: StepMatcher, known_tags: set[str]) -> None:
        self.source = source
        self.path = source.path
        self.matcher = matcher
        self.known_tags = known_tags
        self.findings: list[LintFinding] = []
        self.scenarios: list[Scenario] = []

    def add(self, kind: str, line: int, column: int, message: str, suggestions: Sequence[str] = ()) -> None:
        self.findings.append(LintFinding.of(kind, self.path, line, column, message, suggestions))

    def run(self) -> list[LintFinding]:
        feature = self.source.document.feature
        self.check_tags(feature.tags)
        self.check_description(feature.description, feature.location.line)
        scenarios = self.scenarios
        self.check_children(feature.children, scenarios)
        if not scenarios:
            self.add("empty-feature", feature.location.line, feature.location.column,
                     f"Feature '{feature.name}' has no scenarios, so it runs nothing")
        self.check_duplicate_names(scenarios)
        return self.findings

    def check_children(self, children: Iterable[Child], scenarios: list[Scenario]) -> None:
        for child in children:
            background, rule, scenario = child.background, child.rule, child.scenario
            if background is not None:
                self.check_description(background.description, background.location.line)
                self.check_steps(background.steps, [])
            if rule is not None:
                self.check_tags(rule.tags)
                self.check_description(rule.description, rule.location.line)
                self.check_children(rule.children, scenarios)
            if scenario is not None:
                scenarios.append(scenario)
                self.check_scenario(scenario)

    # -- tags ----------------------------------------------------------------------------------

    def check_tags(self, tags: Iterable[Tag]) -> None:
        for tag in tags:
            name = tag.name.lstrip("@")
            if name in self.known_tags:
                continue
            close = difflib.get_close_matches(name, sorted(self.known_tags), n=3, cutoff=0.6)
            self.add("unknown-tag", tag.location.line, tag.location.column,
                     f"tag @{name} is not a registered marker, so pytest (--strict-markers) refuses it; "
                     "use a registered tag ('psso-sim steps' lists them; new ones go in psso_sim.authoring.tags.TAGS)",
                     [f"@{c}" for c in close])

    # -- scenarios -----------------------------------------------------------------------------

    def check_duplicate_names(self, scenarios: list[Scenario]) -> None:
        first_line: dict[str, int] = {}
        for scenario in scenarios:
            if scenario.name in first_line:
                self.add("duplicate-scenario", scenario.location.line, scenario.location.column,
                         f"another scenario at line {first_line[scenario.name]} is also named "
                         f"'{scenario.name}': pytest-bdd keeps only the last one, so that one never runs; "
                         "give each scenario its own name")
            else:
                first_line[scenario.name] = scenario.location.line

    def check_names_across_files(self, named: dict[str, str]) -> list[LintFinding]:
        """Scenarios named as one in an earlier file: both run, but nothing that names a scenario (test
        ids, ``-k``, reports, the failed-scenario list) can tell them apart. ``named`` is updated."""
        found: list[LintFinding] = []
        for scenario in self.scenarios:
            here = f"{self.path.as_posix()}:{scenario.location.line}"
            first = named.setdefault(scenario.name, here)
            if not first.startswith(f"{self.path.as_posix()}:"):
                found.append(LintFinding.of(
                    "duplicate-scenario-across-files", self.path, scenario.location.line, scenario.location.column,
                    f"the scenario at {first} is also named '{scenario.name}' (and this one is at {here}): both run, "
                    "but test ids, -k and reports cannot tell them apart; give each scenario its own name"))
        return found

    def check_scenario(self, scenario: Scenario) -> None:
        loc = scenario.location
        self.check_tags(scenario.tags)
        self.check_description(scenario.description, loc.line)
        for examples in scenario.examples:
            self.check_tags(examples.tags)
        if not scenario.steps:
            self.add("empty-scenario", loc.line, loc.column,
                     f"{scenario.keyword} '{scenario.name}' has no steps, so it passes without testing")
        is_outline = bool(scenario.examples) or scenario.keyword.strip() in _OUTLINE_KEYWORDS
        contexts: list[tuple[dict[str, str], int]] = []
        if is_outline:
            contexts = self.check_outline(scenario)
        self.check_steps(scenario.steps, contexts)

    def check_outline(self, scenario: Scenario) -> list[tuple[dict[str, str], int]]:
        """Check placeholders against Examples columns; return each Examples row and its line."""
        used: dict[str, tuple[int, int]] = {}
        for name in _PLACEHOLDER_RE.findall(scenario.name):
            used.setdefault(name, (scenario.location.line, scenario.location.column))
        for step in scenario.steps:
            for name in _PLACEHOLDER_RE.findall(_step_texts(step)):
                used.setdefault(name, (step.location.line, step.location.column))
        columns: dict[str, tuple[int, int]] = {}
        contexts: list[tuple[dict[str, str], int]] = []
        for examples in scenario.examples:
            header = examples.table_header
            rows = examples.table_body or []
            if header is None or not rows:
                self.add("empty-examples", examples.location.line, examples.location.column,
                         "this Examples table has no data rows, so it adds no runs of the outline")
            if header is None:
                continue
            names = [cell.value for cell in header.cells]
            for cell in header.cells:
                columns.setdefault(cell.value, (cell.location.line, cell.location.column))
            contexts += [(dict(zip(names, (c.value for c in row.cells), strict=False)), row.location.line)
                         for row in rows]
        for name, (line, column) in used.items():
            if name in columns:
                continue
            if scenario.examples:
                close = difflib.get_close_matches(name, list(columns), n=3, cutoff=0.6)
                self.add("unknown-placeholder", line, column,
                         f"<{name}> is not a column of the Examples table (columns: "
                         f"{', '.join(columns) or 'none'}), so it stays as the text '<{name}>'",
                         [f"<{c}>" for c in close])
            else:
                self.add("unknown-placeholder", line, column,
                         f"<{name}> has no Examples table to fill it: add 'Examples:' with a '{name}' column")
        for name, (line, column) in columns.items():
            if name not in used:
                self.add("unused-example-column", line, column,
                         f"Examples column '{name}' is used by no <{name}> in the scenario's steps or name")
        return contexts

    # -- steps ---------------------------------------------------------------------------------

    def check_steps(self, steps: Sequence[Step], contexts: Sequence[tuple[dict[str, str], int]]) -> None:
        step_type: str | None = None
        for index, step in enumerate(steps):
            step_type = _STEP_TYPE.get(step.keyword_type, step_type)
            if step_type is None:
                if index == 0:  # pytest-bdd rejects the file; the steps up to a Given/When/Then are unknown
                    self.first_step_without_type(step)
                continue
            texts: dict[str, int | None] = {}
            for context, line in contexts:
                texts.setdefault(_render(step.text, context), line)
            for text, row_line in (texts or {step.text: None}).items():
                self.check_step(step, step_type, text, row_line)
            self.check_table(step, step_type, next(iter(texts or {step.text: None})))

    def first_step_without_type(self, step: Step) -> None:
        defs = self.matcher.definitions
        fits = [kw for kw in ("Given", "When", "Then") if any(d.matches(kw.lower(), step.text) for d in defs)]
        self.add("syntax", step.location.line, step.location.column,
                 f"the first step of a scenario or background must start with Given, When or Then, "
                 f"not '{step.keyword}': pytest-bdd rejects the file",
                 [f"{kw} {step.text}" for kw in fits])

    def check_step(self, step: Step, step_type: str, text: str, row_line: int | None) -> None:
        line, column = step.location.line, step.location.column
        written = f"{step.keyword} {text}"
        row = f" (Examples row at line {row_line})" if row_line is not None else ""
        matches = self.matcher.matches(step_type, text)
        if len(matches) > 1:
            listed = "; ".join(f"'{d.display_keyword} {d.pattern}' at {d.location}" for d in matches)
            self.add("ambiguous-step", line, column,
                     f"{written}{row} matches {len(matches)} step definitions: {listed}; "
                     "pytest-bdd would pick one silently, so make the patterns distinct")
            return
        if matches:
            self.check_quoted_steps(step, matches[0], text)
            return
        message = f"{written}{row} matches no {step_type.title()} step definition"
        other = self.matcher.wrong_type(step_type, text)
        if other:
            message += f"; it is defined as a {other[0].display_keyword} step ({other[0].location})"
        suggestions = self.matcher.suggestions(step_type, step.keyword, text)
        if not suggestions:
            message += "; run 'psso-sim steps' to see the steps that exist"
        self.add("undefined-step", line, column, message, suggestions)

    def check_quoted_steps(self, step: Step, definition: StepDefinition, text: str) -> None:
        """A step that runs another, quoted, step (a ``Step`` parameter): that step must exist too."""
        quoted = [p.name for p in definition.parameters if p.type == "Step"]
        if not quoted:
            return
        try:
            values = definition.parser.parse_arguments(text) or {}
        except Exception:
            return
        for name in quoted:
            keyword, _, inner = str(values.get(name, "")).strip().partition(" ")
            inner_type = {"Given": "given", "When": "when", "Then": "then"}.get(keyword)
            where = (step.location.line, step.location.column)
            if inner_type is None:
                self.add("undefined-step", *where,
                         f"the quoted step '{keyword} {inner}' must start with Given, When or Then (the kind of "
                         "step it is), not And, But or nothing")
            elif not self.matcher.matches(inner_type, inner):
                self.add("undefined-step", *where,
                         f"the quoted step '{keyword} {inner}' matches no {inner_type.title()} step definition",
                         self.matcher.suggestions(inner_type, keyword, inner))

    def check_table(self, step: Step, step_type: str, text: str) -> None:
        """Check the data table under ``step`` against the table its definition reads, if it reads one."""
        matches = self.matcher.matches(step_type, text)
        spec = matches[0].table_spec if len(matches) == 1 else None
        if spec is None:
            return
        table = step.datatable
        rows = [[cell.value for cell in row.cells] for row in table.rows] if table is not None else None
        for row, message in spec.problems(rows):
            if table is not None and row is not None and row < len(table.rows):
                location = table.rows[row].location
                line, column = location.line, location.column
            else:
                line, column = step.location.line, step.location.column
            self.add("bad-table", line, column, message)

    # -- descriptions --------------------------------------------------------------------------

    def check_description(self, description: str, header_line: int) -> None:
        """Flag description lines that look like a step or section the writer meant to write."""
        cursor = header_line  # index of the line after the header (lines are 0-based)
        for text in description.splitlines():
            if not text.strip():
                continue
            line = cursor = self._find_line(text, cursor)
            problem = self._misread(text.strip())
            if problem is not None:
                column = len(text) - len(text.lstrip()) + 1
                self.add("suspicious-description", line, column, *problem)

    def _misread(self, stripped: str) -> tuple[str, list[str]] | None:
        first, _, rest = stripped.partition(" ")
        head, colon, after = stripped.partition(":")
        misread = f"'{stripped}' is read as description text"
        if first in STEP_KEYWORDS and rest and self._resembles_step(rest):  # prose may start with "When"
            return f"{misread}, not as a step: steps belong under a 'Scenario:' or 'Background:' line", []
        for header in ("Scenario Outline", "Scenario", "Background"):  # rarely the first word of prose
            if stripped.startswith(header + " ") and not colon:
                fixed = f"{header}: {stripped[len(header) :].strip()}"
                return f"{misread}: '{header}' needs a colon", [fixed]
        section = closest_keyword(head.strip(), _SECTION_KEYWORDS, 0.75) if colon else None
        if section is not None and section != head.strip():
            return f"{misread}: '{head.strip()}' is not a Gherkin keyword", [f"{section}:{after}"]
        prose = first.casefold() in _PROSE_WORDS
        keyword = closest_keyword(first, STEP_KEYWORDS, 0.6) if rest and not prose else None
        if keyword is not None and self._resembles_step(rest):
            return f"{misread}, not as a step: '{first}' is not a step keyword", [f"{keyword} {rest}"]
        return None

    def _find_line(self, text: str, start: int) -> int:
        for index in range(start, len(self.source.lines)):
            if self.source.lines[index].rstrip() == text.rstrip():
                return index + 1
        return start + 1

    def _resembles_step(self, text: str) -> bool:
        lowered = text.casefold()
        compared = len(text) <= MAX_COMPARED  # a longer line is like no step, and comparing it is slow
        for defn in self.matcher.definitions:
            if parser_matches(defn.parser, text):
                return True
            example = defn.example.partition(" ")[2].casefold()
            if compared and example and similarity(lowered, example, 0.75):
                return True
        return False


def _step_texts(step: Step) -> str:
    parts = [step.text]
    if step.datatable is not None:
        parts += [cell.value for row in step.datatable.rows for cell in row.cells]
    if step.docstring is not None:
        parts.append(step.docstring.content)
    return "\n".join(parts)


def _render(text: str, context: Mapping[str, str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: context.get(m.group(1), m.group(0)), text)
