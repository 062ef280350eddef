"""The Microsoft Learn extensions CommonMark lacks: tab groups, alerts, ``:::`` directives.

``psso_sim.docs.markdown`` parses the CommonMark with markdown-it-py; this module adds what Learn
layers on top, in both the source form and the rendered-page form of an article:

- tab groups: ``### [macOS 14](#tab/macOS14)`` starts a tab; the group ends at a ``---`` line, or
  (unclosed, which Learn renders wrongly) at a heading of a higher level than the tabs;
- alerts: ``> [!NOTE]`` quotes, and on a rendered page a line "Note" (Tip, Important, Warning, Caution)
  alone, followed by the alert's text;
- directives: ``:::image ... :::``, ``:::zone ...`` / ``::: zone-end`` and ``[!INCLUDE ...]`` lines. They
  are taken out of the text markdown-it reads (an image's alt text is never a step's words) and kept as
  ``directive`` blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from psso_sim.docs.model import Block, Section, TabGroup

__all__ = ["ALERT_WORDS", "HeadingText", "alert_kind", "directive_lines", "image_alt", "is_tab_heading", "sections"]

ALERT_WORDS = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")
"""The alert kinds Learn renders; a rendered page writes the kind alone on a line ("Tip")."""

_DIRECTIVE = re.compile(r"^[ \t]*(?::::|\[!(?:INCLUDE|div|VIDEO)\b)", re.IGNORECASE)
_ALT = re.compile(r"""\balt-text\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAB_HEADING = re.compile(r"^\[(?P<label>[^\]]+)\]\(#tab/(?P<id>[^)\s/]+)[^)\s]*\)$")
_RENDERED_ALERT = re.compile(rf"^\s*(?P<kind>{'|'.join(ALERT_WORDS)})\s*$", re.IGNORECASE)
_SOURCE_ALERT = re.compile(r"^\s*\[!(?P<kind>\w+)\]\s*$")


def directive_lines(lines: list[str], code: set[int]) -> set[int]:
    """0-based indexes of the directive lines outside code (a ``:::image`` may span lines to its ``:::``)."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        if i not in code and _DIRECTIVE.match(lines[i]):
            end = i
            text = lines[i].strip()
            # An :::image whose attributes run on: to the line that closes it with ":::".
            if text.startswith(":::image") and not text.rstrip().endswith(":::"):
                end = next((j for j in range(i + 1, len(lines)) if ":::" in lines[j]), i)
            found.update(range(i, end + 1))
            i = end
        i += 1
    return found


def image_alt(directive: str) -> str:
    """The alt text of an ``:::image`` directive, "" if it has none (kept for reports only)."""
    match = _ALT.search(directive)
    return (match.group(1) or match.group(2) or "") if match else ""


def alert_kind(paragraph: str) -> str | None:
    """The alert a paragraph opens: ``[!NOTE]`` (any word, so a typo is reported) or a rendered "Note"."""
    match = _SOURCE_ALERT.match(paragraph) or _RENDERED_ALERT.match(paragraph)
    return match.group("kind").upper() if match else None


def is_tab_heading(text: str) -> bool:
    return bool(_TAB_HEADING.match(text.strip()))


@dataclass
class _Head:
    """A heading while the section tree is built (mutable; frozen into a Section at the end)."""

    level: int
    line: int
    title: str
    anchor: str
    is_tab: bool = False
    tab: str | None = None
    tab_id: str | None = None
    parents: list[str] = field(default_factory=list)
    group: int | None = None  # the tab group it is (or is inside), index into groups


@dataclass
class _Group:
    line: int
    level: int
    owner: int | None  # stack depth of the owning heading, None at the top of the page
    tabs: list[int] = field(default_factory=list)
    end: int = 0
    closed: bool = False


@dataclass(frozen=True)
class HeadingText:
    """A heading's source text (inline markdown) with its plain title and anchor base."""

    markdown: str
    title: str
    anchor: str


def sections(
    blocks: list[Block], headings: dict[int, HeadingText], total: int
) -> tuple[list[Section], list[TabGroup]]:
    """The section tree and tab groups of the top-level ``blocks`` (``headings`` by line)."""
    heads: list[_Head] = []
    groups: list[_Group] = []
    stack: list[int] = []  # indexes into heads: the current heading path
    current: _Group | None = None
    seen: dict[str, int] = {}

    def close(end: int, closed: bool) -> None:
        nonlocal current, stack
        assert current is not None
        current.end, current.closed = end, closed
        stack = stack[: 0 if current.owner is None else current.owner + 1]
        current = None

    for block in blocks:
        if block.kind == "rule" and current is not None:
            close(block.line, True)
            continue
        if block.kind != "heading":
            continue
        heading = headings[block.line]
        level = len(block.marker)
        tab = _TAB_HEADING.match(heading.markdown.strip())
        if current is not None and not tab and level < current.level:
            close(block.line - 1, False)
        if tab:
            if current is None:
                current = _Group(block.line, level, len(stack) - 1 if stack else None)
                groups.append(current)
            stack = stack[: 0 if current.owner is None else current.owner + 1]
            current.tabs.append(len(heads))
            label = tab.group("label").strip()
            head = _Head(level, block.line, label, f"tab/{tab.group('id')}", True, label, tab.group("id"))
            head.group = len(groups) - 1
        else:
            # Inside a tab, headings nest under the tab heading, whatever their level.
            floor = 0 if current is None else stack.index(current.tabs[-1]) + 1
            while len(stack) > floor and heads[stack[-1]].level >= level:
                stack.pop()
            count = seen.get(heading.anchor, 0)
            seen[heading.anchor] = count + 1
            anchor = f"{heading.anchor}-{count}" if count else heading.anchor
            head = _Head(level, block.line, heading.title, anchor)
            if current is not None:
                tab_head = heads[current.tabs[-1]]
                head.tab, head.tab_id, head.group = tab_head.tab, tab_head.tab_id, tab_head.group
        head.parents = [heads[k].title for k in stack]
        stack.append(len(heads))
        heads.append(head)
    if current is not None:
        close(total, False)
    return _freeze(heads, groups, total)


def _freeze(heads: list[_Head], groups: list[_Group], total: int) -> tuple[list[Section], list[TabGroup]]:
    frozen: list[Section] = []
    for k, head in enumerate(heads):
        group = groups[head.group] if head.group is not None else None
        bound = total if group is None else (group.end - 1 if group.closed else group.end)
        end = bound
        for later in heads[k + 1 :]:
            if later.line > bound:
                break
            if group is None and later.group is not None:
                continue  # a tab group belongs to the heading before it
            ends_tab = head.is_tab and later.is_tab
            ends_heading = not later.is_tab and later.level <= head.level
            nested_ended = group is not None and not head.is_tab and later.is_tab
            if ends_tab or ends_heading or nested_ended:
                end = later.line - 1
                break
        frozen.append(
            Section(
                head.level, head.title, head.line, head.anchor, head.tab, head.tab_id, head.parents, end,
                head.is_tab, head.group,
            )
        )
    tab_groups = [
        TabGroup(
            group.line,
            group.end,
            frozen[group.tabs[0]].parents[-1] if frozen[group.tabs[0]].parents else None,
            [frozen[k] for k in group.tabs],
            group.closed,
        )
        for group in groups
    ]
    return frozen, tab_groups
