"""Parse a Microsoft Learn-style markdown procedure into a small, line-numbered model.

Not a full CommonMark parser: it knows what Learn articles use (front matter, headings, tab
groups, ``1.`` procedures, fenced code, ``> [!NOTE]`` alerts, HTML comments, links) and keeps
every element's 1-based line, so that a finding can point the writer at the exact place.

Learn tab groups: ``### [macOS 14](#tab/macOS14)`` starts a tab; the group ends at a ``---``
line, or (unclosed, which Learn renders wrongly) at a heading of a higher level than the tabs.
HTML comments are kept in ``Document.comments`` and removed from the text every other element
is read from, so a ``<!--TODO-->`` never reads as prose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from psso_sim.docs.model import (
    Block,
    BlockKind,
    CodeBlock,
    Comment,
    Document,
    DocumentError,
    Link,
    LinkKind,
    Note,
    Procedure,
    ProcedureStep,
    Section,
    TabGroup,
)
from psso_sim.docs.model import section_at as _section_at

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
    "TabGroup",
    "anchor_for",
    "load_document",
    "parse_document",
    "plain_text",
]


_HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>\d{1,9}[.)]|[-*+])(?P<space>[ \t]+|$)")
_RULE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")
_DIRECTIVE = re.compile(r"^ {0,3}(?::::|\[!(?:INCLUDE|div|VIDEO)\b)", re.IGNORECASE)
_HTML = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*[\s/>]")
_TAB_HEADING = re.compile(r"^\[(?P<label>[^\]]+)\]\(#tab/(?P<id>[^)\s/]+)[^)\s]*\)$")
_ALERT = re.compile(r"^\s*>\s*\[!(?P<kind>\w+)\]\s*$")
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, on one line."""
    text = re.sub(r"<!--.*?(-->|$)", " ", markdown, flags=re.DOTALL)
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = _INLINE_CODE.sub(lambda m: m.group(2).strip(), text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", " ", text)
    return " ".join(text.split())


def anchor_for(title: str) -> str:
    """GitHub/Learn heading anchor: lowercase, punctuation dropped, each space a hyphen."""
    text = re.sub(r"[^\w\- ]", "", plain_text(title).lower())
    return text.replace(" ", "-")


def _link_kind(target: str) -> LinkKind:
    if not target:
        return "empty"
    if target.startswith("#tab/"):
        return "tab"
    if target.startswith("#"):
        return "anchor"
    if target.lower().startswith("mailto:"):
        return "mailto"
    if _SCHEME.match(target) or target.startswith("//"):
        return "url"
    if target.startswith("/"):
        return "site"  # another Learn docset, served from the site root
    return "relative"  # includes "~/...", relative to the docset root


def _front_matter(lines: list[str]) -> tuple[dict[str, str], tuple[int, int] | None, int]:
    if not lines or lines[0].strip() != "---":
        return {}, None, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            values: dict[str, str] = {}
            for line in lines[1:end]:
                match = re.match(r"^([\w.\-]+)\s*:\s*(.*?)\s*$", line)
                if match:
                    values[match.group(1)] = match.group(2).strip("\"'")
            return values, (1, end + 1), end + 1
    return {}, None, 0  # an unterminated "---" is a rule, not front matter


def _code_blocks(lines: list[str], start: int) -> tuple[list[CodeBlock], dict[int, CodeBlock]]:
    """Fenced blocks and, for each 0-based line index inside one, the block."""
    blocks: list[CodeBlock] = []
    owner: dict[int, CodeBlock] = {}
    i = start
    while i < len(lines):
        match = _FENCE.match(lines[i].expandtabs(4))
        if not match:
            i += 1
            continue
        indent, fence = len(match.group("indent")), match.group("fence")
        closer = re.compile(rf"^ *{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if closer.match(lines[j].expandtabs(4))), None)
        last = end if end is not None else len(lines) - 1
        body = [line.expandtabs(4) for line in lines[i + 1 : end if end is not None else len(lines)]]
        text = "\n".join(line[min(indent, _indent(line)) :] for line in body)
        info = match.group("info").split()
        block = CodeBlock(i + 1, info[0].lower() if info else "", text, last + 1, indent, end is not None)
        blocks.append(block)
        owner.update(dict.fromkeys(range(i, last + 1), block))
        i = last + 1
    return blocks, owner


def _comments(lines: list[str], code: dict[int, CodeBlock], start: int) -> tuple[list[Comment], list[str]]:
    """HTML comments outside code, and the lines with them blanked (line count kept)."""
    masked = ["" if i in code or i < start else line for i, line in enumerate(lines)]
    text = "\n".join(masked)
    offsets = [0]
    for line in masked:
        offsets.append(offsets[-1] + len(line) + 1)
    comments: list[Comment] = []
    pieces: list[str] = []
    pos = 0
    while (begin := text.find("<!--", pos)) != -1:
        end = text.find("-->", begin + 4)
        stop = len(text) if end == -1 else end + 3
        body = text[begin + 4 : end if end != -1 else len(text)]
        first, last = (bisect.bisect_right(offsets, at) for at in (begin, stop - 1))
        comments.append(Comment(first, last, body.strip(), end != -1))
        pieces += [text[pos:begin], "\n" * body.count("\n")]
        pos = stop
    pieces.append(text[pos:])
    clean = "".join(pieces).split("\n")
    return comments, [lines[i] if i in code else clean[i] for i in range(len(lines))]


def _starts_block(line: str) -> bool:
    return bool(
        _HEADING.match(line)
        or _RULE.match(line)
        or _FENCE.match(line)
        or line.lstrip().startswith(">")
        or (_ITEM.match(line) and _indent(line) <= 3)
        or line.lstrip().startswith("|")
    )


def _scan(lines: list[str], code: dict[int, CodeBlock], start: int) -> list[Block]:
    """Top-level blocks of the comment-free body."""
    blocks: list[Block] = []
    i = start

    def add(kind: BlockKind, first: int, last: int, marker: str = "") -> None:
        blocks.append(Block(kind, first + 1, last + 1, lines[first : last + 1], marker))

    while i < len(lines):
        line = lines[i]
        if i in code:
            add("code", i, code[i].end_line - 1)
            i = code[i].end_line
            continue
        if not line.strip():
            i += 1
            continue
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            add("heading", i, i, heading.group("marks"))
            i += 1
        elif _RULE.match(line):
            add("rule", i, i)
            i += 1
        elif item and _indent(line) <= 3:
            last = _item_end(lines, code, i)
            add("item", i, last, item.group("marker"))
            i = last + 1
        else:
            kind: BlockKind = "paragraph"
            if line.lstrip().startswith(">"):
                kind = "quote"
            elif line.lstrip().startswith("|"):
                kind = "table"
            elif _DIRECTIVE.match(line):
                kind = "directive"
            elif _HTML.match(line):
                kind = "html"
            last = i
            while last + 1 < len(lines) and lines[last + 1].strip() and last + 1 not in code:
                nxt = lines[last + 1]
                if kind in ("quote", "table"):
                    if not re.match(r"\s*[>|]", nxt):
                        break
                elif _starts_block(nxt) or kind == "directive":
                    break
                last += 1
            add(kind, i, last)
            i = last + 1
    return blocks


def _item_end(lines: list[str], code: dict[int, CodeBlock], i: int) -> int:
    """Last line of the list item starting at ``i``: indented and lazy continuation lines."""
    own = _indent(lines[i])
    last, j, blank = i, i + 1, False
    while j < len(lines):
        line = lines[j]
        if not line.strip() and j not in code:
            blank, j = True, j + 1
            continue
        deeper = _indent(line) > own and (_indent(line) >= 2 or not blank)
        lazy = not blank and j not in code and last not in code and not _starts_block(line)
        if not (deeper or lazy):
            break
        last = code[j].end_line - 1 if j in code else j
        blank, j = False, last + 1
    return last


def _item_text(lines: list[str], block: Block) -> list[str]:
    """The item's source lines (comments kept), marker removed, continuation lines dedented."""
    first = lines[block.line - 1]
    match = _ITEM.match(first)
    width = match.end() if match else 0
    out = [first[width:]]
    for line in lines[block.line : block.end_line]:
        out.append(line.expandtabs(4)[min(width, _indent(line)) :])
    while out and not out[-1].strip():
        out.pop()
    return out


def parse_document(text: str, *, path: str = "<string>") -> Document:
    """Parse ``text``; never fails on odd markdown (findings report what is wrong)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, span, start = _front_matter(lines)
    code_blocks, code = _code_blocks(lines, start)
    comments, clean = _comments(lines, code, start)
    blocks = _scan(clean, code, start)
    sections, groups = _sections(blocks, len(lines))
    title = next((s for s in sections if s.level == 1 and not s.is_tab), None)
    return Document(
        path=path,
        lines=lines,
        front_matter=front_matter,
        front_matter_span=span,
        title=title.title if title else None,
        title_line=title.line if title else None,
        sections=sections,
        tab_groups=groups,
        procedures=_procedures(blocks, sections, lines, clean, code, comments),
        code_blocks=code_blocks,
        notes=_notes(blocks),
        links=_links(clean, code, start),
        comments=comments,
        blocks=blocks,
    )


def load_document(path: str | Path) -> Document:
    """Read and parse a markdown file (UTF-8, a BOM allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise DocumentError(f"cannot read '{path}': {reason}", hint="pass a UTF-8 markdown file") from None
    return parse_document(text, path=str(path))


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


def _sections(blocks: list[Block], total: int) -> tuple[list[Section], list[TabGroup]]:
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
        match = _HEADING.match(block.lines[0])
        text = (match.group("text") or "").strip() if match else ""
        level = len(block.marker)
        tab = _TAB_HEADING.match(text)
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
            anchor = anchor_for(text)
            count = seen.get(anchor, 0)
            seen[anchor] = count + 1
            head = _Head(level, block.line, plain_text(text), f"{anchor}-{count}" if count else anchor)
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
    sections: list[Section] = []
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
        sections.append(
            Section(
                head.level,
                head.title,
                head.line,
                head.anchor,
                head.tab,
                head.tab_id,
                head.parents,
                end,
                head.is_tab,
                head.group,
            )
        )
    tab_groups = [
        TabGroup(
            group.line,
            group.end,
            sections[group.tabs[0]].parents[-1] if sections[group.tabs[0]].parents else None,
            [sections[k] for k in group.tabs],
            group.closed,
        )
        for group in groups
    ]
    return sections, tab_groups


def _notes(blocks: list[Block]) -> list[Note]:
    notes = []
    for block in blocks:
        match = _ALERT.match(block.lines[0]) if block.kind == "quote" else None
        if match:
            body = [re.sub(r"^\s*>\s?", "", line) for line in block.lines[1:]]
            notes.append(Note(match.group("kind").upper(), block.line, "\n".join(body).strip()))
    return notes


def _links(clean: list[str], code: dict[int, CodeBlock], start: int) -> list[Link]:
    links = []
    for i in range(start, len(clean)):
        if i in code:
            continue
        line = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), clean[i])
        heading = _HEADING.match(line)
        if heading and _TAB_HEADING.match((heading.group("text") or "").strip()):
            continue  # a tab heading defines a tab; it is not a link
        for match in _LINK.finditer(line):
            target = match.group("target").strip("<>")
            links.append(
                Link(
                    i + 1,
                    plain_text(match.group("text")),
                    target,
                    _link_kind(target),
                    bool(match.group("bang")),
                )
            )
    return links


def _procedures(
    blocks: list[Block],
    sections: list[Section],
    lines: list[str],
    clean: list[str],
    code: dict[int, CodeBlock],
    comments: list[Comment],
) -> list[Procedure]:
    """Runs of top-level ordered items, with only blank lines between them."""
    runs: list[list[int]] = []
    for k, block in enumerate(blocks):
        ordered = block.kind == "item" and block.marker[0].isdigit()
        if ordered and runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        elif ordered:
            runs.append([k])
    procedures = []
    for run in runs:
        items = [blocks[k] for k in run]
        steps = [_step(n, item, lines, clean, code, comments) for n, item in enumerate(items, 1)]
        before = blocks[run[0] - 1] if run[0] else None
        section = _section_at(sections, items[0].line)
        intro_ok = (
            before is not None
            and before.kind == "paragraph"
            and (section is None or before.line > section.line)
        )
        after = blocks[run[-1] + 1].line if run[-1] + 1 < len(blocks) else len(lines) + 1
        last = items[-1].end_line
        trailing = [c for c in comments if last < c.line < after]
        procedures.append(
            Procedure(
                section,
                items[0].line,
                last,
                list(before.lines) if intro_ok and before else [],
                before.line if intro_ok and before else None,
                steps,
                trailing,
            )
        )
    return procedures


def _step(
    number: int,
    item: Block,
    lines: list[str],
    clean: list[str],
    code: dict[int, CodeBlock],
    comments: list[Comment],
) -> ProcedureStep:
    span = range(item.line - 1, item.end_line)
    raw = _item_text(lines, item)
    # The item's own marker and those of nested lists are layout, not words.
    prose = [re.sub(r"^\s*(?:\d{1,9}[.)]|[-*+])(?:\s+|$)", "", clean[i]) for i in span if i not in code]
    text = " ".join(prose)
    labels = [plain_text(m.group(1) or m.group(2)) for m in _BOLD.finditer(_INLINE_CODE.sub("", text))]
    blocks = list({id(code[i]): code[i] for i in span if i in code}.values())
    inside = [c for c in comments if item.line <= c.line <= item.end_line]
    return ProcedureStep(
        number, item.line, "\n".join(raw), plain_text(text), labels, inside, blocks, item.end_line
    )
