"""The fleet's reports: the summary table, the per-Mac CSV, the JSON report against its schema, parts read back."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from psso_sim.fleet.outcomes import FleetResult, MacOutcome
from psso_sim.fleet.population import Population
from psso_sim.fleet.report import (
    CSV_COLUMNS,
    SCHEMA,
    FleetReportError,
    check_writable,
    fleet_document,
    result_from_json,
    summary_table,
    write_csv,
    write_json,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "fleet-report.schema.json"
START = datetime(2023, 11, 6, 9, 0, tzinfo=UTC)
ISSUE = "Per user MFA causes password sync failure"


def outcome(index: int, state: str = "registered", issue: str | None = None) -> MacOutcome:
    return MacOutcome(index=index, mac=f"Mac-{index}", user=f"user{index}@contoso.example", macos=14,
                      authentication_method="Password", end_state=state, known_issue=issue,
                      detail="" if issue is None else "Notification: Unable to Sync Password: AADSTS50076",
                      arrived=START + timedelta(minutes=index), settled=START + timedelta(minutes=index, seconds=90))


def fleet(states: list[tuple[str, str | None]]) -> FleetResult:
    population = Population(name="pilot", seed=7, macs=len(states))
    return FleetResult(population, [outcome(i, s, k) for i, (s, k) in enumerate(states)], timedelta(days=4))


EIGHT = fleet([("registered", None)] * 5 + [("password not synced", ISSUE)] * 2 + [("stuck in enrollment", None)])


def validate(document: object) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def test_the_summary_table_is_aligned_with_shares_and_a_total() -> None:
    assert summary_table(EIGHT) == (
        "end state            known issue                                Macs   share\n"
        "-------------------  -----------------------------------------  ----  ------\n"
        "registered           -                                             5   62.5%\n"
        "password not synced  Per user MFA causes password sync failure     2   25.0%\n"
        "stuck in enrollment  -                                             1   12.5%\n"
        "-------------------  -----------------------------------------  ----  ------\n"
        "total                                                              8  100.0%\n")


def test_large_counts_get_thousands_separators() -> None:
    table = summary_table(fleet([("registered", None)] * 1500))
    assert "registered  -            1,500  100.0%\n" in table and "total                    1,500  100.0%\n" in table


def test_the_csv_has_one_row_a_mac_in_outcome_field_order(tmp_path: Path) -> None:
    write_csv(EIGHT, tmp_path / "fleet.csv")
    with (tmp_path / "fleet.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 9
    assert rows[1][:8] == ["0", "Mac-0", "user0@contoso.example", "14", "Password", "registered", "", ""]
    assert rows[6][5:7] == ["password not synced", ISSUE]
    assert rows[1][8:] == ["2023-11-06T09:00:00+00:00", "2023-11-06T09:01:30+00:00"]


def test_the_json_report_validates_against_its_schema(tmp_path: Path) -> None:
    write_json(EIGHT, tmp_path / "fleet.json", shards=2, elapsed=1.5)
    document = json.loads((tmp_path / "fleet.json").read_text(encoding="utf-8"))
    validate(document)
    assert document["schema"] == SCHEMA and document["seed"] == 7 and document["shards"] == 2
    assert document["shard"] is None and document["elapsed_seconds"] == 1.5
    assert document["simulated_seconds"] == 4 * 86400
    assert document["population"]["macos"] == {"14": 1.0}  # keys as JSON has them
    assert document["totals"]["end_states"] == {"registered": 5, "password not synced": 2, "stuck in enrollment": 1}
    assert document["totals"]["known_issues"] == {ISSUE: 2}
    assert [row["macs"] for row in document["totals"]["rows"]] == [5, 2, 1]
    assert [mac["index"] for mac in document["macs"]] == list(range(8))


@pytest.mark.parametrize("break_it", [
    lambda d: d.pop("totals"),
    lambda d: d["macs"][0].pop("end_state"),
    lambda d: d["macs"][0].update(arrived="Monday"),
    lambda d: d.update(schema="psso-sim/run/1"),
    lambda d: d["macs"][0].update(extra=1),
])
def test_the_schema_refuses_what_the_report_never_writes(break_it: object) -> None:
    document = fleet_document(EIGHT)
    break_it(document)  # type: ignore[operator]
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_a_part_reads_back_as_the_result_it_was() -> None:
    document = json.loads(json.dumps(fleet_document(EIGHT, shards=2, shard=(1, 2))))
    assert document["shard"] == {"index": 1, "of": 2}
    validate(document)
    back = result_from_json(document, EIGHT.population, "part.json")
    assert back.outcomes == EIGHT.outcomes and back.simulated_span == EIGHT.simulated_span


@pytest.mark.parametrize(("change", "message"), [
    ({"seed": 8}, "part.json: the part is of a population with seed 7, this one has 8"),
    ({"macs": 9}, "part.json: the part is of a population with macs 8, this one has 9"),
])
def test_a_part_of_another_population_is_refused(change: dict[str, int], message: str) -> None:
    population = Population(**{"name": "pilot", "seed": 7, "macs": 8, **change})
    with pytest.raises(FleetReportError, match=message) as raised:
        result_from_json(fleet_document(EIGHT), population, "part.json")
    assert raised.value.exit_status == 2


def test_a_document_that_is_no_fleet_report_is_refused() -> None:
    with pytest.raises(FleetReportError, match=r"x\.json: not a psso-sim fleet report"):
        result_from_json({"schema": "psso-sim/run/1"}, EIGHT.population, "x.json")
    document = fleet_document(EIGHT)
    del document["macs"][3]["settled"]
    with pytest.raises(FleetReportError, match=r"x\.json: a Mac record is not as schema psso-sim/fleet/1 says"):
        result_from_json(document, EIGHT.population, "x.json")


def test_an_unwritable_path_is_found_before_the_run(tmp_path: Path) -> None:
    with pytest.raises(FleetReportError, match=r"--csv .*nowhere/f.csv: the folder .*nowhere does not exist"):
        check_writable(tmp_path / "nowhere" / "f.csv", "--csv")
    with pytest.raises(FleetReportError, match="is a directory"):
        check_writable(tmp_path, "--json")
    check_writable(tmp_path / "f.csv", "--csv")  # a new file in a writable folder
    check_writable(Path("relative.csv"), "--csv")  # the current folder


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(FleetReportError, match="permission denied"):
            check_writable(locked / "f.csv", "--csv")
        with pytest.raises(FleetReportError, match="cannot write"):
            write_csv(EIGHT, locked / "f.csv")
    finally:
        locked.chmod(0o700)
