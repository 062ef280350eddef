"""Tables inside a step, read from markdown-it's tokens (GFM tables keep their source line maps).

A table in a list item is part of the step: "Configure the following required settings:" and a row per
setting. The cells keep their inline markdown (bold labels, code values, ``<br/>``) for the grammar.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from psso_sim.docs.model import StepTable, TableRow

__all__ = ["tables_in"]


def tables_in(tokens: Sequence[Token]) -> tuple[StepTable, ...]:
    """Every table among ``tokens`` (an item's token range), header first, rows with their 1-based lines."""
    found: list[StepTable] = []
    header: tuple[str, ...] = ()
    rows: list[TableRow] = []
    cells: list[str] = []
    first = end = row_line = 0
    previous = ""
    for token in tokens:
        if token.type == "table_open" and token.map is not None:
            (first, end), header, rows = (token.map[0] + 1, token.map[1]), (), []
        elif token.type == "tr_open":
            cells, row_line = [], token.map[0] + 1 if token.map is not None else first
        elif token.type == "inline" and previous in ("th_open", "td_open"):
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            if header:
                rows.append(TableRow(row_line, tuple(cells)))
            else:
                header = tuple(cells)
        elif token.type == "table_close":
            found.append(StepTable(first, end, header, tuple(rows)))
        previous = token.type
    return tuple(found)
