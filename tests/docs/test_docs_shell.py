"""Shell commands in code blocks, checked the way a reader pastes them into Terminal."""

from __future__ import annotations

import pytest

import psso_sim.docs.shell
from psso_sim.docs.shell import check_shell, shell_commands


def messages(code: str) -> list[tuple[int, int, str]]:
    return [(p.offset, p.column, p.message) for p in check_shell(code)]


@pytest.mark.parametrize(
    "code",
    [
        'sudo log config --mode "level:debug" --subsystem com.apple.AppSSO',
        "defaults read com.example 'Key Name'  # it's a comment",
        "app-sso platform -s \\\n  --verbose",
        'echo "a multi-line\nstring" > out.txt',
        "cat <<EOF\nit's a heredoc\nEOF",
        "$ echo 'done'\nit's output, not a command\n$ ls",
        "# don't run this on production",
        "echo \"it's fine\" 'say \"hi\"' it\\'s",
    ],
)
def test_valid_commands_have_no_problems(code: str) -> None:
    assert check_shell(code) == []


def test_stray_closing_quote_after_a_word() -> None:
    ((offset, column, message),) = messages('sudo profiles show --type "enrollment" --output stdout"')
    assert (offset, column) == (0, 55)
    assert message == (
        "the command does not parse: unbalanced \" at column 55: a stray closing quote after 'stdout' "
        'with no opening one; remove it: sudo profiles show --type "enrollment" --output stdout'
    )


def test_quote_never_closed() -> None:
    ((offset, column, message),) = messages("ls\ndefaults write com.example 'Key value")
    assert (offset, column) == (1, 28)
    assert "the quote opened here is never closed" in message
    assert "defaults write com.example 'Key value'" in message


def test_quote_closed_by_the_next_command_is_still_two_errors() -> None:
    found = messages('profiles show enrollment"\ndefaults write com.example "Key value')
    assert [(offset, column) for offset, column, _ in found] == [(0, 25), (1, 28)]


def test_prompt_width_counts_in_the_column() -> None:
    ((offset, column, _),) = messages('$ echo "x\nx')
    assert (offset, column) == (0, 8)


def test_typographic_quotes_and_dashes() -> None:
    found = messages("echo \u201chi\u201d\nsudo log config \u2013-mode debug")
    assert [(offset, column) for offset, column, _ in found] == [(0, 6), (0, 9), (1, 17)]
    assert 'type a straight "' in found[0][2]
    assert "type '--'" in found[2][2]


def test_trailing_backslash_at_end_of_block() -> None:
    ((_, _, message),) = messages("ls \\")
    assert "continues nothing" in message


def test_shell_commands_split_logical_lines() -> None:
    commands = shell_commands("$ first \\\n  --flag\noutput\n$ second")
    assert [(c.offset, c.text, c.prefix) for c in commands] == [(0, "first  --flag", 2), (3, "second", 2)]


def test_all_is_explicit() -> None:
    for name in psso_sim.docs.shell.__all__:
        assert hasattr(psso_sim.docs.shell, name), name
