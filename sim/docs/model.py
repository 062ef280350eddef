"""The documentation model: frozen, line-numbered elements of a Learn-style markdown page.

``psso_sim.docs.markdown`` builds these from text; everything else (findings, the verifier) reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from psso_sim.errors import SimError

__all__ = [
    "Block",
    "BlockKind",
    "CodeBlock",
    "Comment",
    "Document",
    "DocumentError",
    "Link",
    "LinkKind",
    "Note",
    "Procedure",
    "ProcedureStep",
    "Section",
    "StepTable",
    "TabGroup",
    "TableRow",
    "section_at",
]

BlockKind = Literal["heading", "paragraph", "item", "code", "quote", "table", "rule", "directive", "html"]
LinkKind = Literal["anchor", "tab", "relative", "site", "url", "mailto", "empty"]


class DocumentError(SimError):
    """A document that cannot be read at all (malformed markdown is a finding, not an error)."""

    subsystem = "docs"


@dataclass(frozen=True)
class Comment:
    line: int
    end_line: int
    text: str  # between <!-- and -->, stripped
    closed: bool = True


@dataclass(frozen=True)
class CodeBlock:
    line: int  # the opening fence
    lang: str  # lowercased first word of the info string, "" if none
    text: str  # body, dedented by the fence's indentation
    end_line: int = 0
    indent: int = 0  # > 0 when nested under a list item
    closed: bool = True


@dataclass(frozen=True)
class Note:
    kind: str  # NOTE, TIP, IMPORTANT, CAUTION, WARNING as written (upper-cased)
    line: int
    text: str


@dataclass(frozen=True)
class Link:
    line: int
    text: str
    target: str
    kind: LinkKind
    image: bool = False

    @property
    def path(self) -> str:
        return self.target.split("#", 1)[0]

    @property
    def fragment(self) -> str:
        return self.target.split("#", 1)[1] if "#" in self.target else ""


@dataclass(frozen=True)
class Block:
    """A top-level block; ``lines`` are the comment-free source lines it spans."""

    kind: BlockKind
    line: int
    end_line: int
    lines: list[str]
    marker: str = ""  # "1." or "-" for items, the #s for headings


@dataclass(frozen=True)
class Section:
    level: int
    title: str  # plain text; for a tab heading, the tab label
    line: int
    anchor: str  # "tab/<id>" for a tab heading
    tab: str | None = None  # label of the tab this heading is, or is inside
    tab_id: str | None = None
    parents: list[str] = field(default_factory=list)  # titles from the H1 down
    end_line: int = 0  # last line of its content, children included
    is_tab: bool = False
    group: int | None = None  # index into Document.tab_groups, for tab headings


@dataclass(frozen=True)
class TabGroup:
    line: int
    end_line: int
    owner: str | None  # title of the heading the tabs belong to
    tabs: list[Section]
    closed: bool  # ended by "---" (not by a heading or the end of the file)


@dataclass(frozen=True)
class TableRow:
    line: int
    cells: tuple[str, ...]  # each cell's inline markdown as written


@dataclass(frozen=True)
class StepTable:
    """A GFM table inside a step ("Configure the following required settings:" and its rows)."""

    line: int
    end_line: int
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class ProcedureStep:
    number: int  # 1..n, whatever the source numbers say (Learn writes "1." for all)
    line: int
    text: str  # raw markdown of the item, marker removed, continuation lines included
    plain: str  # markdown, comments and code removed, one line
    labels: list[str]  # **bold** UI labels, in order
    comments: list[Comment]
    code: list[CodeBlock]
    end_line: int = 0
    tables: tuple[StepTable, ...] = ()


@dataclass(frozen=True)
class Procedure:
    section: Section | None  # the heading it lives under
    line: int
    end_line: int
    intro: list[str]  # the prose paragraph right before the list
    intro_line: int | None
    steps: list[ProcedureStep]
    trailing_comments: list[Comment]  # comments right after the last step, e.g. a TODO

    @property
    def tab(self) -> str | None:
        return self.section.tab if self.section else None

    @property
    def tab_id(self) -> str | None:
        return self.section.tab_id if self.section else None


@dataclass(frozen=True)
class Document:
    path: str
    lines: list[str]
    front_matter: dict[str, str]
    front_matter_span: tuple[int, int] | None
    title: str | None
    title_line: int | None
    sections: list[Section]
    tab_groups: list[TabGroup]
    procedures: list[Procedure]
    code_blocks: list[CodeBlock]
    notes: list[Note]
    links: list[Link]
    comments: list[Comment]
    blocks: list[Block]

    @property
    def anchors(self) -> set[str]:
        return {section.anchor for section in self.sections}

    def section_at(self, line: int) -> Section | None:
        """The innermost section whose content includes ``line``."""
        return section_at(self.sections, line)


def section_at(sections: list[Section], line: int) -> Section | None:
    found = None
    for section in sections:
        if section.line <= line <= section.end_line:
            found = section
    return found
