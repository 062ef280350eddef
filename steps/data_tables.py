"""Given-steps that build the world from data tables: users, device settings, Conditional Access, Macs.

The first row under the header names the columns; each further row is one user, policy or Mac.
What a row leaves out, the World's seeded Faker fills (names, passwords) or the product's default
stays (macOS 14, MFA by Microsoft Authenticator). The first user is "the user" and the first Mac
"the Mac" of the steps that follow (a Mac's owner then becomes "the user"), so every When and Then
step works on them unchanged.
"""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given
from pytest_bdd.compat import inject_fixture

from psso_sim.authoring.datatable import Column, TableRow, TableSpec, reads_table
from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy, JoinPermission, User
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import MACOS_NAMES, macos_major, step_parser
from psso_sim.world import World

__all__ = ["CONDITIONAL_ACCESS", "DEVICE_SETTINGS", "MACS", "TARGET_RESOURCES", "USERS"]

Table = list[list[str]] | None

USERS = TableSpec("these users", (
    Column("name", "display name, e.g. Adele Vance"),
    Column("upn", "user principal name; without '@' the tenant's domain is added",
           aliases=("user principal name", "username")),
    Column("password", "the Microsoft Entra ID password"),
    Column("mfa", "the MFA method the user registered", allowed=("Microsoft Authenticator", "none"),
           aliases=("mfa method",)),
    Column("mfa mode", "how MFA is required", allowed=("conditional access", "per-user")),
))

DEVICE_SETTINGS = TableSpec("these device settings", (
    Column("users may join devices", "Devices > Device settings", allowed=("All", "Selected", "None"),
           aliases=("join permission", "join")),
    Column("selected users", "names or UPNs, comma-separated, when join is Selected"),
    Column("require MFA to join", "Require multifactor authentication to register or join devices",
           allowed=("yes", "no"), aliases=("require mfa",)),
), max_rows=1)

TARGET_RESOURCES = {
    "All cloud apps": frozenset({INTUNE_RESOURCE, DRS_RESOURCE, "Office 365"}),
    "Microsoft Intune Enrollment": frozenset({INTUNE_RESOURCE}),
    "Register or join devices": frozenset({DRS_RESOURCE}),
    "Office 365": frozenset({"Office 365"}),
}

CONDITIONAL_ACCESS = TableSpec("these Conditional Access policies", (
    Column("name", "the policy name"),
    Column("grant", "the grant control", allowed=tuple(g.value for g in ConditionalAccessGrant),
           required=True),
    Column("target resources", "cloud apps or user actions (default: All cloud apps)",
           allowed=tuple(TARGET_RESOURCES), many=True, aliases=("cloud apps", "resources")),
    Column("state", "Enable policy", allowed=("On", "Off", "Report-only")),
))


MACS = TableSpec("these Macs", (
    Column("macOS", "the macOS version (default 14)", allowed=tuple(MACOS_NAMES),
           aliases=("macos version", "version")),
    Column("owner", "the user's name or UPN (default: the user)", aliases=("user",)),
    Column("name", "the Mac's name, e.g. Adele's MacBook Pro"),
    Column("local password", "the local account's password"),
))


@given(step_parser("these users:"), target_fixture="user")
@reads_table(USERS)
def these_users(world: World, datatable: Table = None) -> User:
    """Microsoft Entra ID users, one a row; the first is "the user".

    Example: Given these users:
    Source: Register a Mac device > Prerequisites
    Area: Setup
    """
    users = [_add_user(world, row) for row in USERS.read(datatable)]
    return users[0]


@given(step_parser("these device settings:"))
@reads_table(DEVICE_SETTINGS)
def these_device_settings(world: World, datatable: Table = None) -> None:
    """Entra ID > Devices > Device settings: who may join Macs to Microsoft Entra, and whether MFA is needed.

    Example: Given these device settings:
    Source: Register a Mac device > Prerequisites
    Area: Setup
    """
    [row] = DEVICE_SETTINGS.read(datatable)
    directory = world.entra.directory
    policy = directory.device_registration_policy
    join = JoinPermission(row.get("users may join devices") or policy.join.value)
    selected = frozenset(_find_user(world, row, "selected users", name).object_id
                         for name in row.values("selected users"))
    if selected and join is not JoinPermission.SELECTED:
        raise row.error("selected users", "applies only when 'users may join devices' is Selected, "
                                          f"not {join.value}")
    mfa = row.get("require MFA to join")
    require_mfa = policy.require_mfa if mfa is None else mfa == "yes"
    directory.update_device_registration_policy(join, selected, require_mfa=require_mfa)


@given(step_parser("these Conditional Access policies:"))
@reads_table(CONDITIONAL_ACCESS)
def these_conditional_access_policies(world: World, datatable: Table = None) -> None:
    """Conditional Access policies in Entra ID, one a row, for all users.

    Example: Given these Conditional Access policies:
    Source: Platform SSO > Conditional Access
    Area: Setup
    """
    for row in CONDITIONAL_ACCESS.read(datatable):
        grant = ConditionalAccessGrant(row.required("grant"))
        targets = row.values("target resources") or ["All cloud apps"]
        resources = frozenset().union(*(TARGET_RESOURCES[t] for t in targets))
        name = row.get("name") or f"CA{row.number:03d}: {grant.value} for {', '.join(targets)}"
        policy = ConditionalAccessPolicy(name, grant, resources, enabled=(row.get("state") or "On") == "On")
        world.entra.directory.create_conditional_access_policy(policy)


@given(step_parser("these Macs:"), target_fixture="mac")
@reads_table(MACS)
def these_macs(world: World, request: pytest.FixtureRequest, datatable: Table = None) -> Mac:
    """New Macs with a local account for their owner; the first is "the Mac", its owner "the user".

    Example: Given these Macs:
    Source: Register a Mac device > Prerequisites
    Area: Setup
    """
    macs, owners = [], []
    for row in MACS.read(datatable):
        owner_name = row.get("owner")
        owner = _find_user(world, row, "owner", owner_name) if owner_name else _scenario_user(request)
        owners.append(owner)
        macs.append(world.add_mac(macos=macos_major(row.get("macOS") or "14"), owner=owner,
                                  name=row.get("name"), local_password=row.get("local password")))
    if owners[0] is not None:
        inject_fixture(request, "user", owners[0])  # as target_fixture does: "the user" owns "the Mac"
    return macs[0]


def _add_user(world: World, row: TableRow) -> User:
    domain = world.entra.tenant.domain
    name, upn = row.get("name"), row.get("upn")
    if upn is not None and "@" not in upn:
        upn = f"{upn}@{domain}"
    if upn is None and name is not None:
        upn = ".".join(re.findall(r"\w+", name.lower())) + f"@{domain}"
    if name is None and upn is not None:
        name = " ".join(part.capitalize() for part in re.split(r"[._-]", upn.partition("@")[0]) if part)
    methods = () if row.get("mfa") == "none" else ("Microsoft Authenticator",)
    return world.add_user(upn, password=row.get("password"), display_name=name, mfa_methods=methods,
                          per_user_mfa=row.get("mfa mode") == "per-user")


def _find_user(world: World, row: TableRow, column: str, name: str) -> User:
    wanted = name.strip().casefold()
    for user in world.entra.directory.users.values():
        local = user.user_principal_name.partition("@")[0]
        if wanted in (user.user_principal_name, local, user.display_name.casefold()):
            return user
    known = ", ".join(sorted(u.display_name for u in world.entra.directory.users.values())) or "none yet"
    raise row.error(column, f"no user '{name}' in Entra ID; users: {known}",
                    hint="create users first with 'Given these users:'")


def _scenario_user(request: pytest.FixtureRequest) -> User | None:
    """The scenario's user, when an earlier step created one."""
    try:
        user: User = request.getfixturevalue("user")
    except pytest.FixtureLookupError:
        return None
    return user
