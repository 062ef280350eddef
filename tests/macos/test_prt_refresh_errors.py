"""The PRT refresh when it cannot be made: a refusal Entra may not repeat is tried again at the next interval,
a Mac with nothing registered has nothing to refresh, and an SSO extension built without the Mac's clock or
nonces refuses the device-key flows (psso_sim.macos.prt_refresh, psso_sim.company_portal.sso_extension)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from psso_sim.actors import Person
from psso_sim.company_portal.sso_extension import SsoExtension
from psso_sim.errors import SimError
from psso_sim.macos.platform_sso import UserState
from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL
from psso_sim.world import World

TOKEN = "login.microsoftonline.com/*/oauth2/v2.0/token"


def test_a_refresh_entra_refuses_for_now_is_tried_again_at_the_next_interval(registered: Callable[..., Person]) -> None:
    someone = registered(161)
    world, mac, psso = someone.world, someone.mac, someone.mac.platform_sso
    assert psso.tokens is not None
    prt = psso.tokens.prt
    world.faults.inject(f"{TOKEN} 400 x1")
    world.advance(PRT_REFRESH_INTERVAL)
    refresh = mac.prt_refresh
    assert refresh.last_refresh == world.now() and psso.last_error == "Bad Request."
    assert refresh.next_refresh is not None and refresh.next_refresh.due == world.now() + PRT_REFRESH_INTERVAL
    assert psso.user_state is UserState.NORMAL and psso.tokens.prt == prt  # nothing asked of the user
    world.advance(PRT_REFRESH_INTERVAL)
    assert psso.tokens.prt != prt  # the next refresh renewed it


def test_a_mac_with_nothing_registered_has_nothing_to_refresh() -> None:
    world = World(seed=162)
    mac = world.add_mac()
    mac.prt_refresh.refresh()
    assert mac.prt_refresh.last_refresh is None and mac.prt_refresh.next_refresh is None


def test_an_extension_without_the_macs_clock_or_nonces_refuses_the_device_key_flows(
    registered: Callable[..., Person],
) -> None:
    someone = registered(163)
    registration = someone.mac.platform_sso.registration
    assert registration is not None
    bare = SsoExtension(someone.world.network.client("a web view"), someone.world.entra.tenant.tenant_id)
    with pytest.raises(SimError) as refused:
        bare.password_login(registration, someone.user.user_principal_name, someone.entra_password)
    assert str(refused.value) == "SIM/company-portal: this SSO extension has no nonce source: logins need one"
    with pytest.raises(SimError) as refused:
        bare.unregister_device(registration)
    assert str(refused.value) == "SIM/company-portal: this SSO extension has no clock: device-key flows need one"
    assert registration.device_id in someone.world.entra.directory.devices


def test_a_refresh_whose_device_key_entra_refuses_stops_the_refresh(registered: Callable[..., Person]) -> None:
    """AADSTS50155 (the proof of the device key failed) means the device is gone for the Mac, as 700003 does:
    no refresh is scheduled again and nothing asks the user for a password."""
    someone, other = registered(162), registered(163)
    world, mac = someone.world, someone.mac
    registration, stranger = mac.platform_sso.registration, other.mac.platform_sso.registration
    assert registration is not None and stranger is not None
    key = other.world.entra.directory.devices[stranger.device_id].signing_key  # a key this Mac does not hold
    world.entra.directory.update_device(registration.device_id, signing_key=key)
    world.advance(PRT_REFRESH_INTERVAL)
    assert "AADSTS50155" in (mac.platform_sso.last_error or ""), mac.platform_sso.last_error
    assert mac.prt_refresh.next_refresh is None
    assert mac.platform_sso.user_state is UserState.NORMAL


@pytest.mark.parametrize("missing", ["user_name", "registration"])
def test_signing_in_again_needs_both_a_user_and_a_registration(registered: Callable[..., Person],
                                                               missing: str) -> None:
    """A "Sign In Required" notification's Sign In, answered after the registration or its user went (a Repair,
    an unregistration), asks for nothing: there is no one to sign in, or nothing to sign in to."""
    mac = registered(62).mac
    setattr(mac.platform_sso, missing, None)
    mac.platform_sso.sign_in_again("Your Microsoft Entra ID sign-in has expired.")
    assert not mac.desktop.is_on_screen("Sign In"), mac.desktop.describe()
    assert mac.password_prompt.message is None
