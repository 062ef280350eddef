"""What an article states it requires, read as the World to verify it on.

Learn articles list their requirements ("## Prerequisites"): a minimum Company Portal version says which
product release the article describes more surely than its ``ms.date`` (an article is often revised
without a new date); a minimum macOS version says on which Macs its procedures run.

==========================================================  =========================================
written                                                     read as
==========================================================  =========================================
Company Portal app version 5.2404.0 or later                the release whose Company Portal is at most
                                                            that version (``product_for_company_portal``)
A required minimum version of macOS 14 Sonoma or later      procedures run on macOS 14 and later only
macOS 14 or later is required / macOS 13 and later          (the same)
==========================================================  =========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psso_sim.docs.markdown import plain_text
from psso_sim.docs.model import Document

__all__ = ["Prerequisites", "prerequisites_of"]

_COMPANY_PORTAL = re.compile(r"Company Portal\b.{0,60}?\bversion (?P<version>\d+\.\d+(?:\.\d+)*) or (?:later|newer)",
                             re.IGNORECASE)
_MIN_MACOS = re.compile(r"(?:minimum (?:version of )?|requires? )?mac\s?OS (?P<major>\d{2})(?: \w+)? (?:or|and) "
                        r"(?:later|newer|above)", re.IGNORECASE)
_SECTION = re.compile(r"^(?:prerequisites|requirements|before you begin)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Prerequisites:
    company_portal: str | None = None  # "5.2404.0": the minimum the article states
    company_portal_line: int = 0
    min_macos: int | None = None
    min_macos_line: int = 0

    def describe(self) -> str:
        said = []
        if self.company_portal:
            said.append(f"Company Portal {self.company_portal} or later (line {self.company_portal_line})")
        if self.min_macos:
            said.append(f"macOS {self.min_macos} or later (line {self.min_macos_line})")
        return "; ".join(said)


def prerequisites_of(doc: Document) -> Prerequisites:
    """The first requirement of each kind in the article's Prerequisites (or Requirements) section."""
    sections = [s for s in doc.sections if _SECTION.match(s.title)]
    found: dict[str, tuple[str, int]] = {}
    for section in sections:
        for number in range(section.line, section.end_line + 1):
            text = plain_text(doc.lines[number - 1]) if number <= len(doc.lines) else ""
            portal, macos = _COMPANY_PORTAL.search(text), _MIN_MACOS.search(text)
            if portal and "portal" not in found:
                found["portal"] = (portal.group("version"), number)
            if macos and "macos" not in found:
                found["macos"] = (macos.group("major"), number)
    portal_version, portal_line = found.get("portal", (None, 0))
    macos_major, macos_line = found.get("macos", (None, 0))
    return Prerequisites(portal_version, portal_line, int(macos_major) if macos_major else None, macos_line)
