"""The diagnostics service over HTTP: uploads under an incident ID, one upload per ID."""

from __future__ import annotations

from psso_sim.diagnostics_service import DIAGNOSTICS_HOST
from psso_sim.entra.models import DirectoryRole
from psso_sim.world import World

URL = f"https://{DIAGNOSTICS_HOST}/incidents"


def admin_headers(world: World) -> dict[str, str]:
    """A Graph access token of the tenant's Intune Administrator: who reads diagnostic reports."""
    admin = world.add_user(password="Admin-2024!")
    world.entra.directory.assign_role(admin, DirectoryRole.INTUNE_ADMINISTRATOR)
    token = world.entra.tokens.password_grant(admin.user_principal_name, "Admin-2024!", client_id="test",
                                              resource="https://graph.microsoft.com").access_token
    return {"Authorization": f"Bearer {token}"}


def test_upload_then_look_up_an_incident() -> None:
    world = World(seed=1)
    http = world.network.client("test")
    upload = {"incidentId": "AB12CD34", "application": "Company Portal", "bundle": {"a": 1}}
    answer = http.post(URL, json=upload)
    assert answer.status_code == 201
    assert answer.json() == {"incidentId": "AB12CD34", "application": "Company Portal",
                             "receivedDateTime": "2023-11-06T09:00:00Z"}
    assert http.get(f"{URL}/AB12CD34").status_code == 401  # the incident ID alone reads nothing
    admin = admin_headers(world)
    assert http.get(f"{URL}/AB12CD34", headers=admin).json()["bundle"] == {"a": 1}
    again = http.post(URL, json={"incidentId": "AB12CD34", "application": "Company Portal", "bundle": {}})
    assert again.status_code == 409 and "already uploaded" in again.json()["error_description"]
    missing = http.get(f"{URL}/ZZZZ0000", headers=admin)
    assert missing.status_code == 404 and "unknown incident 'ZZZZ0000'" in missing.json()["error_description"]


def test_a_malformed_upload_is_refused_at_the_edge() -> None:
    world = World(seed=1)
    http = world.network.client("test")
    answer = http.post(URL, json={"incidentId": "lower", "application": "Company Portal", "bundle": {}})
    assert answer.status_code == 400
    assert answer.json()["error_description"].startswith("Invalid body: incidentId:")
    assert not world.diagnostics.incidents
