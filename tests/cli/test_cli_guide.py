"""docs/writing-features.md: its example is a feature of the suite, and what it says lint does, lint does."""

from __future__ import annotations

import re

from .support import EXAMPLE, PROJECT_ROOT, cli, write

GUIDE = PROJECT_ROOT / "docs" / "writing-features.md"


def gherkin_blocks() -> list[str]:
    return re.findall(r"^```gherkin\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), flags=re.S | re.M)


def test_the_guides_example_is_the_feature_in_the_suite():
    [example, *_] = gherkin_blocks()
    assert example == EXAMPLE.read_text(encoding="utf-8")


def test_the_guides_example_lints_clean_and_passes(capsys):
    assert cli(capsys, "lint", str(EXAMPLE))[:2] == (0, "lint: no findings\n")
    status, out, _ = cli(capsys, "run", str(EXAMPLE))
    assert status == 0, out
    assert out.endswith("scenarios: 2 passed, 0 failed\n")


def test_the_typo_the_guide_shows_is_found_at_line_28(capsys, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('And the user selects "Begin"', 'And the user selcts "Begin"', 1)
    path = write(tmp_path, text, EXAMPLE.name)
    _, out, _ = cli(capsys, "lint", str(path))
    assert (f'{path.as_posix()}:28:5: error: undefined-step: And the user selcts "Begin" '
            "matches no When step") in out
    assert '    did you mean: And the user selects "Begin"\n' in out
    guide = GUIDE.read_text(encoding="utf-8")
    assert "features/examples/users_who_may_join_devices.feature:28:5: error: undefined-step" in guide
