"""A Fault built in Python (not parsed from a spec) is checked as a parsed one is (psso_sim.faults.spec)."""

from __future__ import annotations

import pytest

from psso_sim.faults import Fault
from psso_sim.faults.spec import FaultSpecError


def test_an_unknown_effect_is_refused_with_the_effects_there_are() -> None:
    with pytest.raises(FaultSpecError, match="unknown effect 'explode'") as raised:
        Fault("http", "explode")
    assert raised.value.hint == "one of status, timeout, latency, drop, slow"
    assert raised.value.exit_status == 2


@pytest.mark.parametrize(("target", "effect"), [("http", "latency"), ("mdm", "slow")])
def test_a_delay_needs_its_duration(target: str, effect: str) -> None:
    with pytest.raises(FaultSpecError, match=f"{effect} needs a duration") as raised:
        Fault(target, effect)
    assert raised.value.hint == f"e.g. '{effect} 5s'"
