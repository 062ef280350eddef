"""A phone sign-in nobody approves: the sheet polls for two minutes, then says the request timed out and asks
again (psso_sim.ui.sign_in_sheet)."""

from __future__ import annotations

from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.ui.sign_in_sheet import MFA_POLL_INTERVAL, MFA_TIMEOUT
from psso_sim.world import World

TIMED_OUT = "We didn't hear from you. Sign-in request timed out."


def test_an_approval_left_pending_times_out_and_the_sign_in_can_be_sent_again() -> None:
    world = World(seed=62)
    user = world.add_user(per_user_mfa=True)
    someone = Person(world, user, world.add_mac(owner=user))
    desktop = someone.mac.desktop
    someone.mac.open_app("Company Portal")
    desktop.select("Sign in", "Company Portal")
    desktop.enter("Email address", user.user_principal_name, "Sign in")
    desktop.enter("Password", someone.entra_password, "Sign in")
    desktop.select("Next", "Sign in")
    assert desktop.shows_text("Approve sign in request", "Sign in")
    world.advance(MFA_TIMEOUT - MFA_POLL_INTERVAL)
    assert desktop.shows_text("Approve sign in request", "Sign in")  # still polling
    world.advance(MFA_POLL_INTERVAL)
    assert desktop.shows_text(TIMED_OUT, "Sign in") and desktop.is_on_screen("Next", "Sign in")
    assert not someone.mac.company_portal.signed_in
    polls = sum(entry.message == "sign-in sheet polls for MFA approval" for entry in world.trace.entries)
    world.advance(timedelta(minutes=5))  # timed out: no more polls
    assert sum(entry.message == "sign-in sheet polls for MFA approval" for entry in world.trace.entries) == polls
    desktop.select("Next", "Sign in")  # the sheet kept the email address and password
    someone.approve_sign_in()
    assert someone.mac.company_portal.signed_in
    assert not desktop.shows_text(TIMED_OUT)
