"""Report an issue: Company Portal's Help > Send diagnostic report > Email logs, and what the
diagnostics service received.

Source: MacOS Platform single sign-on known issues and troubleshooting > Report an issue
"""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import then, when

from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)

_INCIDENT = re.compile(r"Incident ID: ([A-Z0-9]+)")


def _report(world: World, incident_id: str) -> dict[str, Any]:
    return world.diagnostics.incident(incident_id).bundle


@when(step_parser('the user navigates to "{path:Label}" in the "{app:Label}" app'))
def navigate_in_app(mac: Mac, path: str, app: str) -> None:
    """Follow a menu path such as "Help > Send diagnostic report" in an app's window.

    Source: Report an issue
    Example: When the user navigates to "Help > Send diagnostic report" in the "Company Portal" app
    """
    mac.desktop.navigate(path, app)


@when(step_parser('the user notes the incident ID and selects "{label:Label}"'), target_fixture="incident_id")
def note_incident_id(mac: Mac, label: str) -> str:
    """Read the incident ID the report window shows, then close the window.

    Source: Report an issue
    Example: When the user notes the incident ID and selects "Close"
    """
    shown = [m.group(1) for s in mac.desktop.screens("Send diagnostic report") for line in s.text
             if (m := _INCIDENT.search(line))]
    assert shown, f"no incident ID on screen:\n{mac.desktop.describe()}"
    mac.desktop.select(label, "Send diagnostic report")
    return shown[0]


@then(step_parser("the diagnostics service holds the logs for the noted incident ID"))
def service_holds_logs(world: World, mac: Mac, incident_id: str) -> None:
    """The upload reached the diagnostics service, from this Mac, under the ID the user noted.

    Example: Then the diagnostics service holds the logs for the noted incident ID
    """
    bundle = _report(world, incident_id)
    assert bundle["incidentId"] == incident_id
    assert bundle["device"]["udid"] == mac.udid, bundle["device"]


@then(step_parser("the logs say Platform SSO registration is complete, with the Mac's Entra device ID"))
def logs_say_registered(world: World, mac: Mac, incident_id: str) -> None:
    """The bundle's Platform SSO state matches the Mac's device object in Entra.

    Example: Then the logs say Platform SSO registration is complete, with the Mac's Entra device ID
    """
    psso = _report(world, incident_id)["platformSSO"]
    devices = [d for d in world.entra.directory.devices.values() if d.display_name == mac.name]
    assert devices, f"Entra has no device object for {mac.name}"
    assert psso["registrationCompleted"] is True and psso["deviceId"] == devices[0].device_id, psso
    assert psso["userState"] == "POUserStateNormal (0)", psso


@then(step_parser("the logs say Platform SSO registration is not complete"))
def logs_say_not_registered(world: World, incident_id: str) -> None:
    """The bundle says the Mac holds no registration.

    Example: Then the logs say Platform SSO registration is not complete
    """
    psso = _report(world, incident_id)["platformSSO"]
    assert psso["registrationCompleted"] is False and psso["deviceId"] is None, psso


@then(step_parser('the logs list the "{profile:Label}" profile'))
def logs_list_profile(world: World, incident_id: str, profile: str) -> None:
    """The bundle lists an installed profile by display name.

    Example: Then the logs list the "Platform SSO" profile
    """
    profiles = _report(world, incident_id)["management"]["profiles"]
    assert profile in profiles, profiles
