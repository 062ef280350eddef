"""Static checks of shell commands shown in documentation code blocks.

A doc writer copies a command from Word or a chat into a ```console block; what breaks is
quoting (a stray or missing quote, a typographic quote) and typographic dashes. Each command
is checked on its own logical line with ``shlex`` (POSIX mode), the way a reader pastes it
into Terminal; a small scanner then says where the quote is and what would be right.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

__all__ = ["SHELL_LANGS", "ShellCommand", "ShellProblem", "check_shell", "shell_commands"]

# Fence languages whose body is typed into a POSIX shell.
SHELL_LANGS = frozenset({"console", "bash", "sh", "shell", "zsh", "terminal"})

# "$ cmd" and "% cmd" (zsh) are prompts, not part of the command.
_PROMPT = re.compile(r"^(?P<prompt>[$%] ?)")
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>\w+)\1")
_TYPO_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"}
_TYPO_DASH = re.compile(r"(?:^|\s)(?P<dash>[\u2013\u2014\u2212]{1,2})(?=[-\w])")


@dataclass(frozen=True)
class ShellCommand:
    """One logical command: ``offset`` is its first line within the block (0-based)."""

    offset: int
    text: str
    prefix: int  # width of the stripped prompt, so columns match what the reader sees


@dataclass(frozen=True)
class ShellProblem:
    offset: int  # line within the block, 0-based
    column: int  # 1-based, in the line as shown in the block
    message: str


def shell_commands(code: str) -> list[ShellCommand]:
    """Split a block into logical commands: prompts stripped, output and heredoc bodies skipped."""
    lines = code.split("\n")
    prompted = any(_PROMPT.match(line) for line in lines)
    commands: list[ShellCommand] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _PROMPT.match(line)
        if prompted and not match:
            i += 1  # console output between prompted commands
            continue
        prefix = len(match.group("prompt")) if match else 0
        start, text = i, line[prefix:]
        # A trailing backslash continues the command on the next line.
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text = text[:-1] + " " + lines[i].strip()
        i += 1
        if _scan(text) is not None and not text.endswith("\\"):
            end = _string_end(text, lines, i)
            if end is not None:
                text, i = "\n".join([text, *lines[i : end + 1]]), end + 1
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        heredoc = _HEREDOC.search(text)
        if heredoc:
            while i < len(lines) and lines[i].strip() != heredoc.group("word"):
                i += 1
            i += 1
        commands.append(ShellCommand(start, text, prefix))
    return commands


def _string_end(text: str, lines: list[str], start: int) -> int | None:
    """The line that closes a quoted argument left open in ``text``, if it spans lines plausibly.

    A real multi-line string opens at the start of a word and closes before the end of the
    command (or a ``;``, ``|``, ``>``...); a quote glued to the end of a word, or one "closed"
    by a quote that opens the next command's argument, is a typo and must stay an error.
    """
    found = _scan(text)
    if found is None or found[1] == "\\" or (found[0] > 0 and not text[found[0] - 1].isspace()):
        return None
    for end in range(start, len(lines)):
        joined = "\n".join([text, *lines[start : end + 1]])
        if _scan(joined) is None:
            closing = lines[end].rfind(found[1])
            rest = lines[end][closing + 1 :].strip() if closing != -1 else ""
            return end if not rest or rest[0] in ";|&<>)" else None
    return None


def _scan(text: str) -> tuple[int, str] | None:
    """Where the first unterminated quote (or a dangling backslash) starts, as (index, char)."""
    state = ""  # "" outside quotes, else the open quote char
    start = -1
    i = 0
    while i < len(text):
        char = text[i]
        if state == "'":
            if char == "'":
                state = ""
        elif state == '"':
            if char == "\\":
                i += 1
            elif char == '"':
                state = ""
        elif char == "\\":
            if i + 1 == len(text):
                return i, "\\"
            i += 1
        elif char == "#" and (i == 0 or text[i - 1].isspace()):
            return None  # the rest is a comment, where quotes do not count
        elif char in "'\"":
            state, start = char, i
        i += 1
    return (start, state) if state else None


def _parses(text: str) -> bool:
    try:
        shlex.split(text, comments=True, posix=True)
    except ValueError:
        return False
    return True


def _quote_problem(command: ShellCommand) -> str | None:
    text = command.text
    found = _scan(text)
    if found is None or _parses(text):
        return None
    index, char = found
    column = index + 1 + command.prefix
    if char == "\\":
        return f"the line ends with a '\\' that continues nothing at column {column}"
    before = text[:index].rsplit(maxsplit=1)[-1] if text[:index].strip() else ""
    after = text[index + 1 :]
    removed = text[:index] + after
    if not after.strip() and before and not text[index - 1].isspace() and _parses(removed):
        return (
            f"unbalanced {char} at column {column}: a stray closing quote after '{before}' "
            f"with no opening one; remove it: {removed.strip()}"
        )
    closed = text.rstrip() + char
    if _parses(closed):
        return (
            f"unbalanced {char} at column {column}: the quote opened here is never closed; "
            f"close it where the argument ends, e.g. {closed.strip()}"
        )
    return f"unbalanced {char} at column {column}: the quote opened here is never closed"


def check_shell(code: str) -> list[ShellProblem]:
    """Problems a reader would hit pasting each command of ``code`` into a POSIX shell."""
    problems: list[ShellProblem] = []
    for command in shell_commands(code):
        for index, char in enumerate(command.text):
            if char in _TYPO_QUOTES:
                problems.append(
                    ShellProblem(
                        command.offset,
                        index + 1 + command.prefix,
                        f"typographic quote {char} at column {index + 1 + command.prefix}: the shell "
                        f"takes it literally; type a straight {_TYPO_QUOTES[char]}",
                    )
                )
        for match in _TYPO_DASH.finditer(command.text):
            column = match.start("dash") + 1 + command.prefix
            problems.append(
                ShellProblem(
                    command.offset,
                    column,
                    f"typographic dash {match.group('dash')} at column {column} before an option: "
                    "the shell passes it literally; type '--' (or '-')",
                )
            )
        if any(char in _TYPO_QUOTES for char in command.text):
            continue  # a curly quote usually pairs with a straight one; one message is enough
        message = _quote_problem(command)
        if message is not None:
            found = _scan(command.text)
            column = (found[0] if found else 0) + 1 + command.prefix
            problems.append(ShellProblem(command.offset, column, f"the command does not parse: {message}"))
    return problems
