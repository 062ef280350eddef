"""Label and wording findings: UI labels, product names and spelling against the product's own words.

A **bold** label is judged against the UI labels of the document's release (``sim/docs/vocabulary.py``):
a label the product shows differently in case (``label-case``), in spacing, hyphens, "and" for "&" or a
letter or two (``label-wording``), or as another release or an older macOS named it (``label-release``).
Product names in any prose are checked for case and spacing (``product-name``), words against codespell's
dictionary (``spelling``). A bold text that is near no label is left alone: it may be a setting, a value
or an organisation's name.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from psso_sim.docs.model import Document
from psso_sim.docs.vocabulary import FORMER_NAMES, Vocabulary, vocabulary
from psso_sim.product.releases import ProductRelease

__all__ = ["WORDING_KINDS", "wording_problems"]

WORDING_KINDS = ("label-case", "label-wording", "label-release", "product-name", "spelling")

_BOLD = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*")
_CODE = re.compile(r"(`+).+?\1")
_LINK_TARGET = re.compile(r"(\[[^\]]*\])\([^)]*\)")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+")
_TAG = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][^>]*>")
_WORD = re.compile(r"(?<![\w'\u2019/.\\-])[A-Za-z]+(?:['\u2019][a-z]+)?(?![\w/\\]|\.\w)")

Problem = tuple[int, str, str]  # (line, kind, message)


def wording_problems(doc: Document, release: ProductRelease | None = None) -> list[Problem]:
    """Every wording problem of ``doc``, judged against ``release`` (default: the one its ms.date describes)."""
    if release is None:
        from psso_sim.docs.verify import product_of  # verify imports the findings, which import this

        release = product_of(doc)
    words = vocabulary(release)
    found: list[Problem] = []
    for line, text in _prose_lines(doc):
        found += [(line, kind, message) for kind, message in _label_problems(text, words)]
        found += [(line, "product-name", message) for message in _name_problems(_BOLD.sub(r"\1", text), words)]
        found += [(line, "spelling", message) for message in _spelling(_BOLD.sub(r"\1", text))]
    return found


def _prose_lines(doc: Document) -> Iterator[tuple[int, str]]:
    """(line, text) of what a reader reads: no code, comments, link targets, URLs or front matter keys."""
    skip = {n for code in doc.code_blocks for n in range(code.line, max(code.end_line, code.line) + 1)}
    skip |= {n for comment in doc.comments for n in range(comment.line + 1, comment.end_line)}
    start, end = doc.front_matter_span or (0, 0)
    for number, line in enumerate(doc.lines, 1):
        if number in skip:
            continue
        if start <= number <= end:
            key, _, value = line.partition(":")
            if key.strip() not in ("title", "description"):
                continue
            line = value
        # Entities as the reader sees them: the rendered pages write "Settings &gt; Users &amp; Groups".
        text = html.unescape(_TAG.sub(" ", _URL.sub(" ", _LINK_TARGET.sub(r"\1", _CODE.sub(" ", line)))))
        if text.strip():
            yield number, text


# ---- labels ----------------------------------------------------------------------------------


def _squash(label: str) -> str:
    """A label with case, spacing, hyphens and '&'/'and' left out: what a reader would take as the same."""
    text = re.sub(r"\s+(?:&|and)\s+", " & ", label.casefold())
    return re.sub(r"[\s\-]+", "", text)


def _label_problems(text: str, words: Vocabulary) -> Iterator[tuple[str, str]]:
    for match in _BOLD.finditer(text):
        label = match.group(1).strip().rstrip(".:")
        if label in words.labels or label in words.product_names or "{" in label or len(label.split()) > 6:
            continue
        if label in words.renamed:
            renamed = words.renamed[label]
            yield "label-release", (f"'{label}' is the label of release {renamed.release}; release "
                                    f"{words.release} shows '{renamed.instead}'")
        elif (right := _near_label(label, words)) is not None:
            kind = "label-case" if right.casefold() == label.casefold() else "label-wording"
            why = "'&', not 'and'" if "&" in right and re.search(r"\band\b", label, re.I) else "the product's spelling"
            if kind == "label-case":
                why = "the product's capitalization"
            yield kind, f"**{label}** is written '{right}' ({why})"
    for match in re.finditer(r"\bSystem Preferences\b", text):
        if words.settings_app == match.group(0):
            continue
        yield "label-release", (f"'{match.group(0)}' is '{words.settings_app}' from macOS 13 Ventura, on every "
                                f"macOS of release {words.release}")


def _near_label(label: str, words: Vocabulary) -> str | None:
    """The product label ``label`` misspells, if one is close enough to be meant."""
    exact = [right for right in sorted(words.labels) if _squash(right) == _squash(label)]
    if exact:  # "Sign in" over "Sign In" for "sign in": the one with the same spaces and hyphens
        return min(exact, key=lambda right: (right.casefold() != label.casefold(), right))
    if len(label) < 6:
        return None
    same_size = [right for right in words.labels if len(right.split()) == len(label.split())]
    close = difflib.get_close_matches(label.casefold(), [r.casefold() for r in same_size], n=1, cutoff=0.9)
    if not close or close[0].rstrip("s") == label.casefold().rstrip("s"):  # a plural is another word
        return None
    return next(right for right in same_size if right.casefold() == close[0])


# ---- product names ---------------------------------------------------------------------------


@cache
def _name_pattern(name: str) -> re.Pattern[str]:
    joined = r"[\s\-]?".join(re.escape(word) for word in name.split())
    return re.compile(rf"(?<![\w/.\\-]){joined}(?![\w/\\-]|\.\w)", re.IGNORECASE)


def _name_problems(text: str, words: Vocabulary) -> list[str]:
    taken: list[range] = []
    found: list[tuple[int, str]] = []
    for name in words.product_names:  # longest first: "Microsoft Entra ID" before "Entra ID"
        for match in _name_pattern(name).finditer(text):
            if any(match.start() in other for other in taken):
                continue
            taken.append(range(match.start(), match.end()))
            written = match.group(0)
            if written != name and written not in words.labels and not _lowercase_use(written, name):
                found.append((match.start(), f"'{written}' is written '{name}'"))
    for former, now in FORMER_NAMES.items():
        for match in _name_pattern(former).finditer(text):
            if not any(match.start() in other for other in taken):
                taken.append(range(match.start(), match.end()))
                found.append((match.start(), f"'{match.group(0)}' is now called '{now}'"))
    return [message for _, message in sorted(found)]


_ORDINARY_WORDS = frozenset({"Company Portal", "Setup Assistant"})


def _lowercase_use(written: str, name: str) -> bool:
    """'intune' is a typo; 'the company portal' may be ordinary words, not worth a warning."""
    return written.islower() and name in _ORDINARY_WORDS


# ---- spelling --------------------------------------------------------------------------------


@cache
def _misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's dictionary, word -> fixes. A maintained list (reviewed upstream, grown from real typos in
    thousands of projects) finds more and flags less than a list of our own would; its entries that carry a
    reason ('disabled because ...') are left out, as codespell itself does not fix them."""
    text = files("codespell_lib").joinpath("data", "dictionary.txt").read_text(encoding="utf-8")
    fixes: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        wrong, arrow, right = line.partition("->")
        if not arrow:
            continue
        parts = [part.strip() for part in right.split(",")]
        if len(parts) > 1 and parts[-1]:  # "fix, reason": a word codespell will not change
            continue
        fixes[wrong.strip().casefold()] = tuple(part for part in parts if part)
    return fixes


def _spelling(text: str) -> Iterator[str]:
    dictionary = _misspellings()
    for match in _WORD.finditer(text):
        word = match.group(0)
        fixes = dictionary.get(word.casefold())
        if not fixes or word.isupper():  # an acronym is not a word
            continue
        if word[0].isupper():
            fixes = tuple(fix[0].upper() + fix[1:] for fix in fixes)
        yield f"'{word}' is misspelt: {' or '.join(repr(fix) for fix in fixes)}"
