"""Product releases: which behaviour, label and path each release of Platform SSO with Entra ID has.

One row per release. ``2023-11`` is the product of the seed documents (Company Portal 5.2401-era,
macOS 13 and 14, the Password method only); ``current`` is the product the current Microsoft Learn
articles describe (Company Portal 5.2404 and later, macOS 13 to 15, Secure Enclave, Smart card and
Password). Models read the row of their World (``runtime.product``): a label or a flow that changed
between releases is a field here, not an ``if`` in the model that shows it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from psso_sim.errors import SimError

__all__ = ["DEFAULT_PRODUCT", "PRODUCTS", "AdminSetting", "ProductRelease", "UnknownProduct",
           "product_for_company_portal", "product_for_date", "product_release"]


class UnknownProduct(SimError):
    subsystem = "product"
    exit_status = 2


@dataclass(frozen=True)
class AdminSetting:
    """Where an administrator changes a setting: the portal, the path through it, the setting's label."""

    portal: str
    path: tuple[str, ...]
    setting: str

    def describe(self) -> str:
        return f"{self.portal} > {' > '.join(self.path)} > '{self.setting}'"


@dataclass(frozen=True)
class ProductRelease:
    name: str
    summary: str
    company_portal_version: str
    macos_versions: tuple[int, ...]
    authentication_methods: tuple[str, ...]
    """The Platform SSO methods the release's Company Portal and Entra ID support (payload values)."""
    deregister_label: str
    """Company Portal > Preferences: the button that removes the device registration."""
    join_setting: AdminSetting
    """Who may join devices to Microsoft Entra (All / Selected / None)."""
    settings_catalog: AdminSetting
    """Intune admin center: the path to a new settings catalog policy (the policies list, then its Create
    button and what follows it) and the settings picker's category holding the SSO extension's settings
    (Intune "Configure platform SSO for macOS devices" > Step 2; late 2023: Devices > macOS > Configuration
    profiles > Create, "Extensible Single Sign-On (SSO)": docs/product/learn-articles.md section 11)."""
    registration_prompt: str
    """How a user is asked to register after enrollment: 'company-portal' (a Register popup in Company
    Portal, the seeds) or 'notification' (Company Portal says Done, then a Registration Required
    notification at the top right)."""
    registration_status_in_users_and_groups: bool
    """Users & Groups > Edit next to Network Account Server lists Platform SSO as Registered, and the
    user's Information icon shows the method ("Check your device registration status")."""
    registration_reminder: timedelta
    """A Registration Required notification left unanswered is posted again after this long: 'after a
    short time' (the seeds' JITR note; 5 minutes here), 'approximately 10 minutes' (the current Company
    Portal article's Tip)."""
    preferences_sign_out: bool
    """Company Portal > Preferences offers Sign out besides the deregister button (the seeds' troubleshooting
    guide; the current one names Deregister only)."""
    registration_dialogs: bool
    """Registering goes through macOS's dialogs per authentication method (the current join articles: the
    macOS 14+ prompt to register with Microsoft Entra, the Entra sign-in, then the Secure Enclave key, the
    smart card PIN, or the Single Sign-On window for the local password and an Authentication Required
    notification for the Entra password); False: the Entra sign-in's password is Platform SSO's first login
    and is synchronized at once (the seeds)."""
    entra_password_window: str
    """The window Platform SSO asks the Entra password in: 'Platform Single Sign-On' (the seeds' sign-in
    prompt) or 'Microsoft Entra' (the current join articles: 'When a Microsoft Entra window appears')."""
    user_info_label: str
    """Users & Groups: the control that shows the user's details: 'Info' (the seeds' 'Open Info menu') or
    'Information' (the current join articles: 'select the Information icon')."""
    described_by: tuple[str, ...]
    """The documents this row was read from."""
    documents_from: date
    """A document dated (``ms.date``) on or after this day describes this release or a later one: the
    seeds are of September 2023; Company Portal 5.2404, the current articles' minimum, shipped in April 2024."""

    def supports_method(self, method: str) -> bool:
        return method in self.authentication_methods


_SEEDS = ProductRelease(
    name="2023-11",
    summary="late 2023, as the seed documents describe it: Company Portal 5.2401-era, macOS 13 and 14, "
            "Password only",
    company_portal_version="5.2401",
    macos_versions=(13, 14),
    authentication_methods=("Password",),
    deregister_label="Unregister",
    join_setting=AdminSetting("Microsoft Intune admin center", ("Devices", "Device Settings"),
                              "Microsoft Entra ID join and registration settings"),
    settings_catalog=AdminSetting("Microsoft Intune admin center",
                                  ("Devices", "macOS", "Configuration profiles", "Create"),
                                  "Extensible Single Sign-On (SSO)"),
    registration_prompt="company-portal",
    registration_status_in_users_and_groups=False,
    registration_reminder=timedelta(minutes=5),
    preferences_sign_out=True,
    registration_dialogs=False,
    entra_password_window="Platform Single Sign-On",
    user_info_label="Info",
    described_by=("Register a Mac device with macOS Platform Single Sign-On using Company Portal (09/26/2023)",
                  "macOS Platform Single Sign-On known issues and troubleshooting (2023)"),
    documents_from=date(2023, 1, 1),
)

_CURRENT = ProductRelease(
    name="current",
    summary="as the current Microsoft Learn articles describe it: Company Portal 5.2404 and later, "
            "macOS 13, 14 and 15, Secure Enclave, Smart card and Password",
    company_portal_version="5.2404.0",
    macos_versions=(13, 14, 15),
    authentication_methods=("UserSecureEnclaveKey", "SmartCard", "Password"),
    deregister_label="Deregister",
    # The current troubleshooting article's path (the portal renamed Identity to Entra ID in 2025; the
    # facts page and earlier revisions write Identity > Devices > ...).
    join_setting=AdminSetting("Microsoft Entra admin center", ("Entra ID", "Devices", "Overview", "Device Settings"),
                              "Users may join devices to Microsoft Entra"),
    settings_catalog=AdminSetting("Microsoft Intune admin center",
                                  ("Devices", "Manage devices", "Configuration", "Create", "New policy"),
                                  "Extensible Single Sign On (SSO)"),
    registration_prompt="notification",
    registration_status_in_users_and_groups=True,
    registration_reminder=timedelta(minutes=10),
    preferences_sign_out=False,
    registration_dialogs=True,
    entra_password_window="Microsoft Entra",
    user_info_label="Information",
    described_by=("Join a Mac device with Microsoft Entra ID using Company Portal (2024-12-19)",
                  "Join a Mac device with Microsoft Entra ID during the out of box experience",
                  "macOS Platform single sign-on known issues and troubleshooting",
                  "Configure platform SSO for macOS devices (Intune)"),
    documents_from=date(2024, 4, 1),
)

PRODUCTS: dict[str, ProductRelease] = {release.name: release for release in (_SEEDS, _CURRENT)}
"""Every simulated product release, by name (the ``@product-NAME`` tag, ``--product NAME``); a plain dict,
so that a rule-breaking test can swap a row."""

DEFAULT_PRODUCT = "current"


def product_release(name: str) -> ProductRelease:
    """The row named ``name``; a clear error naming the releases (and the closest) otherwise."""
    if name in PRODUCTS:
        return PRODUCTS[name]
    close = difflib.get_close_matches(name, list(PRODUCTS), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UnknownProduct(f"no product release named '{name}'",
                         hint=f"{hint}releases: {', '.join(PRODUCTS)}")


def product_for_date(day: date | None) -> ProductRelease:
    """The release a document dated ``day`` describes: the latest one out by then (undated: the default)."""
    if day is None:
        return PRODUCTS[DEFAULT_PRODUCT]
    dated = [r for r in PRODUCTS.values() if r.documents_from <= day]
    earliest = min(PRODUCTS.values(), key=lambda r: r.documents_from)
    return max(dated, key=lambda r: r.documents_from) if dated else earliest


def product_for_company_portal(version: str) -> ProductRelease:
    """The release a document requiring Company Portal ``version`` (or later) describes: the latest whose
    Company Portal is at most that version (an older requirement: the earliest release)."""
    def key(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split(".") if part.isdigit())

    fits = [r for r in PRODUCTS.values() if key(r.company_portal_version) <= key(version)]
    return max(fits, key=lambda r: key(r.company_portal_version)) if fits else \
        min(PRODUCTS.values(), key=lambda r: key(r.company_portal_version))
