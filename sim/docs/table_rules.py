"""A settings table inside a step, read as values entered in the fields it names.

"Configure the following required settings:" and a table whose columns are a setting's name and its
value: each row enters the value in the field of that name (the admin center's Configuration settings).

=====================================  ============================================================
cell as written                        read as
=====================================  ============================================================
``**Platform SSO** > **Authentication  the field 'Platform SSO > Authentication Method', on macOS 14
Method** </br>(macOS 14+)``            and later only (the version note is a condition)
``**Password**, **UserSecureEnclave    one of these values: the first, unless the run's method is
Key**, or **SmartCard**``              another of them
```https://a``` <br/> ```https://b```  each value, in turn (a list field adds each)
``... then also add the following:``   what follows an "If ..." in a cell is optional: not entered
``Redirect``                           a short plain value as it is
=====================================  ============================================================

A Key | Type | Value table (Extension Data) enters each key, its type and its value in the Key, Type and Value
fields; rows without a key offer other values for the key above them (the first is entered).

A table whose header names no setting and value columns is information, not an instruction: a note.
"""

from __future__ import annotations

import html
import re

from psso_sim.docs.action_types import Action, EnterValue, Note
from psso_sim.docs.conditions import version_note
from psso_sim.docs.model import StepTable, TableRow

__all__ = ["table_actions"]

# Key | Type | Value is the shape of Extensible SSO's only key-value setting
EXTENSION_DATA = "Extension Data"
_NAME_COLUMNS = ("name", "setting", "setting name", "key")
_VALUE_COLUMNS = ("configuration value", "value", "values", "setting value")
_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_SPAN = re.compile(r"\*\*(?P<bold>[^*]+?)\*\*|`(?P<code>[^`]+?)`")
_CONDITIONAL = re.compile(r"(?:^|[.:]\s+|\s)If\s", re.IGNORECASE)  # "If your environment needs ..., also add"
_CHOICE = re.compile(r"\bor\b", re.IGNORECASE)


def table_actions(table: StepTable) -> list[Action]:
    header = [_plain(cell).casefold() for cell in table.header]
    name = next((k for k, cell in enumerate(header) if cell in _NAME_COLUMNS), None)
    value = next((k for k, cell in enumerate(header) if cell in _VALUE_COLUMNS), None)
    source = " | ".join(table.header)
    kind = next((k for k, cell in enumerate(header) if cell == "type"), None)
    if header[:1] == ["key"] and kind is not None and value is not None:
        return _key_actions(table, kind, value)
    if name is None or value is None:
        return [Note(source=source, reason="a table of information: nothing to do")]
    actions: list[Action] = []
    for row in table.rows:
        actions += _row_actions(row, name, value)
    return actions


def _row_actions(row: TableRow, name: int, value: int) -> list[Action]:
    if max(name, value) >= len(row.cells):
        return [Note(source=" | ".join(row.cells), reason="a table row without a value: nothing to enter")]
    field, when = version_note(_plain(_BREAK.sub(" ", row.cells[name])))
    source = f"{_plain(row.cells[name])}: {_plain(row.cells[value])}"
    written = _CONDITIONAL.split(_BREAK.sub(" ", row.cells[value]))[0]
    spans = [m.group("bold") or m.group("code") for m in _SPAN.finditer(written)]
    if not spans:
        text = _plain(written)
        if not text or len(text.split()) > 4:
            return [Note(source=source, reason="the value is described, not given: nothing to enter")]
        spans = [text]
    field = " ".join(field.split())
    if len(spans) > 1 and _CHOICE.search(_SPAN.sub(" ", written)):
        return [EnterValue(source=source, field=field, value=spans[0], choices=tuple(spans), when=when)]
    return [EnterValue(source=source, field=field, value=span.strip(), when=when) for span in spans]


def _key_actions(table: StepTable, kind: int, value: int) -> list[Action]:
    """A Key | Type | Value table (Extension Data): each key with its type and value, in Extension Data's
    Key, Type and Value fields; a row with no key offers another value for the key above it (one is entered)."""
    groups: list[tuple[str, str, list[str]]] = []
    for row in table.rows:
        cells = [_plain(cell) for cell in row.cells]
        if len(cells) <= max(kind, value):
            continue
        if cells[0]:
            groups.append((cells[0], cells[kind], [cells[value]]))
        elif groups:
            groups[-1][2].append(cells[value])
    actions: list[Action] = []
    for key, type_, values in groups:
        source = f"{key} ({type_}): {' | '.join(values)}"
        actions += [EnterValue(source=source, field=f"{EXTENSION_DATA} > Key", value=key),
                    EnterValue(source=source, field=f"{EXTENSION_DATA} > Type", value=type_),
                    EnterValue(source=source, field=f"{EXTENSION_DATA} > Value", value=values[0],
                               choices=tuple(values) if len(values) > 1 else ())]
    return actions


def _plain(cell: str) -> str:
    text = html.unescape(_BREAK.sub(" ", cell)).replace("**", "").replace("`", "")
    return " ".join(text.split())
