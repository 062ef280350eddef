"""Each Learn reading rule of the parser is what makes its test pass: with the rule taken away
(monkeypatched), the test in ``test_learn_markdown`` that rests on it fails; with nothing patched it passes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import test_learn_markdown as learn

from psso_sim.docs import learn_markdown, markdown

BREAKS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], Callable[[], None]]] = {
    "a bulleted list is never a procedure": (
        lambda mp: mp.setattr(markdown, "_INSTRUCTION", re.compile(r"(?!)")),
        learn.test_a_bulleted_procedure_is_a_procedure_and_a_bulleted_list_of_facts_is_not,
    ),
    "numbered paragraphs are prose": (
        lambda mp: mp.setattr(markdown._Parsed, "_numbered", lambda self, token, clean: False),
        learn.test_numbered_paragraphs_are_steps,
    ),
    "directives are read as text": (
        lambda mp: mp.setattr(learn_markdown, "directive_lines", lambda lines, code: set()),
        learn.test_directive_outside_a_list_is_a_block_and_zone_content_is_read,
    ),
    "an :::image's alt text is glued into the step": (
        lambda mp: mp.setattr(learn_markdown, "directive_lines", lambda lines, code: set()),
        learn.test_image_alt_text_is_kept_out_of_step_text,
    ),
    "a rendered page's 'Note' line is prose": (
        lambda mp: mp.setattr(learn_markdown, "_RENDERED_ALERT", re.compile(r"(?!)")),
        learn.test_rendered_alerts_and_their_text,
    ),
    "HTML comments are read as text": (
        lambda mp: mp.setattr(markdown, "_comments", lambda lines, code, start: ([], list(lines))),
        learn.test_entities_decoded_and_comments_kept_out_of_the_text,
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_with_every_rule_in_place_its_test_passes(name: str) -> None:
    BREAKS[name][1]()


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_breaking_the_rule_fails_its_test(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    patch, check = BREAKS[name]
    patch(monkeypatch)
    with pytest.raises((AssertionError, ValueError)):  # ValueError: the procedure to unpack is not there
        check()
