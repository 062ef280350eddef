"""The JUnit XML structure pytest documents for its default family, ``xunit2`` (the Jenkins JUnit
schema "junit-10.xsd" pytest's own tests validate against), checked element by element with the
standard library: which elements may hold which, which attributes each must and may have."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["junit_problems"]

_TIME = re.compile(r"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?$")  # the schema's SUREFIRE_TIME
_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    "properties": {"property"},
    "property": set(),
    "testcase": {"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError",
                 "system-out", "system-err"},
    "skipped": set(), "error": set(), "failure": set(), "system-out": set(), "system-err": set(),
}
_REQUIRED = {"testsuite": {"name", "tests", "failures", "errors"}, "property": {"name", "value"},
             "testcase": {"name"}}
_ALLOWED = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id",
                  "package", "file", "log", "url", "version"},
    "properties": set(), "property": {"name", "value"},
    "testcase": {"name", "time", "classname", "group"},
    "skipped": {"type", "message"}, "error": {"type", "message"}, "failure": {"type", "message"},
    "system-out": set(), "system-err": set(),
}


def junit_problems(text: str) -> list[str]:
    """What in ``text`` the schema does not allow; ``[]`` when it validates."""
    root = ET.fromstring(text)
    problems: list[str] = []
    if root.tag not in ("testsuites", "testsuite"):
        return [f"the root is <{root.tag}>, not <testsuites> or <testsuite>"]

    def check(element: ET.Element, path: str) -> None:
        where = f"{path}/{element.tag}"
        if element.tag not in _CHILDREN:
            problems.append(f"{where}: no such element in the schema")
            return
        missing = _REQUIRED.get(element.tag, set()) - set(element.attrib)
        extra = set(element.attrib) - _ALLOWED[element.tag]
        problems.extend(f"{where}: required attribute {a!r} missing" for a in sorted(missing))
        problems.extend(f"{where}: attribute {a!r} not allowed" for a in sorted(extra))
        if element.tag in ("testsuite", "testsuites") and "time" in element.attrib \
                and not _TIME.match(element.attrib["time"]):
            problems.append(f"{where}: time {element.attrib['time']!r} is not a SUREFIRE_TIME")
        for child in element:
            if child.tag not in _CHILDREN[element.tag]:
                problems.append(f"{where}: <{child.tag}> not allowed in <{element.tag}>")
            else:
                check(child, where)

    check(root, "")
    return problems
