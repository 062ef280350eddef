"""``psso-sim run --html``: one offline page with the summary, steps, timeline and sequence diagram,
checked as text and in a real headless Chromium (a screenshot that is not blank, the DOM it built)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from psso_sim.reports.html_report import render_html
from psso_sim.reports.svg import client_lane, sequence_svg, timeline_svg
from tests.cli.support import cli
from tests.reports.support import failing_feature, hand_made_report, http

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def test_the_page_has_the_summary_the_steps_the_figures_and_the_failed_scenario_open() -> None:
    page = render_html(hand_made_report())
    summary = page[page.index('<section id="summary">'):page.index('<section id="scenarios">')]
    assert "1 passed" in summary and "1 failed" in summary and "0 skipped" in summary
    assert "<td>Waiting</td>" in summary and "<td>@macos14</td>" in summary
    failed, passed = re.findall(r"<details class=\"scenario (\w+)\"( open)?", page)
    assert failed == ("failed", " open") and passed == ("passed", "")  # only the failure is expanded
    assert "seed 123" in page and "x.feature::A Mac that waits" in page and "--replay" in page
    assert "+00:00:30" in page and "2.0 ms" in page  # simulated start, real duration
    assert "The screen when the step failed" in page and "Registration failed" in page
    assert page.count('<svg class="timeline"') == 2 and page.count('<svg class="sequence"') == 1
    assert "full trace: <code>/tmp/x.trace.jsonl</code>" in page


def test_the_page_loads_nothing_from_elsewhere() -> None:
    page = render_html(hand_made_report())
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "@import" not in page and "url(http" not in page


def test_the_timeline_compresses_a_quiet_stretch_and_says_how_long_it_was() -> None:
    report = hand_made_report()
    scenario = report.scenarios[0]
    svg = timeline_svg(None, scenario.steps, scenario.trace)
    assert "⋯ 3h ⋯" in svg  # the three-hour wait is a labelled break
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert width < 600  # three hours drawn to scale at the scale of seconds would be metres wide
    assert svg.count("<rect") == 3  # a bar per step that ran
    assert "+03:00:30" in svg


def test_the_sequence_diagram_puts_each_exchange_between_its_parties() -> None:
    trace = hand_made_report().scenarios[0].trace
    svg = sequence_svg(trace)
    for lane in ("Mac", "Company Portal", "SSO extension", "Entra ID", "Intune"):
        assert f">{lane}</text>" in svg
    assert svg.count('marker-end="url(#arrow)"') == 2 * 3  # a request and a response per exchange
    assert "POST /organizations/oauth2/v2.0/token" in svg and 'class="status bad">400<' in svg
    assert [client_lane(e) for e in trace if e["kind"] == "http"] == ["Company Portal", "Mac", "SSO extension"]
    assert "No HTTP exchange" in sequence_svg([])
    url = "https://enterpriseregistration.windows.net/EnrollmentServer/device/"
    assert client_lane(http("2023-11-06T09:00:00+00:00", "POST", url, 200, "x")) == "SSO extension"


def _png_size_and_colours(png: bytes) -> tuple[int, int, int]:
    """(width, height, distinct byte values of the decoded scanlines): a blank page has a handful."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, data, size = 8, b"", (0, 0)
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        chunk = png[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            data += chunk
        offset += 12 + length
    return size[0], size[1], len(set(zlib.decompress(data)))


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180,
                          check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed (Debian: apt-get install -y chromium; "
                                               ".ci/run installs it when run as root)")
def test_the_report_of_a_failed_run_opens_in_headless_chromium(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    page = tmp_path / "report.html"
    status, out, _ = cli(capsys, "run", str(failing_feature(tmp_path)), "--html", str(page))
    assert status == 1 and f"report: {page}" in out
    shot = tmp_path / "shot.png"
    taken = _chromium(f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri(), profile=tmp_path / "p1")
    assert shot.is_file(), taken.stderr[-2000:]
    width, height, colours = _png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1280, 1600)
    assert colours > 40, "the screenshot is blank"
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "p2").stdout
    opened = re.findall(r'<details class="scenario failed" open=""', dom)
    assert len(opened) == 2, "each failed scenario is expanded"
    assert dom.count('<svg class="timeline"') == 2 and dom.count('<svg class="sequence"') == 2
    assert "<circle" in dom and 'marker-end="url(#arrow)"' in dom
