"""Company Portal when Intune does not answer: the branding and the Management Profile download
(psso_sim.company_portal.app)."""

from __future__ import annotations

from psso_sim.actors import Person
from psso_sim.world import World

ENROLLMENT = "enrollment.manage.microsoft.com"


def signed_in_to_company_portal(seed: int, *faults: str) -> Person:
    world = World(seed=seed, organisation="Fabrikam")
    user = world.add_user()
    someone = Person(world, user, world.add_mac(owner=user))
    for fault in faults:
        world.faults.inject(fault)
    someone.mac.open_app("Company Portal")
    someone.mac.desktop.select("Sign in", "Company Portal")
    someone.enter_credentials()
    return someone


def test_without_the_branding_company_portal_names_no_organisation() -> None:
    desktop = signed_in_to_company_portal(51, f"{ENROLLMENT}/enrollment/branding 503 x1").mac.desktop
    assert desktop.shows_text("Set up your organization access", "Company Portal")
    assert desktop.shows_text("your organization requires you to set up this Mac", "Company Portal")


def test_a_profile_download_intune_refuses_says_so_and_can_be_tried_again() -> None:
    someone = signed_in_to_company_portal(52)
    desktop, mac = someone.mac.desktop, someone.mac
    assert desktop.shows_text("Set up Fabrikam access", "Company Portal")
    for label in ("Begin", "Continue"):
        desktop.select(label, "Company Portal")
    someone.world.faults.inject(f"{ENROLLMENT}/enrollment/managementprofile 503 x1")
    desktop.select("Download profile", "Company Portal")
    assert desktop.shows_text("Couldn't download the profile (503).", "Company Portal")
    assert not mac.downloaded_profiles
    desktop.select("Download profile", "Company Portal")
    assert "Management Profile" in mac.downloaded_profiles
