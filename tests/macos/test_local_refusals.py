"""What the Mac itself refuses, before anything reaches Entra: a PIN on an unlocked screen, a card login into
an open session, Touch ID with nothing asking or no finger enrolled, a Platform SSO prompt with nobody
registered, an SSO payload that does not come from MDM, a recovery without a new password; and what a closed
window draws: nothing (psso_sim.macos.lock_screen, .login_window, .secure_enclave, .password_prompt,
.password_recovery, .passkeys, .mac)."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.errors import SimError
from psso_sim.intune.profiles import ConfigurationProfile, recommended_psso_payload
from psso_sim.macos.lock_screen import NotLocked
from psso_sim.macos.login_window import SessionError
from psso_sim.macos.mac import Mac
from psso_sim.macos.passkeys import COMPANY_PORTAL
from psso_sim.macos.password_recovery import RESET_PASSWORD
from psso_sim.world import World


@pytest.fixture
def mac() -> Mac:
    return World(seed=151).add_mac()


def test_a_pin_on_an_unlocked_screen_or_into_an_open_session_is_refused(mac: Mac) -> None:
    with pytest.raises(NotLocked, match="is not locked") as raised:
        mac.lock_screen.unlock_with_pin("123456")
    assert raised.value.hint == "lock the Mac first"
    with pytest.raises(SessionError, match=f"'{mac.account.short_name}' is already signed in to {mac.name}"):
        mac.login_window.sign_in_with_pin("123456")


def test_touch_id_needs_a_finger_enrolled_and_a_prompt_asking(mac: Mac) -> None:
    with pytest.raises(SimError, match=f"nothing on {mac.name}'s screen asks for Touch ID"):
        mac.touch_id.touch()
    mac.lock_screen.lock()
    mac.touch_id.enrolled = False
    with pytest.raises(SimError, match="no fingerprint is enrolled for Touch ID"):
        mac.touch_id.touch()
    assert mac.lock_screen.locked


def test_the_platform_sso_prompt_needs_a_registered_user(mac: Mac) -> None:
    with pytest.raises(SimError, match="Platform SSO has no registered user to sign in"):
        mac.password_prompt.ask("Your session has expired.")
    assert not mac.password_prompt.open


def test_an_sso_payload_installed_by_hand_is_refused(mac: Mac) -> None:
    profile = ConfigurationProfile(PayloadIdentifier="com.contoso.psso", PayloadUUID="P", PayloadDisplayName="PSSO",
                                   PayloadContent=[recommended_psso_payload(payload_uuid="PP")])
    with pytest.raises(SimError, match="an SSO extension payload must come from an MDM server"):
        mac.install_profile(profile)
    assert "com.contoso.psso" not in mac.profiles


def test_a_recovery_key_reset_needs_a_new_password(mac: Mac) -> None:
    window = mac.filevault.reset_window
    mac.filevault.offer_reset()
    mac.desktop.enter("Recovery Key", mac.filevault.personal_recovery_key, RESET_PASSWORD)
    mac.desktop.select(RESET_PASSWORD, RESET_PASSWORD)
    assert window.error == "Enter a new password." and window.open
    window.close()
    assert window.view() is None


def test_a_passkey_provider_switch_turns_off_again_and_no_key_means_no_passkey() -> None:
    world = World(seed=152)
    world.target_platform_sso(method="UserSecureEnclaveKey")
    user = world.add_user()
    someone = Person(world, user, world.add_mac(owner=user))
    someone.enroll_with_company_portal()
    mac = someone.mac
    mac.passkeys.toggle(COMPANY_PORTAL)
    mac.passkeys.toggle(COMPANY_PORTAL)
    assert COMPANY_PORTAL not in mac.passkeys.providers
    assert mac.passkeys.why_no_platform_credential() == "no Platform Credential is registered on this Mac"


def test_closed_windows_draw_nothing(mac: Mac) -> None:
    assert mac.lock_screen.view() is None  # unlocked
    assert mac.login_window.view() is None  # signed in
    assert mac.password_prompt.view() is None
    assert mac.settings.view() is None
    assert mac.company_portal.view() is None
