"""Trace level "logs": a fleet's trace keeps log and step entries and the exchanges that did not succeed."""

import json
from pathlib import Path

import pytest

from psso_sim.actors import Person
from psso_sim.errors import SimError
from psso_sim.trace import Trace
from psso_sim.world import World


def registered(level: str) -> World:
    world = World(seed=3, trace_level=level)
    user = world.add_user()
    person = Person(world, user, world.add_mac(owner=user))
    world.target_platform_sso()
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    return world


def test_level_logs_keeps_logs_and_unsuccessful_exchanges_and_says_so(tmp_path: Path) -> None:
    full, logs = registered("full").trace, registered("logs").trace
    assert logs.entries[0].source == "trace" and "not recorded" in logs.entries[0].message
    assert {e.kind for e in logs.entries} <= {"log", "http"}
    assert [e for e in logs.entries[1:] if e.kind == "log"] == [e for e in full.entries if e.kind == "log"]
    failed = [str(e) for e in full.entries if e.kind == "http" and not e.message.endswith(("-> 200", "-> 201",
                                                                                          "-> 204", "-> 302"))]
    assert failed, "the flow has no unsuccessful exchange to keep: test too small"
    assert [str(e) for e in logs.entries if e.kind == "http"] == failed
    assert len(logs.entries) < len(full.entries) / 2
    header = json.loads(logs.write(tmp_path / "fleet.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["level"] == "logs"
    header = json.loads(full.write(tmp_path / "full.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "level" not in header


def test_an_unknown_trace_level_is_refused_with_the_known_ones() -> None:
    world = World(seed=3)
    with pytest.raises(SimError, match="unknown trace level 'none'") as error:
        Trace(world.clock, "none")
    assert error.value.hint == "one of: full, logs"
