"""Each admin-side rule's scenarios fail when the rule is taken away.

The admin features (features/admin) run in a fresh pytest project (``pytester``) whose conftest
monkeypatches one rule out of the simulation: the settings catalog writes a setting to the wrong Apple
key, Intune delivers SSO payloads without its check (10001, 10002), an edited policy is not delivered
again, an unassigned profile stays assigned, the Entra admin center's Save never reaches Graph, the
join setting stays in the Intune admin center, a documented Apple key is refused, the all-devices
warning is gone. The scenarios resting on the rule must fail; with nothing patched, all of them pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rule_breaking import assert_rule_broke, make_project

pytest_plugins = ["pytester"]

ADMIN = Path(__file__).resolve().parent.parent / "features" / "admin"
CREATE = ADMIN / "create_platform_sso_policy.feature"
ERRORS = ADMIN / "platform_sso_policy_errors.feature"
PERMISSIONS = ADMIN / "insufficient_permissions.feature"


@dataclass(frozen=True)
class Break:
    feature: Path
    patch: str  # the body of an autouse fixture taking ``monkeypatch``
    failing: int  # how many scenarios (examples included) rest on the rule
    select: str = ""  # a -k expression, when only some scenarios of the feature rest on it


BREAKS = {
    "the deprecated authentication method is written to PlatformSSO's key": Break(
        CREATE,
        """
        from dataclasses import replace
        from psso_sim.intune import settings_catalog
        deprecated = "Authentication Method (Deprecated)"
        wrong = tuple(replace(s, key=("PlatformSSO", "AuthenticationMethod")) if s.label == deprecated else s
                      for s in settings_catalog.EXTENSIBLE_SSO)
        monkeypatch.setattr(settings_catalog, "EXTENSIBLE_SSO", wrong)
        """,
        failing=3,  # the two macOS 13 rows of the outline and the mixed fleet's macOS 13
        select="13",
    ),
    "Intune delivers SSO payloads without checking them": Break(
        ERRORS,
        """
        from psso_sim.intune import backend
        monkeypatch.setattr(backend, "check_sso_payloads", lambda profiles, macos_major: None)
        """,
        failing=4,
    ),
    "an edited policy is not delivered again": Break(
        ERRORS,
        """
        from psso_sim.intune.backend import IntuneBackend
        monkeypatch.setattr(IntuneBackend, "update_profile", lambda self, profile: None)
        """,
        failing=3,
        select="10001",
    ),
    "an unassigned profile stays assigned": Break(
        ERRORS,
        """
        from psso_sim.intune.backend import IntuneBackend
        monkeypatch.setattr(IntuneBackend, "unassign_profile", lambda self, identifier: None)
        """,
        failing=1,
        select="10002",
    ),
    "the Entra admin center's Save does not reach Graph": Break(
        PERMISSIONS,
        """
        from psso_sim.admin.device_settings import SAVED, DeviceSettingsPage
        monkeypatch.setattr(DeviceSettingsPage, "save", lambda self: setattr(self, "message", SAVED))
        """,
        failing=3,
        select="registration_fails",
    ),
    "the join setting stays in the Intune admin center": Break(
        PERMISSIONS,
        """
        from dataclasses import replace
        from psso_sim.product import releases
        moved_back = replace(releases.PRODUCTS["current"], join_setting=releases.PRODUCTS["2023-11"].join_setting)
        monkeypatch.setitem(releases.PRODUCTS, "current", moved_back)
        """,
        failing=4,
    ),
    "a key Apple documents (FileVaultPolicy) is refused": Break(
        CREATE,
        """
        from typing import Literal
        from pydantic import TypeAdapter
        from psso_sim.intune import settings_catalog
        modelled_before = TypeAdapter(Literal[
            "AuthenticationMethod", "UseSharedDeviceKeys", "TokenToUserMapping", "AccountDisplayName",
            "EnableCreateUserAtLogin", "EnableAuthorization", "AdministratorGroups", "AdditionalGroups",
            "AuthorizationGroups", "NewUserAuthorizationMode", "UserAuthorizationMode", "LoginFrequency"])
        real = settings_catalog.SsoExtensionPayload

        class Refusing(real):
            @classmethod
            def model_validate(cls, obj, *args, **kwargs):
                for key in obj.get("PlatformSSO", {}):
                    modelled_before.validate_python(key)
                return real.model_validate(obj, *args, **kwargs)

        monkeypatch.setattr(settings_catalog, "SsoExtensionPayload", Refusing)
        """,
        failing=1,
        select="filevault",
    ),
    "no warning for a Platform SSO policy assigned to all devices": Break(
        CREATE,
        """
        from psso_sim.intune.policy_wizard import PolicyDraft
        monkeypatch.setattr(PolicyDraft, "configures_platform_sso", lambda self, offered: False)
        """,
        failing=1,
        select="all_devices",
    ),
}


def _run(
    pytester: pytest.Pytester, features: list[Path], patch: str = "", select: str = ""
) -> tuple[dict[str, int], str]:
    make_project(pytester, features, patch, module="test_admin_rules")
    args = ["-q", "-p", "no:randomly", "test_admin_rules.py", *(["-k", select] if select else [])]
    result = pytester.runpytest_inprocess(*args)
    return result.parseoutcomes(), result.stdout.str()


def test_with_every_rule_in_place_the_admin_features_pass(pytester: pytest.Pytester) -> None:
    outcomes, output = _run(pytester, [CREATE, ERRORS, PERMISSIONS])
    assert outcomes.get("passed", 0) == 21 and not outcomes.get("failed"), output


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_its_scenarios(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    assert_rule_broke(*_run(pytester, [rule.feature], rule.patch, rule.select), name, rule.failing)
