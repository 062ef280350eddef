"""The apps and product areas the simulation does not model, and the phrases that name them.

A step that acts in one of them (drag Company Portal to the Trash in Finder, download an installer in
a browser, look in Outlook) cannot be checked: the simulated Mac has no such app, so its failure would
say nothing about the document. Such a clause is reported ``cannot-check`` with the reason, where it
would otherwise be ``failed`` or ``not-understood``; a clause that worked stays ``verified``, and a
clause naming a modelled app (Company Portal, System Settings, Terminal, the Intune admin center) with
a label the product lacks stays ``failed``: there the document contradicts the product.

The table is data: one row per area, the patterns (regular expressions, case-insensitive, on the
clause's plain text) that name it, and why it is not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UNMODELLED", "Unmodelled", "unmodelled_in"]


@dataclass(frozen=True)
class Unmodelled:
    area: str  # what the step names, as the report says it
    patterns: tuple[str, ...]  # regular expressions that name it in a clause
    reason: str  # why the verifier cannot check it

    def matches(self, clause: str) -> bool:
        return any(re.search(pattern, clause, re.IGNORECASE) for pattern in self.patterns)


UNMODELLED: tuple[Unmodelled, ...] = (
    Unmodelled("Finder", (r"\bFinder\b", r"\b(?:Applications|Downloads) folder\b", r"\bMove to Trash\b",
                          r"\bto the Trash\b", r"\bempty (?:the )?Trash\b"),
               "the simulated Mac has no Finder: files and folders are not modelled"),
    Unmodelled("a context menu", (r"\bright[- ]click", r"\bcontrol[- ]click", r"\bcontext menu\b",
                                  r"\bsecondary click"),
               "context menus are not modelled: the simulated screens offer only their controls"),
    Unmodelled("a web download", (r"\bdownload\b.*(?:https?://|\binstaller\b|\.pkg\b|\bfrom the web\b)",
                                  r"\bhttps?://"),
               "web downloads are not modelled: the simulated Mac's apps are installed by its starting point"),
    # the Intune admin center is modelled (the administrator's browser), so "browser" alone is not enough
    Unmodelled("a web browser", (r"\bweb browser\b", r"\bin a browser\b", r"\bbrowser on\b"),
               "the simulated Mac has no web browser"),
    Unmodelled("a package installer", (r"\.pkg\b", r"\bInstaller app\b"),
               "installing a package is not modelled: Company Portal is installed by the starting point"),
    Unmodelled("Safari", (r"\bSafari\b",), "the simulated Mac has no Safari"),
    Unmodelled("Google Chrome", (r"\bChrome\b",), "the simulated Mac has no Chrome"),
    Unmodelled("Microsoft Edge", (r"\bMicrosoft Edge\b", r"\bEdge browser\b"),
               "the simulated Mac has no Microsoft Edge"),
    Unmodelled("Firefox", (r"\bFirefox\b",), "the simulated Mac has no Firefox"),
    Unmodelled("Outlook", (r"\bOutlook\b",), "the simulated Mac has no Outlook: mail is not modelled"),
    Unmodelled("Microsoft Teams", (r"\bMicrosoft Teams\b",), "the simulated Mac has no Microsoft Teams"),
    Unmodelled("Keychain Access", (r"\bKeychain Access\b",), "Keychain Access is not modelled"),
    Unmodelled("Apple Business Manager", (r"\bApple (?:Business|School) Manager\b", r"\bABM\b", r"\bASM\b"),
               "Apple Business Manager is not modelled: automated enrollment is a starting point"),
    Unmodelled("Apple Configurator", (r"\bApple Configurator\b",), "Apple Configurator is not modelled"),
    Unmodelled("the login window's new-user sign-in",
               (r"\bat the login (?:screen|window)\b",
                r"\bfrom the (?:Microsoft Entra(?: ID)? )?login (?:screen|window)\b",
                r"\bOther\.\.\.", r"\buser'?s? (?:Microsoft Entra(?: ID)? )?User Principal Name and password\b",
                r"\bLogin Screen Configuration\b"),
               "a new user signing in at the login window (shared Macs, Create User at Login) is not modelled"),
    Unmodelled("an MDM deployment summary",
               (r"^\W*Deploy (?:Company Portal|Platform SSO|macOS)\b",
                r"\bIT admin(?:istrator)? or delegated person\b"),
               "the administrator's deployment is the starting point's: Company Portal and the Platform SSO "
               "profile are deployed before the procedure starts"),
    Unmodelled("a custom configuration profile",
               (r"\bCustom configuration profile\b", r"\bDeployment channel\b", r"\.mobileconfig\b",
                r"\bCustom\W* template\b", r"\bConfiguration profile file\b"),
               "uploading a custom .mobileconfig (Templates > Custom) is not modelled: only settings catalog "
               "policies are"),
    Unmodelled("bulk device actions",
               (r"\bBulk Device Action", r"\bdevice action\b"),
               "the admin center's bulk device actions (Sync, Restart) are not modelled"),
    Unmodelled("Microsoft Authenticator on a phone",
               # approving a sign-in there ("open Authenticator on your phone and approve") is modelled
               (r"\bAuthenticator\b.*\b(?:add (?:an |a |your )?(?:work or school )?account|QR code)\b",
                r"\b(?:add (?:an |a |your )?(?:work or school )?account|QR code)\b.*\bAuthenticator\b"),
               "the simulated Authenticator only approves sign-in requests; the phone app itself is not modelled"),
)
"""Every area the simulation does not model, first match wins."""


def unmodelled_in(clause: str) -> Unmodelled | None:
    """The unmodelled app or area a clause names, if any."""
    text = clause.replace("**", "")
    return next((row for row in UNMODELLED if row.matches(text)), None)
