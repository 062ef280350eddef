"""The pytest plugin's refusals and its CSV: a shard count below 1 is a usage error, a bad fleet file fails
each shard with its message (no traceback), and --psso-fleet-csv alone writes the merged CSV
(psso_sim.fleet.pytest_shards)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "psso_sim.fleet.pytest_shards", "-p", "no:cacheprovider",
         "-p", "no:randomly", "-p", "no:xdist", "--rootdir", ".", *args],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)


def test_a_shard_count_below_one_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text("macs = 2\n", encoding="utf-8")
    result = run_pytest(tmp_path, "--psso-fleet-shards", "0", "fleet.toml")
    assert result.returncode == 4, result.stdout + result.stderr
    assert "--psso-fleet-shards 0: give a whole number of at least 1" in result.stderr


def test_a_bad_fleet_file_fails_each_shard_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text('macs = "many"\n', encoding="utf-8")
    result = run_pytest(tmp_path, "--psso-fleet-shards", "2", "fleet.toml")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "2 failed" in out, out
    assert "line 1, 'macs': 'many' is not a whole number" in out and "Traceback" not in out, out
    assert "psso-sim fleet fleet.toml" not in out  # no part came back: nothing to merge


def test_the_merged_csv_alone(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text('name = "csv"\nseed = 3\nmacs = 3\n', encoding="utf-8")
    result = run_pytest(tmp_path, "--psso-fleet-shards", "2", "--psso-fleet-csv", "macs.csv", "fleet.toml")
    out = result.stdout + result.stderr
    assert result.returncode == 0 and "2 passed" in out, out
    assert "wrote macs.csv" in out and "wrote None" not in out, out
    with (tmp_path / "macs.csv").open(encoding="utf-8", newline="") as rows:
        assert [row["index"] for row in csv.DictReader(rows)] == ["0", "1", "2"]
