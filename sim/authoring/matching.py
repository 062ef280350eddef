"""Match step lines against step definitions as pytest-bdd does, and suggest fixes for near misses.

pytest-bdd runs a definition for a step when the definition's type is the step's type (And/But take
the type of the step before; ``step`` definitions take any type) and its parser matches the text.

A suggestion keeps the writer's own values where it can: for ``the user selcts "Register"`` and
the pattern ``the user selects "{label:Label}"`` it offers ``the user selects "Register"`` rather
than the catalogue example. The values are found by aligning the step with the generated example
(difflib), and a suggestion is only offered in that form if it really matches the definition.

The cost is bounded, so that any line, however long, is answered at once: difflib's ratio takes time
that grows with the product of the two lengths (and worse on repeated characters), so a line is compared
only when it could reach the cutoff at all. Two strings of lengths m <= n are at most 2m/(m+n) similar,
a bound that costs nothing; ``quick_ratio`` (letter counts, linear) comes next; a line longer than
:data:`MAX_COMPARED` characters, about twice the longest step, is a typo of no step and is not compared.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from psso_sim.authoring.catalogue import (
    StepDefinition,
    example_template,
    parser_matches,
    pattern_segments,
    split_keyword,
)

__all__ = ["MAX_COMPARED", "StepMatcher", "personalise", "similarity"]

MAX_COMPARED = 200
"""The longest step text (in characters) compared for suggestions; the longest step example has 107 (a line about
twice as long is a typo of no step)."""
_CUTOFF = 0.6
_OWN_CUTOFF = 0.75  # a suggestion keeps the writer's values only when it is this close to the step


class StepMatcher:
    """Matches steps against a fixed list of definitions, remembering what it has seen."""

    def __init__(self, definitions: Sequence[StepDefinition]) -> None:
        self.definitions = list(definitions)
        self._cache: dict[tuple[str, str], list[int]] = {}
        self.used: set[int] = set()

    def matches(self, step_type: str, text: str) -> list[StepDefinition]:
        """The definitions pytest-bdd could run for this step (more than one is ambiguous)."""
        key = (step_type, text)
        if key not in self._cache:
            self._cache[key] = [i for i, d in enumerate(self.definitions) if d.matches(step_type, text)]
        self.used.update(self._cache[key])
        return [self.definitions[i] for i in self._cache[key]]

    def unused(self) -> list[StepDefinition]:
        """Definitions that no step given to :meth:`matches` used."""
        return [d for i, d in enumerate(self.definitions) if i not in self.used]

    def wrong_type(self, step_type: str, text: str) -> list[StepDefinition]:
        """Definitions of another type whose pattern matches the text (a Given written as When)."""
        return [d for d in self.definitions if not d.accepts(step_type) and parser_matches(d.parser, text)]

    def suggestions(self, step_type: str, keyword: str, text: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` step lines close to ``keyword text``, best first."""
        scored: list[tuple[float, int, str]] = []
        lowered = text.casefold()
        compared = len(text) <= MAX_COMPARED
        for index, defn in enumerate(self.definitions):
            line_keyword = keyword if defn.accepts(step_type) else defn.display_keyword.split("/")[0]
            if not defn.accepts(step_type) and parser_matches(defn.parser, text):
                score, best = 0.99, text  # right words, wrong keyword
            elif compared and (form := _closest_form(defn, lowered, text)) is not None:
                score, best = form
                score -= 0 if defn.accepts(step_type) else 0.05
            else:
                continue
            if score >= _CUTOFF:
                scored.append((score, index, f"{line_keyword} {best}"))
        scored.sort(key=lambda item: (-item[0], item[1]))
        result: list[str] = []
        for _, _, line in scored:
            if line not in result:
                result.append(line)
        return result[:limit]


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """difflib's ratio of ``a`` and ``b`` when it is at least ``cutoff``, else 0.0 (cheaply, most of the time)."""
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < cutoff:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < cutoff:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= cutoff else 0.0


def _ratio(a: str, b: str, cutoff: float) -> float:
    return similarity(a, b.casefold(), cutoff)


def _closest_form(defn: StepDefinition, lowered: str, text: str) -> tuple[float, str] | None:
    """How close ``text`` is to ``defn``, and the step text to suggest for it."""
    example = split_keyword(defn.example)[1] if defn.example else ""
    own = personalise(defn, text)
    own_ratio = _ratio(lowered, own, _OWN_CUTOFF) if own is not None else 0.0
    if own is not None and own_ratio >= _OWN_CUTOFF:
        return own_ratio, own  # a typo fix that keeps the writer's own values
    return (_ratio(lowered, example, _CUTOFF), example) if example else None


def personalise(defn: StepDefinition, text: str) -> str | None:
    """``defn``'s pattern filled with the values found at the same places in ``text``, if it matches."""
    template = example_template(defn)
    if template is None or not template[1] or len(text) > MAX_COMPARED:
        return None
    example, spans = template
    opcodes = difflib.SequenceMatcher(None, example, text, autojunk=False).get_opcodes()
    values = []
    for start, end in spans:
        value = text[_map(start, opcodes, text, "start") : _map(end, opcodes, text, "end")].strip()
        if not value:
            return None
        values.append(value)
    pieces = []
    remaining = iter(values)
    for segment in pattern_segments(defn.pattern):
        pieces.append(segment if isinstance(segment, str) else next(remaining))
    candidate = "".join(pieces)
    return candidate if parser_matches(defn.parser, candidate) else None


def _map(pos: int, opcodes: Sequence[tuple[str, int, int, int, int]], text: str, side: str) -> int:
    """Where position ``pos`` of the example falls in ``text``; text inserted at a field's edge is in it."""
    for tag, i1, _, j1, j2 in opcodes:
        if tag == "insert" and i1 == pos:
            return j1 if side == "start" else j2
    for tag, i1, i2, j1, j2 in opcodes:
        inside = i1 <= pos < i2 if side == "start" else i1 < pos <= i2
        if inside:
            return j1 + (pos - i1) if tag == "equal" else (j1 if side == "start" else j2)
    return len(text) if side == "end" else 0
