"""Parse a Microsoft Learn-style markdown page into a small, line-numbered model.

CommonMark (with GFM tables) is parsed by markdown-it-py, whose source line maps give every element
its 1-based line, so that a finding can point the writer at the exact place; the Learn extensions
(tab groups, alerts, ``:::`` directives) are in ``psso_sim.docs.learn_markdown``.

HTML comments are kept in ``Document.comments`` and blanked (line count kept) from the text markdown-it
reads, so a ``<!--TODO-->`` never reads as prose. A procedure is a numbered list, or a bulleted list
whose every item is an instruction ("- Open **Settings**"): a writer may bullet steps.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from psso_sim.docs import learn_markdown
from psso_sim.docs.learn_markdown import HeadingText
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
from psso_sim.docs.tables import tables_in

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


class _Markdown(MarkdownIt):
    """CommonMark with GFM tables; link targets kept as written (no percent-encoding, no scheme filter):
    findings compare them with files and anchors, and report a bad one rather than drop it."""

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link

    def validateLink(self, url: str) -> bool:
        return True


_MD = _Markdown("commonmark").enable("table")

_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>\d{1,9}[.)]|[-*+])(?P<space>[ \t]*)")
# A step numbered in a plain paragraph: "1.Open" (no space: not a list for CommonMark), or "2. Open" on a
# line that continues a paragraph (only a list starting at 1 may interrupt one).
_NUMBERED = re.compile(r"^ {0,3}(?P<marker>\d{1,9}[.)])(?=\s|[A-Za-z*_`\[])")
_CLOSING_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})[ \t]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# A bulleted step starts with what the reader does; other bullets (prerequisites, facts) are not steps.
_INSTRUCTION = re.compile(
    r"^(?:open|select|navigate|go to|enter|run|sign in|sign out|choose|click|tap|launch|hover|return to|"
    r"type|wait|restart|install|enable|turn on|turn off|browse to|expand)\b",
    re.IGNORECASE,
)
# A numbered item that is only a name ("Secure Enclave (Recommended).", "Smart card"): a list of options.
_OPTION = re.compile(r"^(?:[A-Z][\w&+-]*)(?: [A-Za-z][\w&+-]*){0,3}(?: \([^)]{1,30}\))?\.?$")
_VERB = re.compile(r"^(?:\w+ )?(?:appears?|opens?|is|are|shows?|see|sign|check|confirm|wait|restart|reboot|"
                   r"log|quit|close|click|tap|press|type|unlock|approve|verify|repeat|deregister|unregister)\b",
                   re.IGNORECASE)
_BLOCK_KINDS: dict[str, BlockKind] = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "blockquote_open": "quote",
    "fence": "code",
    "code_block": "code",
    "hr": "rule",
    "table_open": "table",
    "html_block": "html",
}


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _inline_text(children: Sequence[Token] | None, labels: list[str] | None = None) -> str:
    """The words a reader sees in an inline token's children; **bold** spans appended to ``labels``."""
    out: list[str] = []
    bold: list[list[str]] = []
    for child in children or []:
        if child.type in ("text", "text_special", "code_inline"):
            piece = child.content.strip() if child.type == "code_inline" else child.content
        elif child.type in ("softbreak", "hardbreak", "html_inline"):
            piece = " "  # an image's alt text is not read: it is kept in Document.links
        else:
            if child.type == "strong_open":
                bold.append([])
            elif child.type == "strong_close" and bold:
                words = " ".join("".join(bold.pop()).split())
                if labels is not None:
                    labels.append(words)
                if bold:
                    bold[-1].append(words)
            continue
        out.append(piece)
        for span in bold[-1:]:
            span.append(piece)
    return " ".join("".join(out).split())


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, on one line."""
    text = re.sub(r"<!--.*?(-->|$)", " ", markdown, flags=re.DOTALL)
    tokens = _MD.parseInline(text)
    return _inline_text(tokens[0].children if tokens else None)


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


def _code_blocks(lines: list[str], tokens: list[Token]) -> tuple[list[CodeBlock], dict[int, CodeBlock]]:
    """Fenced blocks (in lists and quotes too) and, for each 0-based line index inside one, the block."""
    blocks: list[CodeBlock] = []
    owner: dict[int, CodeBlock] = {}
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        first, stop = token.map
        closing = _CLOSING_FENCE.match(lines[stop - 1]) if stop - 1 > first else None
        closed = bool(closing and closing.group("fence")[0] == token.markup[0]
                      and len(closing.group("fence")) >= len(token.markup))
        info = token.info.split()
        text = token.content[:-1] if token.content.endswith("\n") else token.content
        opening = lines[first].expandtabs(4)
        indent = len(opening) - len(opening.lstrip(" "))
        block = CodeBlock(first + 1, info[0].lower() if info else "", text, stop, indent, closed)
        blocks.append(block)
        owner.update(dict.fromkeys(range(first, stop), block))
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


def _last_line(clean: list[str], first: int, stop: int) -> int:
    """0-based last non-blank line of ``first..stop`` (markdown-it maps include trailing blank lines)."""
    last = stop - 1
    while last > first and not clean[last].strip():
        last -= 1
    return last


class _Parsed:
    """markdown-it's tokens read into top-level blocks, list items and headings."""

    def __init__(self, tokens: list[Token], clean: list[str], directives: set[int]) -> None:
        self.tokens = tokens
        self.blocks: list[Block] = []
        self.items: dict[int, tuple[int, int] | str] = {}  # item line -> its token range, or its markdown
        self.lists: list[list[int]] = []  # the item lines of each top-level list
        self.headings: dict[int, HeadingText] = {}
        self._run: list[int] | None = None  # the numbered paragraphs' steps being read
        spans: list[tuple[int, int]] = []
        k = 0
        while k < len(tokens):
            token = tokens[k]
            if token.level == 0 and token.map is not None:
                if token.type in ("bullet_list_open", "ordered_list_open"):
                    k = self._list(k, clean)
                    spans.append((token.map[0], token.map[1]))
                    self._run = None
                    continue
                kind = _BLOCK_KINDS.get(token.type)
                if kind == "paragraph" and self._numbered(token, clean):
                    spans.append((token.map[0], token.map[1]))
                elif kind is not None:
                    self._add(kind, token, clean)
                    spans.append((token.map[0], token.map[1]))
                    self._run = None
            k += 1
        # A directive outside every block is a block of its own; inside a list item it is the item's.
        for i in sorted(directives):
            if not any(a <= i < b for a, b in spans):
                self.blocks.append(Block("directive", i + 1, i + 1, [clean[i]]))
        self.blocks.sort(key=lambda block: block.line)

    def _add(self, kind: BlockKind, token: Token, clean: list[str], marker: str = "") -> None:
        assert token.map is not None
        first = token.map[0]
        last = _last_line(clean, first, token.map[1])
        if kind == "heading":
            marker = "#" * int(token.tag[1])
            source = self.tokens[self.tokens.index(token) + 1].content
            title = plain_text(source)
            self.headings[first + 1] = HeadingText(source, title, anchor_for(source))
        self.blocks.append(Block(kind, first + 1, last + 1, clean[first : last + 1], marker))

    def _numbered(self, token: Token, clean: list[str]) -> bool:
        """Read a paragraph with numbered lines as an intro paragraph and steps; False if it has none."""
        assert token.map is not None
        first, last = token.map[0], _last_line(clean, token.map[0], token.map[1])
        starts = [i for i in range(first, last + 1) if _NUMBERED.match(clean[i])]
        if not starts:
            return False
        if starts[0] > first:
            self.blocks.append(Block("paragraph", first + 1, starts[0], clean[first : starts[0]]))
            self._run = None
        if self._run is None:
            self._run = []
            self.lists.append(self._run)
        for begin, stop in zip(starts, [*starts[1:], last + 1], strict=True):
            marker = _NUMBERED.match(clean[begin])
            assert marker is not None
            source = [clean[begin][marker.end() :], *clean[begin + 1 : stop]]
            self.blocks.append(Block("item", begin + 1, stop, clean[begin:stop], marker.group("marker")))
            self.items[begin + 1] = "\n".join(line.strip() for line in source)
            self._run.append(begin + 1)
        return True

    def _list(self, k: int, clean: list[str]) -> int:
        """Read the list opening at token ``k``; returns the index after its closing token."""
        close = k + 1
        items: list[int] = []
        while self.tokens[close].level > 0 or not self.tokens[close].type.endswith("_list_close"):
            token = self.tokens[close]
            if token.type == "list_item_open" and token.level == 1 and token.map is not None:
                marker = token.info + token.markup if token.info else token.markup
                self._add("item", token, clean, marker)
                end = close + 1
                while not (self.tokens[end].type == "list_item_close" and self.tokens[end].level == 1):
                    end += 1
                self.items[token.map[0] + 1] = (close, end)
                items.append(token.map[0] + 1)
            close += 1
        self.lists.append(items)
        return close + 1


def parse_document(text: str, *, path: str = "<string>") -> Document:
    """Parse ``text``; never fails on odd markdown (findings report what is wrong)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, span, start = _front_matter(lines)
    body = ["" if i < start else line for i, line in enumerate(lines)]
    code_blocks, code = _code_blocks(lines, _MD.parse("\n".join(body)))
    comments, clean = _comments(lines, code, start)
    directives = learn_markdown.directive_lines(clean, set(code))
    readable = ["" if i in directives else line for i, line in enumerate(clean)]
    parsed = _Parsed(_MD.parse("\n".join(readable)), clean, directives)
    sections, groups = learn_markdown.sections(parsed.blocks, parsed.headings, len(lines))
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
        procedures=_procedures(parsed, sections, lines, code, comments),
        code_blocks=code_blocks,
        notes=_notes(parsed.tokens, clean),
        links=_links(parsed.tokens),
        comments=comments,
        blocks=parsed.blocks,
    )


def load_document(path: str | Path) -> Document:
    """Read and parse a markdown file (UTF-8, a BOM allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise DocumentError(f"cannot read '{path}': {reason}", hint="pass a UTF-8 markdown file") from None
    return parse_document(text, path=str(path))


def _notes(tokens: list[Token], clean: list[str]) -> list[Note]:
    """Alerts at any depth: a quote opening with ``[!KIND]``, or a rendered "Note" line and its text."""
    notes = []
    for k, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.map is None:
            continue
        kind = learn_markdown.alert_kind(tokens[k + 1].content.split("\n")[0])
        if kind is None:
            continue
        opener = tokens[k - 1] if k > 0 else None
        if opener is not None and opener.type == "blockquote_open":
            # The rest of the quote, "> " removed: the alert's text as written.
            stop = opener.map[1] if opener.map is not None else token.map[1]
            body = [re.sub(r"^\s*>\s?", "", line) for line in clean[token.map[0] + 1 : stop]]
            notes.append(Note(kind, token.map[0] + 1, "\n".join(body).strip()))
        elif tokens[k + 1].content.strip().upper() == kind:  # not an unquoted "[!NOTE]"
            # A rendered page: the alert's word alone, then its text in the next paragraph.
            at = next((j for j in range(k + 3, len(tokens)) if tokens[j].type == "paragraph_open"), None)
            text = ""
            span = tokens[at].map if at is not None else None
            if at is not None and span is not None and tokens[at].level == token.level:
                first, stop = span
                after = tokens[at + 3] if at + 3 < len(tokens) else None
                if after is not None and after.type.endswith("_list_open") and after.map is not None:
                    stop = after.map[1]  # "... before you can interact with it:" and its list
                text = "\n".join(line.strip() for line in clean[first:stop] if line.strip())
            notes.append(Note(kind, token.map[0] + 1, text))
    return notes


def _links(tokens: list[Token]) -> list[Link]:
    links: list[Link] = []
    for k, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        if k and tokens[k - 1].type == "heading_open" and learn_markdown.is_tab_heading(token.content):
            continue  # a tab heading defines a tab; it is not a link
        line = token.map[0] + 1
        children = token.children or []
        for c, child in enumerate(children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                target = str(child.attrs.get("src", ""))
                links.append(Link(line, _inline_text(child.children), target, _link_kind(target), True))
            elif child.type == "link_open" and child.markup != "autolink":
                depth, end = 1, c + 1
                while end < len(children) and depth:
                    depth += {"link_open": 1, "link_close": -1}.get(children[end].type, 0)
                    end += 1
                target = str(child.attrs.get("href", ""))
                links.append(Link(line, _inline_text(children[c + 1 : end - 1]), target, _link_kind(target)))
    return links


def _is_procedure(parsed: _Parsed, items: list[int]) -> bool:
    first = parsed.items[items[0]]
    words = [_step_words(parsed, line)[0] for line in items]
    if isinstance(first, str) or parsed.tokens[first[0]].info:  # numbered
        # "1. Secure Enclave (Recommended)." and "2. Smart card." name options: no step says what to do
        return len(words) < 2 or not all(_OPTION.match(text) and not _INSTRUCTION.match(text)
                                         and not _VERB.match(text) for text in words)
    return all(_INSTRUCTION.match(text) for text in words)


def _step_words(parsed: _Parsed, line: int) -> tuple[str, list[str]]:
    """The item's plain words (nested lists included, code and images out) and its **bold** labels."""
    item = parsed.items[line]
    labels: list[str] = []
    inline = _MD.parseInline(item) if isinstance(item, str) else parsed.tokens[item[0] : item[1]]
    words = [_inline_text(t.children, labels) for t in inline if t.type == "inline"]
    return " ".join(w for w in words if w), labels


def _procedures(
    parsed: _Parsed,
    sections: list[Section],
    lines: list[str],
    code: dict[int, CodeBlock],
    comments: list[Comment],
) -> list[Procedure]:
    by_line = {block.line: k for k, block in enumerate(parsed.blocks)}
    procedures = []
    for run in parsed.lists:
        if not _is_procedure(parsed, run):
            continue
        items = [parsed.blocks[by_line[line]] for line in run]
        steps = [_step(n, item, parsed, lines, code, comments) for n, item in enumerate(items, 1)]
        at = by_line[run[0]]
        before = parsed.blocks[at - 1] if at else None
        section = _section_at(sections, items[0].line)
        intro_ok = (
            before is not None
            and before.kind == "paragraph"
            and (section is None or before.line > section.line)
        )
        after_at = by_line[run[-1]] + 1
        after = parsed.blocks[after_at].line if after_at < len(parsed.blocks) else len(lines) + 1
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


def _step(
    number: int,
    item: Block,
    parsed: _Parsed,
    lines: list[str],
    code: dict[int, CodeBlock],
    comments: list[Comment],
) -> ProcedureStep:
    span = range(item.line - 1, item.end_line)
    plain, labels = _step_words(parsed, item.line)
    blocks = list({id(code[i]): code[i] for i in span if i in code}.values())
    inside = [c for c in comments if item.line <= c.line <= item.end_line]
    raw = "\n".join(_item_text(lines, item))
    span_tokens = parsed.items[item.line]
    tables = () if isinstance(span_tokens, str) else tables_in(parsed.tokens[span_tokens[0] : span_tokens[1]])
    return ProcedureStep(number, item.line, raw, plain, labels, inside, blocks, item.end_line, tables)
