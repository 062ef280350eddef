"""The rollout: a fleet file with a known mix gives the expected counts per known issue, and each count
rests on the rule behind its issue: take the rule away and the Macs it stopped register.

The expected counts are worked out here from the members' traits alone (which Macs have per-user MFA, a
stricter passcode policy...), the way the documents say each issue arises; the rollout reads them from the
modelled system instead. The two must agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from rule_breaking import assert_rule_broke, make_project, run_selected

from psso_sim.fleet import FleetResult, Population, load_population, run_fleet
from psso_sim.fleet.outcomes import (
    PASSWORD_NOT_SYNCED,
    REGISTERED,
    STUCK_IN_ENROLLMENT,
    STUCK_IN_REGISTRATION,
    WORKPLACE_JOIN_KEPT,
)

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "fleet.toml"
FEATURE = ROOT / "features" / "fleet" / "rollout.feature"

MFA = "Per user MFA causes password sync failure"
PASSCODE = "Passcode policy complexity mismatches"
JOIN = "No error message if user has insufficient permissions"
PAYLOAD = "10001: misconfiguration in the SSOe payload"


def expected(population: Population) -> Counter[tuple[str, str | None]]:
    """What the documents predict for each Mac, from its traits (first cause wins)."""
    counts: Counter[tuple[str, str | None]] = Counter()
    for i in population.indices:
        m = population.member(i)
        syncs_password = m.authentication_method == "Password"  # Secure Enclave and Smart card do not
        if m.authentication_method == "Smart card" and m.macos == 13:  # Smart card: macOS 14 and later
            counts[(STUCK_IN_ENROLLMENT, PAYLOAD)] += 1
        elif not m.may_join:
            counts[(STUCK_IN_REGISTRATION, JOIN)] += 1
        elif syncs_password and m.per_user_mfa:
            counts[(PASSWORD_NOT_SYNCED, MFA)] += 1
        elif syncs_password and m.passcode_policy == "strict":
            counts[(PASSWORD_NOT_SYNCED, PASSCODE)] += 1
        else:
            counts[(REGISTERED, None)] += 1
    return counts


@pytest.fixture(scope="module")
def example() -> tuple[Population, FleetResult]:
    population = load_population(EXAMPLE)
    return population, run_fleet(population)


def test_the_example_fleet_gives_the_expected_counts_per_known_issue(example: tuple[Population, FleetResult]) -> None:
    population, result = example
    assert len(result.outcomes) == 50
    assert Counter(result.counts()) == expected(population)
    # The feature asserts the same numbers for the same mix.
    found = {issue: result.because_of(issue) for issue in (MFA, PASSCODE, JOIN, PAYLOAD)}
    assert found == {MFA: 3, PASSCODE: 2, JOIN: 5, PAYLOAD: 1}


def test_each_outcome_is_the_mac_s_own(example: tuple[Population, FleetResult]) -> None:
    population, result = example
    assert [o.index for o in result.outcomes] == list(range(50))
    assert len({o.mac for o in result.outcomes}) == len({o.user for o in result.outcomes}) == 50
    for outcome in result.outcomes:
        member = population.member(outcome.index)
        assert (outcome.macos, outcome.authentication_method) == (member.macos, member.authentication_method)
        # One person at a time: a user who arrives while the one before is still at it starts after them.
        assert population.start + member.arrival <= outcome.arrived <= outcome.settled
        assert outcome.settled - outcome.arrived < timedelta(minutes=30), outcome
        assert (outcome.known_issue is None) == (outcome.end_state == REGISTERED), outcome
        # The plug-in's key goes with a registration only (the user registered it after enrolling).
        kept = member.legacy_workplace_join and outcome.end_state == STUCK_IN_REGISTRATION
        assert (WORKPLACE_JOIN_KEPT in outcome.detail) == kept, outcome
    assert sum(population.member(i).legacy_workplace_join for i in range(50)) == 5
    assert result.simulated_span > max(o.settled for o in result.outcomes) - population.start


def test_a_rollout_is_the_same_each_time() -> None:
    population = Population(seed=2, macs=8, rollout_days=2, per_user_mfa=0.25, join_permission=0.75)
    first, again = run_fleet(population), run_fleet(population)
    assert first.outcomes == again.outcomes


def test_a_stuck_mac_does_not_stop_the_fleet_and_progress_is_reported() -> None:
    """Smart card on macOS 13: Intune holds the policy back, the user waits for a Register that never comes."""
    population = Population(seed=1, macs=3, rollout_days=1, macos={13: 1.0}, authentication_methods={"Smart card": 1.0})
    seen: list[tuple[int, int]] = []
    result = run_fleet(population, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert result.counts() == {(STUCK_IN_ENROLLMENT, PAYLOAD): 3}
    assert all("10001" in o.detail for o in result.outcomes)


def test_the_2023_product_rolls_out_too() -> None:
    population = Population(seed=3, macs=4, rollout_days=1, product="2023-11", macos={13: 0.5, 14: 0.5},
                            per_user_mfa=0.25)
    result = run_fleet(population)
    assert Counter(result.counts()) == expected(population)


def test_a_window_of_the_fleet_runs_only_its_macs() -> None:
    population = Population(seed=2, macs=10, rollout_days=1)
    result = run_fleet(population, first=4, count=3)
    assert [o.index for o in result.outcomes] == [4, 5, 6] and list(result.population.indices) == [4, 5, 6]


BREAKS = {
    "per-user MFA is ignored": (MFA, """
        from psso_sim.entra.directory import Directory
        create_user = Directory.create_user
        def without_per_user_mfa(self, *args, **kwargs):
            kwargs["per_user_mfa"] = False
            return create_user(self, *args, **kwargs)
        monkeypatch.setattr(Directory, "create_user", without_per_user_mfa)
        """),
    "a user not allowed to join devices may join": (JOIN, """
        from psso_sim.entra.models import DeviceRegistrationPolicy
        monkeypatch.setattr(DeviceRegistrationPolicy, "may_join", lambda self, user: True)
        """),
    "the local password policy allows any password": (PASSCODE, """
        from psso_sim.macos.password_policy import LocalPasswordPolicy
        monkeypatch.setattr(LocalPasswordPolicy, "violations", lambda self, password: [])
        """),
}


@pytest.mark.parametrize("name", BREAKS)
def test_without_the_rule_the_macs_it_stopped_register(
    monkeypatch: pytest.MonkeyPatch, example: tuple[Population, FleetResult], name: str
) -> None:
    issue, patch = BREAKS[name]
    exec(compile(_dedent(patch), name, "exec"), {"monkeypatch": monkeypatch})  # the same patch as the feature's
    population, before = example
    after = run_fleet(population)
    stopped = before.because_of(issue)
    assert stopped > 0 and after.because_of(issue) == 0, after.counts()
    assert after.stuck(REGISTERED) == before.stuck(REGISTERED) + stopped, after.counts()


def test_without_per_user_mfa_the_fleet_feature_turns_red(pytester: pytest.Pytester) -> None:
    module = make_project(pytester, [FEATURE], _dedent(BREAKS["per-user MFA is ignored"][1]), module="test_fleet")
    outcomes, output = run_selected(pytester, module.removesuffix(".py"))
    assert_rule_broke(outcomes, output, "per-user MFA is ignored", 1)
    assert "0 Macs are stuck because of 'Per user MFA causes password sync failure', not 3" in output


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip() + "\n"


def test_a_population_slice_keeps_the_fleet_s_traits() -> None:
    population = load_population(EXAMPLE)
    part = replace(population.slice(10, 5))
    assert [part.member(i) for i in part.indices] == [population.member(i) for i in range(10, 15)]
