"""Render the step catalogue as text (terminal), Markdown (docs/) or JSON (tools).

JSON schema (``"schema": "psso-sim/step-catalogue/1"``), keys always present and in this order::

    {
      "schema": "psso-sim/step-catalogue/1",
      "steps": [                      # sorted by area, keyword (given, when, then, step), pattern
        {
          "area": str,                # e.g. "Company Portal"
          "keyword": str,             # "given" | "when" | "then" | "step" (step = any of the three)
          "pattern": str,             # e.g. 'the user selects "{label:Label}"'
          "summary": str,             # first docstring line, "" when missing
          "example": str,             # a full step line, e.g. 'When the user selects "Register"'
          "parameters": [{"name": str, "type": str, "description": str, "example": str}],
          "source": str | null,       # "<document> > <section>"
          "location": str,            # "module:line" of the step function
          "table": str | null         # the data table's columns, for steps that read one
        }
      ],
      "parameter_types": [{"name": str, "pattern": str, "description": str, "example": str}],
      "tags": [{"name": str, "description": str, "group": str}]   # name without "@"; group: see tags.py
    }
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Literal

from psso_sim.authoring.catalogue import ParameterTypeLike, StepDefinition
from psso_sim.authoring.tags import TAG_GROUPS, tag_group

__all__ = ["CATALOGUE_SCHEMA", "render_catalogue"]

CATALOGUE_SCHEMA = "psso-sim/step-catalogue/1"


def render_catalogue(
    definitions: Sequence[StepDefinition],
    fmt: Literal["text", "markdown", "json"] = "text",
    *,
    parameter_types: Mapping[str, ParameterTypeLike] | None = None,
    tags: Mapping[str, str] | None = None,
) -> str:
    """The catalogue of ``definitions`` (in their order), the parameter types and the tags."""
    types = dict(sorted((parameter_types or {}).items()))
    tag_items = dict(sorted((tags or {}).items()))
    if fmt == "json":
        return _json(definitions, types, tag_items)
    if fmt == "markdown":
        return _markdown(definitions, types, tag_items)
    if fmt == "text":
        return _text(definitions, types, tag_items)
    raise ValueError(f"unknown catalogue format {fmt!r}; expected text, markdown or json")


def _by_area(definitions: Sequence[StepDefinition]) -> list[tuple[str, list[StepDefinition]]]:
    return [(area, list(group)) for area, group in groupby(definitions, key=lambda d: d.area)]


def _by_group(tags: Mapping[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = [(group, [(n, t) for n, t in tags.items() if tag_group(n, t) == group]) for group in TAG_GROUPS]
    return [(group, items) for group, items in groups if items]


def _json(
    definitions: Sequence[StepDefinition], types: Mapping[str, ParameterTypeLike], tags: Mapping[str, str]
) -> str:
    document = {
        "schema": CATALOGUE_SCHEMA,
        "steps": [
            {
                "area": d.area,
                "keyword": d.keyword,
                "pattern": d.pattern,
                "summary": d.summary,
                "example": d.example,
                "parameters": [p._asdict() for p in d.parameters],
                "source": d.source,
                "location": d.location,
                "table": d.table,
            }
            for d in definitions
        ],
        "parameter_types": [
            {"name": name, "pattern": t.pattern, "description": t.description, "example": t.example}
            for name, t in types.items()
        ],
        "tags": [{"name": name, "description": text, "group": tag_group(name, text)}
                 for name, text in tags.items()],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _text(
    definitions: Sequence[StepDefinition], types: Mapping[str, ParameterTypeLike], tags: Mapping[str, str]
) -> str:
    areas = _by_area(definitions)
    out = [f"Step catalogue: {len(definitions)} steps in {len(areas)} areas", ""]
    for area, defs in areas:
        out += [area, "-" * len(area)]
        for d in defs:
            out.append(f"{d.display_keyword} {d.pattern}")
            if d.summary:
                out.append(f"    {d.summary}")
            rows = [("example", d.example or "(none)")]
            if d.table:
                rows.append(("table", d.table))
            rows += [(p.name or "(unnamed)", f"{p.type}: {p.description}") for p in d.parameters]
            if d.source:
                rows.append(("source", d.source))
            rows.append(("defined", d.location))
            width = max(len(label) for label, _ in rows) + 2
            out += [f"    {label + ':':<{width}}{value}" for label, value in rows]
            out.append("")
    if types:
        out += ["Parameter types", "---------------"]
        width = max(len(name) for name in types) + 2
        for name, t in types.items():
            out.append(f"{name:<{width}}{t.description} (e.g. {t.example})")
        out.append("")
    if tags:
        out += ["Tags", "----"]
        width = max(len(name) for name in tags) + 3
        for group, items in _by_group(tags):
            out.append(f"{group}:")
            out += [f"  {'@' + name:<{width}}{text}" for name, text in items]
        out.append("")
    return "\n".join(out)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}" if text else ""


def _what(d: StepDefinition) -> str:
    return _cell(d.summary) + (f"<br>Table: {_cell(d.table)}" if d.table else "")


def _markdown(
    definitions: Sequence[StepDefinition], types: Mapping[str, ParameterTypeLike], tags: Mapping[str, str]
) -> str:
    out = [
        "# Step catalogue",
        "",
        "Generated by `psso-sim steps --format markdown`; do not edit by hand.",
        "",
    ]
    for area, defs in _by_area(definitions):
        out += [f"## {area}", "", "| Step | What it does | Example | Parameters | Source | Defined in |",
                "|---|---|---|---|---|---|"]
        for d in defs:
            params = "<br>".join(f"`{_cell(p.name)}`: {_cell(p.type)}" for p in d.parameters)
            out.append(
                f"| {_code(d.display_keyword + ' ' + d.pattern)} | {_what(d)} | {_code(d.example)} "
                f"| {params} | {_cell(d.source)} | `{d.location}` |"
            )
        out.append("")
    if types:
        out += ["## Parameter types", "", "| Type | Matches | Example |", "|---|---|---|"]
        out += [f"| `{name}` | {_cell(t.description)} | {_code(t.example)} |" for name, t in types.items()]
        out.append("")
    if tags:
        out += ["## Tags", ""]
        for group, items in _by_group(tags):
            out += [f"### {group}", "", "| Tag | Meaning |", "|---|---|"]
            out += [f"| `@{name}` | {_cell(text)} |" for name, text in items]
            out.append("")
        out.append("")
    return "\n".join(out)
