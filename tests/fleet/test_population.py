"""A population: exact shares, traits from (seed, Mac number) only, working-day arrivals, clear errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psso_sim.fleet.population import WORKING_HOURS, Population, PopulationError, load_population

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "fleet.toml"
FEATURE = ROOT / "features" / "fleet" / "rollout.feature"

MIX = Population(seed=5, macs=50, macos={13: 0.2, 14: 0.5, 15: 0.3},
                 authentication_methods={"Secure Enclave": 0.3, "Smart card": 0.1}, per_user_mfa=0.1,
                 passcode_policies={"strict": 0.1}, join_permission=0.9, legacy_workplace_join=0.1)


def _members(population: Population) -> list[object]:
    return [population.member(i) for i in range(population.macs)]


def test_each_share_is_dealt_exactly() -> None:
    members = [MIX.member(i) for i in range(50)]
    assert Counter(m.macos for m in members) == {13: 10, 14: 25, 15: 15}
    assert Counter(m.authentication_method for m in members) == {"Password": 30, "Secure Enclave": 15,
                                                                 "Smart card": 5}
    assert sum(m.per_user_mfa for m in members) == 5
    assert Counter(m.passcode_policy for m in members) == {"none": 45, "strict": 5}
    assert sum(not m.may_join for m in members) == 5
    assert sum(m.legacy_workplace_join for m in members) == 5


def test_rounded_shares_still_add_up_to_the_fleet() -> None:
    thirds = Population(macs=10, macos={13: 1 / 3, 14: 1 / 3, 15: 1 / 3})
    assert sorted(Counter(m.macos for m in (thirds.member(i) for i in range(10))).values()) == [3, 3, 4]


def test_traits_depend_on_the_seed_and_the_mac_number_only() -> None:
    assert _members(MIX) == _members(replace(MIX))
    assert _members(MIX) != _members(replace(MIX, seed=6))
    shard = MIX.slice(20, 10)
    assert list(shard.indices) == list(range(20, 30))
    assert [shard.member(i) for i in shard.indices] == [MIX.member(i) for i in range(20, 30)]


def test_users_arrive_on_weekdays_in_working_hours_within_the_rollout() -> None:
    friday_noon = datetime(2023, 11, 10, 12, 0, tzinfo=UTC)
    population = replace(MIX, macs=200, rollout_days=3, start=friday_noon)
    arrivals = [population.start + population.member(i).arrival for i in range(200)]
    assert all(at.weekday() < 5 for at in arrivals)
    assert all(WORKING_HOURS[0] <= at.time() < WORKING_HOURS[1] or at == friday_noon for at in arrivals)
    assert {at.date().isoformat() for at in arrivals} == {"2023-11-10", "2023-11-13", "2023-11-14"}
    assert min(arrivals) == friday_noon  # the morning before the start is clamped to it
    assert max(arrivals) - min(arrivals) < timedelta(days=5)
    assert time(9) <= min(a.time() for a in arrivals if a.date() != friday_noon.date())


def test_the_example_file_and_the_feature_table_are_one_population() -> None:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in FEATURE.read_text(encoding="utf-8").splitlines() if line.strip().startswith("|")]
    table = Population.from_rows(rows, "rollout.feature", defaults={"macs": 50})
    from_file = load_population(EXAMPLE)
    assert from_file.name == "Contoso Labs rollout"
    assert _members(table) == _members(from_file)


def test_rows_read_traits_by_their_names() -> None:
    population = Population.from_rows([["trait", "value"], ["macOS Sonoma", "40%"], ["macOS 15", "60%"],
                                       ["SmartCard", "5%"], ["Per-user MFA", "10%"], ["join permission", "all"],
                                       ["passcode policy standard", "50%"], ["rollout days", "2"]], "t")
    assert population.macos == {14: 0.4, 15: 0.6}
    assert population.authentication_methods == {"Smart card": 0.05}
    assert population.per_user_mfa == 0.1 and population.join_permission == "all"
    assert population.passcode_policies == {"standard": 0.5} and population.rollout_days == 2


@pytest.mark.parametrize(("rows", "message"), [
    ([["macOS 12", "10%"]], "row 1 (macOS 12 | 10%): no macOS '12'"),
    ([["macOS 14", "50%"], ["per-user MFA", "lots"]], "row 2 (per-user MFA | lots): 'lots' is not a share"),
    ([["Touch ID", "10%"]], "row 1 (Touch ID | 10%): no trait 'Touch ID'"),
    ([["join permission", "some"]], "'some' is not a join permission"),
    ([["macOS 14", "70%"], ["macOS 15", "40%"]], "the shares add up to 110%"),
    ([["passcode policy tough", "10%"]], "no passcode policy 'tough'"),
    ([["Secure Enclave", "10%"], ["product", "2023-11"]], "product 2023-11 has no 'Secure Enclave' method"),
    ([["macOS 14"]], "a row has two cells"),
])
def test_a_bad_row_is_named(rows: list[list[str]], message: str) -> None:
    with pytest.raises(PopulationError) as raised:
        Population.from_rows(rows, "the fleet table")
    assert "the fleet table" in str(raised.value) and message in str(raised.value)
    assert raised.value.exit_status == 2


@pytest.mark.parametrize(("text", "message"), [
    ('macs = 5\nmacos_versions = 3\n', "line 2, 'macos_versions': no such fleet setting"),
    ('macs = 5\n\n[macos]\n14 = "120%"\n', "line 4, 'macos.14': '120%' is not a share"),
    ('macs = "many"\n', "line 1, 'macs': 'many' is not a whole number"),
    ('product = "2023-11"\n[macos]\n15 = 1.0\n', "'macos': product 2023-11 does not run on macOS 15"),
    ('macs = 5\nseed = \n', "not valid TOML"),
    ('[authentication_methods]\n"Face ID" = 0.1\n', "line 2, 'authentication_methods.Face ID': no Platform SSO"),
    ('start = 2023-11-06T09:00:00\n', "line 1, 'start': 2023-11-06 09:00:00 has no time zone"),
])
def test_a_bad_file_is_named_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "fleet.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PopulationError) as raised:
        load_population(path)
    assert str(path) in str(raised.value) and message in str(raised.value), str(raised.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PopulationError, match="cannot read the fleet file"):
        load_population(tmp_path / "nowhere.toml")


def test_a_slice_outside_the_fleet_is_refused() -> None:
    with pytest.raises(PopulationError, match="not in a fleet of 50"):
        MIX.slice(45, 10)


@given(macs=st.integers(1, 300), shares=st.lists(st.integers(0, 100), min_size=1, max_size=3), seed=st.integers(0, 99))
@settings(max_examples=60, deadline=None)
def test_any_mix_is_dealt_within_one_mac_of_its_share(macs: int, shares: list[int], seed: int) -> None:
    total = sum(shares)
    versions = {13 + n: share / max(total, 100) for n, share in enumerate(shares)}
    population = Population(seed=seed, macs=macs, macos=versions)
    counts = Counter(population.member(i).macos for i in range(macs))
    assert sum(counts.values()) == macs
    wanted = {**versions, 14: versions.get(14, 0.0) + 1.0 - sum(versions.values())}  # the rest: macOS 14
    for version, share in wanted.items():
        assert abs(counts[version] - share * macs) < 1, (counts, wanted)
