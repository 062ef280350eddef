"""The product's own words, per release: the UI labels and product names a document is checked against.

Labels that changed between releases are read from the release and macOS rows (``sim/product/``), so a
document is judged against the release its ``ms.date`` describes; the labels every release shows are a
small table here, each as the simulated UI shows it (``sim/company_portal``, ``sim/macos``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from psso_sim.macos.authentication_methods import METHODS
from psso_sim.product.macos import MACOS, MacOSRelease
from psso_sim.product.releases import PRODUCTS, ProductRelease

__all__ = ["FORMER_NAMES", "PRODUCT_NAMES", "UI_LABELS", "Renamed", "Vocabulary", "vocabulary"]

UI_LABELS: tuple[str, ...] = (
    # Company Portal: its window, enrollment, Preferences and Help
    "Company Portal", "Sign in", "Sign out", "Begin", "Continue", "Download profile", "Done", "Register", "Enroll",
    "Preferences", "Help", "Send diagnostic report", "Email logs", "Devices", "Update",
    # macOS: notifications, Platform SSO's windows and prompts (registration_dialogs.py, password_prompt.py)
    "Registration Required", "Authentication Required", "Install", "Sign-in", "Sign In", "Single Sign-On",
    "Enter pin for the smart card", "OK", "Cancel", "Next", "Password", "Move to Trash",
    # System Settings and its panes
    "Settings", "General", "Users & Groups", "Network Account Server", "Edit", "Repair", "Registered", "Info menu",
    "Management Profile", "Terminal", "Platform SSO", "Passwords", "Autofill & Passwords",
)
"""Labels the simulated UI shows in every release (the release and macOS rows hold the ones that differ)."""

PRODUCT_NAMES: tuple[str, ...] = (
    "Microsoft Entra admin center", "Microsoft Intune admin center", "Microsoft Entra ID", "Microsoft Entra",
    "Entra ID", "Microsoft Intune", "Intune", "Company Portal", "Platform SSO", "Microsoft Authenticator",
    "Touch ID", "FileVault", "Setup Assistant",
)
"""Product names as their makers write them, longest first (a longer name wins where both match)."""


FORMER_NAMES: dict[str, str] = {
    "Microsoft Endpoint Manager admin center": "Microsoft Intune admin center",  # renamed October 2022
    "Microsoft Endpoint Management center": "Microsoft Intune admin center",
    "Microsoft Endpoint Manager": "Microsoft Intune",
    "Azure Active Directory admin center": "Microsoft Entra admin center",  # renamed July 2023
    "Azure Active Directory": "Microsoft Entra ID",
    "Azure AD": "Microsoft Entra ID",
}
"""Product names their makers have replaced, longest first, and the name to write now."""


@dataclass(frozen=True)
class Renamed:
    """A label of another release: which release shows it, and what this release shows instead."""

    release: str
    label: str
    instead: str


@dataclass(frozen=True)
class Vocabulary:
    release: str
    labels: frozenset[str]
    renamed: dict[str, Renamed] = field(default_factory=dict)
    settings_app: str = "System Settings"
    product_names: tuple[str, ...] = PRODUCT_NAMES


def _changing(release: ProductRelease) -> dict[str, str]:
    """The release's labels that may differ from another release's, by field."""
    return {
        "deregister": release.deregister_label,
        "entra password window": release.entra_password_window,
        "user info": release.user_info_label,
        "join setting": release.join_setting.setting,
        "settings catalog category": release.settings_catalog.setting,
    }


def _macos_labels(row: MacOSRelease) -> set[str]:
    # Not the macOS names: findings.py's product-name check knows them, and "macOS 14.6 Sonoma" is right.
    return {*row.profiles_path, *row.passkey_provider_path, row.passkey_provider_setting, row.settings_app}


def _labels(release: ProductRelease) -> set[str]:
    labels = set(UI_LABELS) | set(_changing(release).values())
    labels |= {*release.join_setting.path, *release.settings_catalog.path, release.join_setting.portal,
               release.settings_catalog.portal}
    for major in release.macos_versions:
        labels |= _macos_labels(MACOS[major])
    for method in METHODS.values():  # the method's name, its Users & Groups label, its payload value
        labels |= {method.title, method.info_label, method.value}
    return labels


def vocabulary(release: ProductRelease) -> Vocabulary:
    """The labels of ``release``, and the labels of the others it shows differently."""
    labels = _labels(release)
    mine = _changing(release)
    renamed = {
        theirs: Renamed(other.name, theirs, mine[key])
        for other in PRODUCTS.values()
        if other.name != release.name
        for key, theirs in _changing(other).items()
        if theirs != mine[key] and theirs not in labels
    }
    apps = {MACOS[major].settings_app for major in release.macos_versions}
    return Vocabulary(release.name, frozenset(labels), renamed, settings_app=min(apps))
