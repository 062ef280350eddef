"""The settings catalog's settings picker: categories, then the settings of one, selected by label.

"In Configuration settings, select Add settings. In the settings picker, expand Authentication, and
select Extensible Single Sign On (SSO)... In the list, select the following settings... Close the
settings picker." The category's name and the settings offered are the product release's
(``settings_catalog.setting``, :func:`~psso_sim.intune.settings_catalog.offered_settings`). Selecting an
entry adds it (once more removes it); a group row ("Platform SSO") expands, and stays expanded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from psso_sim.admin.portal import Actions, Page
from psso_sim.intune.settings_catalog import CatalogSetting

__all__ = ["AUTHENTICATION", "SettingsPicker"]

AUTHENTICATION = "Authentication"
_OTHER_CATEGORIES = ("Accounts", "Networking", "Privacy", "System Configuration")
_GROUP_SEPARATOR = " > "


class SettingsPicker:
    def __init__(
        self, category: str, offered: tuple[CatalogSetting, ...], chosen: list[str], on_close: Callable[[], None]
    ) -> None:
        self.category = category
        self.offered = offered
        self.chosen = chosen  # picker entries, shared with the draft that opened the picker
        self._on_close = on_close
        self.expanded: set[str] = set()
        self.showing: str | None = None  # the category whose settings are listed

    def entries(self) -> list[str]:
        """Every picker entry of the category, as a path: "Platform SSO > Use Shared Device Keys"."""
        return list(dict.fromkeys(s.picker_entry for s in self.offered))

    def page(self) -> Page:
        rows: Actions = {AUTHENTICATION: partial(self.expanded.add, AUTHENTICATION)}
        rows |= {name: _nothing for name in _OTHER_CATEGORIES}
        if AUTHENTICATION in self.expanded:
            rows[self.category] = partial(setattr, self, "showing", self.category)
        text = ["Settings picker", "Use commas \",\" among search terms to lookup settings by their keywords"]
        buttons: Actions = {}
        if self.showing is not None:
            text.append(f"{self.category}: {len(self.entries())} settings")
            for entry in self.entries():
                group, _, label = entry.rpartition(_GROUP_SEPARATOR)
                top = entry.split(_GROUP_SEPARATOR)[0]
                if group and top not in rows:
                    rows[top] = partial(self.expanded.add, top)
                if group and top not in self.expanded:
                    continue
                mark = "[x]" if entry in self.chosen else "[ ]"
                text.append(f"{mark} {entry}")
                buttons[label] = partial(self._toggle, entry)
        buttons["Close"] = self._on_close
        return Page("Settings picker", text, rows=rows, buttons=buttons)

    def _toggle(self, entry: str) -> None:
        if entry in self.chosen:
            self.chosen.remove(entry)
        else:
            self.chosen.append(entry)


def _nothing() -> None:
    """A category the documents do not open."""
