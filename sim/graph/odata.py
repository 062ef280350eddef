"""OData query options as Microsoft Graph reads them, over the JSON shapes of one entity set.

Supported: ``$filter`` with ``eq`` and ``startswith`` joined by ``and`` (on the properties the entity set
lets you filter), ``$select``, ``$top`` with ``@odata.nextLink`` paging (an opaque ``$skiptoken``), and
``@odata.context`` on every answer. Anything else is a 400 naming the part Graph would refuse: a
filter that matches everything when it was meant to match one user is exactly the bug this prevents.
As in Graph v1.0, the ``$`` prefix of a query option is optional; string comparisons ignore case.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from psso_sim.graph.errors import GraphBadRequest

__all__ = ["Condition", "EntitySet", "Query", "collection_response", "entity_response", "parse_query"]

GRAPH_BASE = "https://graph.microsoft.com"
_OPTIONS = ("filter", "select", "top", "skiptoken")
_UNSUPPORTED = ("orderby", "expand", "search", "skip", "count", "format", "apply")
_LITERAL = r"'(?:[^']|'')*'|true|false|null|-?\d+(?:\.\d+)?"
_EQ = re.compile(rf"\s*(?P<prop>[A-Za-z_][\w.]*)\s+eq\s+(?P<value>{_LITERAL})\s*", re.IGNORECASE)
_STARTSWITH = re.compile(rf"\s*startswith\(\s*(?P<prop>[A-Za-z_][\w.]*)\s*,\s*(?P<value>{_LITERAL})\s*\)\s*",
                         re.IGNORECASE)
_AND = re.compile(r"and\s+", re.IGNORECASE)
_OPERATOR = re.compile(r"\s*(?P<prop>[A-Za-z_][\w.]*)\s+(?P<op>\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class EntitySet:
    """What a Graph collection supports: its v1.0 properties, which of them ``$filter`` takes, its page size."""

    name: str  # as in @odata.context: "devices", "deviceManagement/managedDevices"
    entity_type: str  # "microsoft.graph.device"
    properties: tuple[str, ...]
    filterable: frozenset[str]
    page_size: int = 100
    max_top: int = 999
    unsupported_query_code: str = "Request_UnsupportedQuery"  # Intune: "BadRequest"
    bad_request_code: str = "Request_BadRequest"

    def bad_request(self, message: str, *, unsupported: bool = False) -> GraphBadRequest:
        return GraphBadRequest(message, code=self.unsupported_query_code if unsupported else self.bad_request_code)


@dataclass(frozen=True)
class Condition:
    prop: str
    operator: str  # "eq" or "startswith"
    value: object

    def holds(self, item: dict[str, Any]) -> bool:
        actual = item.get(self.prop)
        if isinstance(self.value, str) and isinstance(actual, str):
            if self.operator == "startswith":
                return actual.lower().startswith(self.value.lower())
            return actual.lower() == self.value.lower()
        if self.operator == "startswith":
            return False
        return bool(actual == self.value and type(actual) is type(self.value))


@dataclass(frozen=True)
class Query:
    conditions: tuple[Condition, ...] = ()
    select: tuple[str, ...] | None = None
    top: int | None = None
    skip: int = 0


def parse_query(request: httpx.Request, entity_set: EntitySet) -> Query:
    """The request's query options, checked against ``entity_set``; a 400 names what is not supported."""
    params = {key.lstrip("$").lower(): value for key, value in request.url.params.multi_items()}
    for option in _UNSUPPORTED:
        if option in params:
            raise entity_set.bad_request(f"Query option '${option}' is not supported on '{entity_set.name}' "
                                         "by the simulation; supported: $filter, $select, $top", unsupported=True)
    select = None
    if "select" in params:
        select = tuple(p.strip() for p in params["select"].split(",") if p.strip())
        for prop in select:
            _known(prop, entity_set)
    top = None
    if "top" in params:
        raw = params["top"]
        if not raw.isdigit() or not 1 <= int(raw) <= entity_set.max_top:
            raise entity_set.bad_request(
                f"Invalid page size specified: '{raw}'. Must be between 1 and {entity_set.max_top} inclusive.")
        top = int(raw)
    skip = _skip(params["skiptoken"], entity_set) if "skiptoken" in params else 0
    conditions = _conditions(params["filter"], entity_set) if "filter" in params else ()
    return Query(conditions, select, top, skip)


def collection_response(request: httpx.Request, entity_set: EntitySet, items: Sequence[dict[str, Any]],
                        *, context: str | None = None) -> httpx.Response:
    """A page of ``items`` filtered, projected and paged as the request's query asks."""
    query = parse_query(request, entity_set)
    matching = [item for item in items if all(c.holds(item) for c in query.conditions)]
    size = query.top or entity_set.page_size
    page = matching[query.skip:query.skip + size]
    body: dict[str, Any] = {"@odata.context": _context(request, context or entity_set.name, query.select)}
    if query.skip + size < len(matching):
        token = base64.urlsafe_b64encode(f"skip:{query.skip + size}".encode()).decode().rstrip("=")
        body["@odata.nextLink"] = str(request.url.copy_set_param("$skiptoken", token))
    body["value"] = [_project(item, query.select) for item in page]
    return httpx.Response(200, json=body)


def entity_response(request: httpx.Request, entity_set: EntitySet, item: dict[str, Any],
                    *, context: str | None = None, status: int = 200) -> httpx.Response:
    """One entity; ``$select`` applies, ``$filter`` and paging do not."""
    query = parse_query(request, entity_set)
    name = context or f"{entity_set.name}/$entity"
    body = {"@odata.context": _context(request, name, query.select)} | _project(item, query.select)
    return httpx.Response(status, json=body)


def _context(request: httpx.Request, name: str, select: tuple[str, ...] | None) -> str:
    version = request.url.path.strip("/").split("/", 1)[0] or "v1.0"
    if select:
        name = name.replace("/$entity", "") + f"({','.join(select)})" + ("/$entity" if "/$entity" in name else "")
    return f"{GRAPH_BASE}/{version}/$metadata#{name}"


def _project(item: dict[str, Any], select: tuple[str, ...] | None) -> dict[str, Any]:
    if select is None:
        return dict(item)
    keep = {"@odata.type", *select}
    return {key: value for key, value in item.items() if key in keep}


def _known(prop: str, entity_set: EntitySet) -> None:
    if prop not in entity_set.properties:
        raise entity_set.bad_request(f"Could not find a property named '{prop}' on type '{entity_set.entity_type}'.")


def _skip(token: str, entity_set: EntitySet) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    kind, _, offset = text.partition(":")
    if kind != "skip" or not offset.isdigit():
        raise entity_set.bad_request(f"The $skiptoken '{token}' is not valid: use the @odata.nextLink as given.")
    return int(offset)


def _conditions(text: str, entity_set: EntitySet) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    position = 0
    while True:
        match = _EQ.match(text, position) or _STARTSWITH.match(text, position)
        if match is None:
            raise _unsupported(text[position:], entity_set)
        prop = match["prop"]
        _known(prop, entity_set)
        if prop not in entity_set.filterable:
            raise entity_set.bad_request(f"Unsupported or invalid query filter clause specified for property "
                                         f"'{prop}' of resource '{entity_set.entity_type}'.", unsupported=True)
        operator = "startswith" if match.re is _STARTSWITH else "eq"
        value = _literal(match["value"])
        if operator == "startswith" and not isinstance(value, str):
            raise entity_set.bad_request(f"startswith({prop}, ...) needs a string literal in quotes, "
                                         f"got {match['value']}", unsupported=True)
        conditions.append(Condition(prop, operator, value))
        position = match.end()
        if position == len(text):
            return tuple(conditions)
        joined = _AND.match(text, position)
        if joined is None:
            raise _unsupported(text[position:], entity_set)
        position = joined.end()


def _unsupported(part: str, entity_set: EntitySet) -> GraphBadRequest:
    part = part.strip() or "(nothing)"
    words, operator = part.split(), _OPERATOR.match(part)
    if words[0].lower() in ("or", "not"):
        what = f"operator '{words[0]}' in '{part}'"
    else:
        what = f"operator '{operator['op']}' in '{part}'" if operator else f"'{part}'"
    return entity_set.bad_request(f"Unsupported query: {what}; the simulation's $filter supports "
                                  "'<property> eq <value>', 'startswith(<property>, '<text>')' and 'and'",
                                  unsupported=True)


def _literal(text: str) -> object:
    lowered = text.lower()
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    return float(text) if "." in text else int(text)
