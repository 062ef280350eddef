"""What the CLI's output may use on the stream it goes to: colour, check marks, non-ASCII text.

* Colour (ANSI codes) only on a terminal; never when ``NO_COLOR`` is set to anything non-empty
  (https://no-color.org), when ``TERM=dumb``, or when piped; ``FORCE_COLOR`` (non-empty) forces it
  on a pipe. ``NO_COLOR`` wins over ``FORCE_COLOR``, as in pytest.
* Marks such as ✓ and ✗ only when the stream's encoding can print them; else ASCII.
* :func:`tolerant_output`: a stream whose encoding cannot print some character (``PYTHONIOENCODING=ascii``,
  a cp1252 console) prints a close ASCII stand-in or ``?`` instead of raising UnicodeEncodeError.
* :func:`stdin_text`: ``-`` as a path reads standard input; empty input is a usage error.
"""

from __future__ import annotations

import argparse
import codecs
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from psso_sim.errors import SimError

__all__ = [
    "PLAIN",
    "STDIN",
    "STDIN_NAME",
    "Console",
    "EmptyInput",
    "can_encode",
    "colour_wanted",
    "output_path",
    "stdin_as_file",
    "stdin_text",
    "tolerant_output",
]

STDIN = "-"
STDIN_NAME = "<stdin>"
"""How input read from standard input is named in messages."""

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35", "cyan": "36"}

# Stand-ins for the non-ASCII characters the output uses; anything else becomes "?".
_ASCII = {"✓": "+", "✗": "x", "→": "->", "—": "--", "\u2013": "-", "…": "...", "·": "*", "⇅": "<>", "⊘": "NA",
          "\u2018": "'", "\u2019": "'", "“": '"', "”": '"', "•": "*", "\u00d7": "x", "\u00a0": " "}
_ERRORS = "psso-sim-ascii"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_ASCII.get(char, "?") for char in text), error.end


codecs.register_error(_ERRORS, _stand_in)


def can_encode(stream: TextIO, text: str) -> bool:
    """Whether ``stream`` can print ``text`` (a stream with no encoding is taken as ASCII)."""
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def colour_wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@dataclass(frozen=True)
class Console:
    """How to write to one stream: with colour or not, with Unicode marks or ASCII ones."""

    colour: bool = False
    unicode: bool = True

    @classmethod
    def of(cls, stream: TextIO) -> Console:
        return cls(colour=colour_wanted(stream), unicode=can_encode(stream, "✓✗→"))

    def paint(self, text: str, *styles: str) -> str:
        """``text`` in ``styles`` (names of :data:`_CODES`); unchanged without colour or styles."""
        if not self.colour or not styles or not text:
            return text
        return f"\x1b[{';'.join(_CODES[s] for s in styles)}m{text}\x1b[0m"

    def text(self, fancy: str, ascii_: str) -> str:
        """``fancy`` when the stream can print it, else ``ascii_``."""
        return fancy if self.unicode else ascii_


PLAIN = Console()
"""No colour, Unicode marks: what the renderers use when not told about a stream."""


@contextmanager
def tolerant_output(*streams: TextIO) -> Iterator[None]:
    """Let ``streams`` print any text: characters their encoding lacks get ASCII stand-ins.

    Only streams that need it are changed (UTF-8 ones are left alone), and only while the
    command runs, so that a caller's own streams are as they were afterwards.
    """
    changed: list[tuple[io.TextIOWrapper[Any], str]] = []
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper) and not can_encode(stream, "".join(_ASCII)):
            changed.append((stream, stream.errors or "strict"))
            stream.reconfigure(errors=_ERRORS)
    try:
        yield
    finally:
        for stream, errors in changed:
            stream.flush()
            stream.reconfigure(errors=errors)


class EmptyInput(SimError):
    """``-`` was given but standard input had nothing (or no text) to read."""

    exit_status = 2  # a usage error


def stdin_text(subsystem: str, what: str) -> str:
    """All of standard input as text (UTF-8, a BOM allowed); :class:`EmptyInput` if there is none.

    ``what`` names what was expected, for the message (e.g. "a feature file").
    """
    stream = sys.stdin
    if stream is None:
        raise EmptyInput(f"'-' reads {what} from standard input, but there is none", subsystem=subsystem)
    buffer = getattr(stream, "buffer", None)
    try:
        text = buffer.read().decode("utf-8-sig") if buffer is not None else stream.read()
    except UnicodeDecodeError as error:
        raise EmptyInput(f"standard input is not UTF-8 text: {error}", subsystem=subsystem,
                         hint=f"pipe {what} in UTF-8") from None
    except OSError as error:  # e.g. a closed or unreadable standard input
        raise EmptyInput(f"cannot read standard input: {error}", subsystem=subsystem) from None
    if not text.strip():
        raise EmptyInput(f"standard input is empty: '-' reads {what} from it", subsystem=subsystem,
                         hint=f"pipe {what} in, or give its path instead of '-'")
    return text


@contextmanager
def stdin_as_file(
    paths: Sequence[Path], *, suffix: str, subsystem: str, what: str
) -> Iterator[tuple[list[Path], Path | None]]:
    """``paths`` with ``-`` replaced by a temporary file holding standard input, and that file.

    For commands that read files by path (pytest-bdd binds features by path); the file is named
    ``stdin`` + ``suffix`` in a fresh temporary directory and removed afterwards. Without ``-``,
    the paths are given back as they are and standard input is not read.
    """
    if not any(str(path) == STDIN for path in paths):
        yield list(paths), None
        return
    text = stdin_text(subsystem, what)
    with tempfile.TemporaryDirectory(prefix="psso-sim-") as directory:
        file = Path(directory) / f"stdin{suffix}"
        file.write_text(text, encoding="utf-8")
        yield [file if str(path) == STDIN else path for path in paths], file


def output_path(text: str) -> Path:
    """An argparse ``type`` for a file to write (``--html``, ``--json``, ...): an empty path is a usage error,
    not a silent "no file"."""
    if not text.strip():
        raise argparse.ArgumentTypeError(str(SimError(
            "the path is empty, so there is no file to write", subsystem="cli",
            hint="give a file name, e.g. --html report.html, or leave the option out")))
    return Path(text)


def write_report(path: Path, text: str, error: type[SimError]) -> None:
    """Write a report file (UTF-8); an OS refusal becomes ``error``, saying which file and why."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as refusal:
        raise error(f"cannot write {path}: {refusal.strerror or refusal}",
                    hint="name a file in a folder that exists and can be written") from None
