"""verify-doc refuses what has nothing in it: an empty document, an empty --html path (both bad usage, 2)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from psso_sim.console import output_path
from psso_sim.docs.command import main as verify_doc


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
def test_an_empty_document_is_an_error_not_an_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 content: str) -> None:
    doc = tmp_path / "empty.md"
    doc.write_text(content, encoding="utf-8")
    assert verify_doc([str(doc)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"SIM/docs: '{doc}' is empty: there is no procedure to verify" in err
    assert "hint: give a Learn-style markdown document" in err


@pytest.mark.skipif(not os.path.exists(os.devnull) or os.devnull != "/dev/null", reason="no /dev/null here")
def test_dev_null_is_an_empty_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_doc([os.devnull]) == 2
    assert "'/dev/null' is empty" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["", "   "])
def test_an_empty_html_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# A document\n\n1. Open **Company Portal**.\n", encoding="utf-8")
    assert verify_doc(["--html", path, str(doc)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "argument --html: SIM/cli: the path is empty, so there is no file to write" in err
    assert "usage:" in err
    assert list(tmp_path.iterdir()) == [doc]  # nothing written anywhere


def test_a_named_html_path_is_taken_as_it_is() -> None:
    assert output_path("out/report.html") == Path("out/report.html")
    with pytest.raises(argparse.ArgumentTypeError):
        output_path("")
