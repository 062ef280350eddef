"""What a command run in Terminal gives back, and the error for what is not simulated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psso_sim.errors import NotModelled, SimError

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["EX_USAGE", "Command", "CommandResult", "NotSimulated"]

EX_USAGE = 64  # sysexits.h: the command was used incorrectly


@dataclass(frozen=True)
class CommandResult:
    exit_code: int
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def output(self) -> str:
        """What the Terminal window shows: standard output, then standard error."""
        return self.stdout + self.stderr


class NotSimulated(SimError, NotModelled):
    """A real command line the simulation does not model: the scenario, not the Mac, is wrong."""

    subsystem = "terminal"


# A program: the Mac, its arguments (without its own name), and whether it runs as root.
Command = Callable[["Mac", Sequence[str], bool], CommandResult]
