"""Gherkin data tables as typed rows: the columns a step reads, and clear errors for the rest.

A step that builds part of the world from a table declares a :class:`TableSpec`; pytest-bdd hands the
table over as ``datatable`` (a list of rows, the first the header). Column names are matched ignoring
case, spaces, dashes and underscores; a value of an enumerated column is matched ignoring case and
returned in its canonical spelling. An empty cell is the same as a missing column: the step's seeded
Faker fills it. Anything else (an unknown column, a value not allowed, no table at all) raises
:class:`DataTableError` naming the table, the row and the column, and saying what is allowed.

A step declares its table with :func:`reads_table`; the catalogue then lists the columns and
``psso-sim lint`` checks every table written under that step before anything runs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from psso_sim.errors import SimError

__all__ = ["Column", "DataTableError", "TableRow", "TableSpec", "reads_table"]

_PLACEHOLDER = re.compile(r"<[^<>]+>")  # a Scenario Outline value, filled in at run time
F = TypeVar("F", bound=Callable[..., object])


class DataTableError(SimError):
    subsystem = "steps"

    def __init__(self, message: str, *, hint: str | None = None, row: int | None = None) -> None:
        self.row = row  # 0: the header row, n: the n-th data row, None: the table as a whole
        super().__init__(message, hint=hint)


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


@dataclass(frozen=True)
class Column:
    """One column: its name, what it holds, and (for enumerations) the values allowed."""

    name: str
    description: str
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    many: bool = False  # a comma-separated list of allowed values
    required: bool = False  # no default: every row must fill it

    def describe(self) -> str:
        name = f"{self.name}*" if self.required else self.name
        if not self.allowed:
            return name
        listed = " | ".join(self.allowed)
        return f"{name} ({listed}{', comma-separated' if self.many else ''})"

    def canonical(self, value: str) -> str | None:
        """The allowed value ``value`` means, or ``None``; free-text columns take anything."""
        if not self.allowed:
            return value
        return next((a for a in self.allowed if _key(a) == _key(value)), None)


@dataclass(frozen=True)
class TableRow:
    """One data row: the non-empty cells by column name, in canonical spelling."""

    table: str
    number: int  # 1 = the first row under the header
    cells: dict[str, str]
    label: str  # the row's first cell, to name it in messages

    def get(self, column: str) -> str | None:
        return self.cells.get(column)

    def required(self, column: str) -> str:
        """The value of a ``required=True`` column (the spec has refused a row without it)."""
        return self.cells[column]

    def values(self, column: str) -> list[str]:
        value = self.cells.get(column)
        return [v.strip() for v in value.split(",") if v.strip()] if value else []

    def error(self, column: str, message: str, hint: str | None = None) -> DataTableError:
        """An error about this row's cell in ``column`` (for checks the step makes itself)."""
        return DataTableError(f'the "{self.table}" table, row {self.number} ({self.label}), column '
                              f"'{column}': {message}", hint=hint, row=self.number)


@dataclass(frozen=True)
class TableSpec:
    """The table a step reads: its title (for messages) and its columns."""

    title: str
    columns: tuple[Column, ...]
    max_rows: int | None = None

    def describe(self) -> str:
        """The columns for the catalogue's ``Table:`` line (``*``: required)."""
        return ", ".join(c.describe() for c in self.columns)

    def problems(self, datatable: Sequence[Sequence[object]] | None) -> list[tuple[int | None, str]]:
        """For the linter: what :meth:`read` would raise, as (row, message); outline placeholders pass."""
        try:
            self.read(datatable, lenient=True)
        except DataTableError as error:
            return [(error.row, f"{error.message}; {error.hint}" if error.hint else error.message)]
        return []

    def read(self, datatable: Sequence[Sequence[object]] | None, *, lenient: bool = False) -> list[TableRow]:
        """The data rows; ``lenient`` lets ``<placeholder>`` cells through (they are filled at run time)."""
        if not datatable:
            raise DataTableError(f'the step "{self.title}:" needs a data table under it, with a header row',
                                 hint=f"columns: {self.describe()}")
        header, *body = [[str(cell).strip() for cell in row] for row in datatable]
        columns = self._columns(header)
        if not body:
            raise DataTableError(f'the "{self.title}" table has a header row but no data rows',
                                 hint="add one row under the header for each item", row=0)
        if self.max_rows is not None and len(body) > self.max_rows:
            raise DataTableError(f'the "{self.title}" table has {len(body)} data rows; it takes at most '
                                 f"{self.max_rows}", row=self.max_rows + 1)
        return [self._row(number, cells, columns, lenient) for number, cells in enumerate(body, start=1)]

    def _columns(self, header: list[str]) -> list[Column]:
        by_key = {_key(name): c for c in self.columns for name in (c.name, *c.aliases)}
        result: list[Column] = []
        for name in header:
            column = by_key.get(_key(name))
            if column is None:
                close = difflib.get_close_matches(_key(name), list(by_key), n=1, cutoff=0.6)
                hint = f"did you mean '{by_key[close[0]].name}'?" if close else None
                raise DataTableError(f"the \"{self.title}\" table has no column '{name}'; its columns are: "
                                     f"{self.describe()}", hint=hint, row=0)
            if column in result:
                raise DataTableError(f"the \"{self.title}\" table has the column '{column.name}' twice",
                                     row=0)
            result.append(column)
        return result

    def _row(self, number: int, cells: list[str], columns: list[Column], lenient: bool) -> TableRow:
        label = next((c for c in cells if c), "empty row")
        row = TableRow(self.title, number, {}, label)
        for column, value in zip(columns, cells, strict=True):
            if not value:
                continue  # Faker fills it
            if lenient and _PLACEHOLDER.search(value):
                row.cells[column.name] = value
                continue
            parts = [v.strip() for v in value.split(",")] if column.many else [value]
            canonical = [column.canonical(part) for part in parts]
            bad = [part for part, c in zip(parts, canonical, strict=True) if c is None]
            if bad:
                allowed = ", ".join(column.allowed)
                raise row.error(column.name, f"'{bad[0]}' is not allowed; allowed: {allowed}")
            row.cells[column.name] = ", ".join(c for c in canonical if c is not None)
        for column in self.columns:
            if column.required and column.name not in row.cells:
                allowed = f"; allowed: {', '.join(column.allowed)}" if column.allowed else ""
                raise row.error(column.name, f"a value is required{allowed}")
        return row


def reads_table(spec: TableSpec) -> Callable[[F], F]:
    """Mark a step function as reading ``spec``'s table (put it under ``@given(...)``)."""

    def mark(func: F) -> F:
        func.table_spec = spec  # type: ignore[attr-defined]  # read by the catalogue and the linter
        return func

    return mark
