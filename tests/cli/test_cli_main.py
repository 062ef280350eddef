from __future__ import annotations

import argparse
import importlib

import pytest

import psso_sim.cli
from psso_sim.cli import COMMANDS, Command, build_parser, main
from psso_sim.errors import SimError

from .support import cli


def test_every_registered_command_is_a_subcommand(capsys):
    assert [c.name for c in COMMANDS][:3] == ["steps", "lint", "run"]
    assert main(["--help"]) == 0
    help_text = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in help_text
    for command in COMMANDS[:3]:  # these take no required argument
        assert build_parser().parse_args([command.name]).handler is command.handler


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["steps", "--format", "pdf"], ["run", "--seed", "abc"],
                                  ["run", "--macos", "12"], ["lint", "--bogus"]])
def test_bad_usage_exits_2_with_argparse_usage(capsys, argv):
    status, _, err = cli(capsys, *argv)
    assert status == 2
    assert err.startswith("usage: psso-sim")


def _failing(status: int | None):
    class Failure(SimError):
        subsystem = "test"

    if status is not None:
        Failure.exit_status = status  # type: ignore[attr-defined]

    def handler(args: argparse.Namespace) -> int:
        raise Failure("it went wrong", hint="do it right")

    return handler


@pytest.mark.parametrize(("exit_status", "expected"), [(None, 1), (2, 2)])
def test_a_sim_error_is_printed_without_traceback(capsys, monkeypatch, exit_status, expected):
    command = Command("fail", "always fails", lambda parser: None, _failing(exit_status))
    monkeypatch.setattr(psso_sim.cli, "COMMANDS", [*COMMANDS, command])
    status, _, err = cli(capsys, "fail")
    assert status == expected
    assert err == "SIM/test: it went wrong\n  hint: do it right\n"


@pytest.mark.parametrize("module", ["psso_sim.cli", "psso_sim.authoring.commands", "psso_sim.authoring.runner",
                                    "psso_sim.authoring.reporter", "psso_sim.authoring.datatable",
                                    "psso_sim.authoring.project", "psso_sim.authoring.tags", "psso_sim.steps.tags",
                                    "psso_sim.steps.data_tables"])
def test_all_names_exist(module):
    mod = importlib.import_module(module)
    assert [name for name in mod.__all__ if not hasattr(mod, name)] == []
