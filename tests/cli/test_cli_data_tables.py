"""The data-table Given-steps, called directly on a World, and the table reader behind them."""

from __future__ import annotations

import pytest

from psso_sim.authoring.datatable import Column, DataTableError, TableSpec
from psso_sim.entra.models import ConditionalAccessGrant, JoinPermission
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.steps.data_tables import (
    CONDITIONAL_ACCESS,
    DEVICE_SETTINGS,
    MACS,
    USERS,
    these_conditional_access_policies,
    these_device_settings,
    these_macs,
    these_users,
)
from psso_sim.world import World

from .support import cli, write


def error(callable_, *args) -> str:
    with pytest.raises(DataTableError) as info:
        callable_(*args)
    return str(info.value)


def test_users_from_a_table_with_faker_filling_the_rest():
    world = World(seed=3)
    user = these_users(world, [
        ["name", "mfa", "MFA mode"],
        ["Adele Vance", "none", "Per-User"],
        ["", "", ""],
    ])
    assert user.user_principal_name == "adele.vance@contosolabs.onmicrosoft.com"
    assert user.display_name == "Adele Vance"
    assert user.mfa_methods == () and user.per_user_mfa
    assert len(user.password) >= 12
    [other] = [u for u in world.entra.directory.users.values() if u is not user]
    assert other.mfa_methods == ("Microsoft Authenticator",) and not other.per_user_mfa
    assert these_users(World(seed=3), [["name"], ["Adele Vance"]]).password == user.password  # seeded


def test_a_upn_without_domain_gets_the_tenants():
    user = these_users(World(), [["upn", "password"], ["megan.bowen", "Secret-123"]])
    assert (user.user_principal_name, user.display_name, user.password) == (
        "megan.bowen@contosolabs.onmicrosoft.com", "Megan Bowen", "Secret-123")


def test_unknown_columns_and_values_say_what_is_allowed():
    message = error(these_users, World(), [["name", "pasword"], ["Adele Vance", "x"]])
    assert message == ("SIM/steps: the \"these users\" table has no column 'pasword'; its columns are: "
                       f"{USERS.describe()}\n  hint: did you mean 'password'?")
    message = error(these_users, World(), [["name", "mfa"], ["Adele Vance", "SMS"]])
    assert message == ("SIM/steps: the \"these users\" table, row 1 (Adele Vance), column 'mfa': "
                       "'SMS' is not allowed; allowed: Microsoft Authenticator, none")
    assert "needs a data table under it" in error(these_users, World(), None)
    assert "has a header row but no data rows" in error(these_users, World(), [["name"]])


def test_device_settings():
    world = World()
    these_users(world, [["name"], ["Adele Vance"], ["Alex Wilber"]])
    these_device_settings(world, [["users may join devices", "selected users", "require MFA to join"],
                                  ["selected", "Adele Vance, alex.wilber", "no"]])
    policy = world.entra.directory.device_registration_policy
    assert policy.join is JoinPermission.SELECTED and len(policy.selected_users) == 2
    assert not policy.require_mfa
    message = error(these_device_settings, world, [["join", "selected users"], ["All", "Adele Vance"]])
    assert ("column 'selected users': applies only when 'users may join devices' is Selected, "
            "not All") in message
    message = error(these_device_settings, world, [["join", "selected users"], ["Selected", "Nestor"]])
    assert "row 1 (Selected), column 'selected users': no user 'Nestor' in Entra ID; users: " in message
    assert "at most 1" in error(these_device_settings, world, [["join"], ["All"], ["None"]])


def test_conditional_access_policies():
    world = World()
    these_conditional_access_policies(world, [
        ["name", "grant", "target resources", "state"],
        ["MFA for enrollment", "require multifactor authentication", "Microsoft Intune Enrollment", "On"],
        ["", "Require device to be marked as compliant", "", "Report-only"],
    ])
    policies = world.entra.directory.conditional_access
    mfa = policies["MFA for enrollment"]
    assert (mfa.grant, mfa.resources, mfa.enabled) == (ConditionalAccessGrant.MFA, {INTUNE_RESOURCE}, True)
    [compliant] = [p for name, p in policies.items() if name.startswith("CA002")]
    assert DRS_RESOURCE in compliant.resources and not compliant.enabled
    message = error(these_conditional_access_policies, world, [["name"], ["No grant"]])
    assert message.startswith("SIM/steps: the \"these Conditional Access policies\" table, row 1 (No grant), "
                              "column 'grant': a value is required; allowed: Require multifactor")
    message = error(these_conditional_access_policies, world,
                    [["grant", "cloud apps"], ["Require multifactor authentication", "Office 365, Teams"]])
    assert "column 'target resources': 'Teams' is not allowed; allowed: All cloud apps," in message


def test_table_specs_describe_their_columns():
    assert MACS.describe() == "macOS (13 | 14 | 15 | Ventura | Sonoma | Sequoia), owner, name, local password"
    assert DEVICE_SETTINGS.describe().startswith("users may join devices (All | Selected | None)")
    assert CONDITIONAL_ACCESS.describe().startswith("name, grant* (")
    spec = TableSpec("things", (Column("kind", "", allowed=("a", "b"), many=True),))
    assert spec.read([["Kind"], ["A, b"]])[0].values("kind") == ["a", "b"]
    assert spec.problems([["kind"], ["<kind>"]]) == []
    assert spec.problems([["kind"], ["c"]]) == [
        (1, "the \"things\" table, row 1 (c), column 'kind': 'c' is not allowed; allowed: a, b")]


def test_macs_from_a_table_make_their_owner_the_user(request):
    world = World()
    these_users(world, [["name"], ["Adele Vance"], ["Alex Wilber"]])
    mac = these_macs(world, request, [["macOS", "owner", "name", "local password"],
                                      ["Ventura", "alex.wilber", "Alex's iMac", "Local-pass-1"],
                                      ["", "Adele Vance", "", ""]])
    assert (mac.macos_major, mac.name, mac.account.full_name, mac.account.password) == (
        13, "Alex's iMac", "Alex Wilber", "Local-pass-1")
    assert request.getfixturevalue("user").display_name == "Alex Wilber"
    assert world.macs["Adele's MacBook Pro"].macos_major == 14
    message = error(these_macs, world, request, [["owner"], ["Nestor"]])
    assert message.startswith(
        "SIM/steps: the \"these Macs\" table, row 1 (Nestor), column 'owner': no user 'Nestor'")


def test_macs_from_a_table_run_in_a_feature(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Macs
          Scenario: Two users, the second one's Mac
            Given these users:
              | name        |
              | Adele Vance |
              | Alex Wilber |
            And these Macs:
              | macOS   | owner       | name        | local password |
              | Ventura | alex.wilber | Alex's iMac | Local-pass-1   |
            When the user opens the "Company Portal" app
            And the user selects "Sign in"
            And the user enters their Microsoft Entra ID credentials and selects "Next"
            Then the "Company Portal" window shows "Set up Contoso Labs access"
    """)
    status, out, _ = cli(capsys, "run", str(path))
    assert status == 0, out


def test_a_bad_value_fails_the_step_with_the_row_and_column(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Macs
          Scenario Outline: A Mac on macOS <version>
            Given these Macs:
              | macOS     |
              | <version> |

            Examples:
              | version |
              | 12      |
    """)
    status, out, _ = cli(capsys, "run", str(path))
    assert status == 1
    assert ("because:  SIM/steps: the \"these Macs\" table, row 1 (12), column 'macOS': '12' is not allowed; "
            "allowed: 13, 14, 15, Ventura, Sonoma, Sequoia") in out
