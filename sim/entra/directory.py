"""The directory of simulated Entra ID: tenant, users, devices and tenant policies.

Operation names mirror Microsoft Graph (create user, update deviceRegistrationPolicy...).

Password resets by an administrator issue a temporary password (Graph: resetPassword): the user must
set a new password with it before anything else (changePassword). Until then the account has no
password that signs in: the temporary one is kept apart, so Platform SSO's password login with it is
refused and nothing reaches the Mac (known issue "Temporary passwords issued during password reset
can't be synced with Platform SSO").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from psso_sim.entra.errors import DeviceNotFound, InvalidCredentials, UserAlreadyExists, UserNotFound
from psso_sim.entra.models import (
    ConditionalAccessPolicy,
    DeviceObject,
    DeviceRegistrationPolicy,
    DirectoryRole,
    JoinPermission,
    Tenant,
    User,
)
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["Directory", "TemporaryPassword"]


@dataclass(frozen=True)
class TemporaryPassword:
    """A password an administrator's reset issued; it only lets the user set a new one."""

    user_id: str
    password: str
    issued_at: datetime
    changed_at: datetime | None = None  # when the user set a new password with it

    @property
    def pending(self) -> bool:
        return self.changed_at is None


class Directory:
    def __init__(self, tenant: Tenant, seeds: Seeds, trace: Trace) -> None:
        self.tenant = tenant
        self._seeds = seeds
        self._trace = trace
        self.users: dict[str, User] = {}
        # userPrincipalName (lower case: Entra compares them case-insensitively) -> object id: create_user and
        # update_user keep it; a hit is checked against ``users``, and a user stored in ``users`` another way
        # (the counts differ) has it rebuilt.
        self._upns: dict[str, str] = {}
        self.devices: dict[str, DeviceObject] = {}
        self._signing_key_ids: dict[str, str] = {}  # Apple kid of a device signing key -> device id
        self.device_registration_policy = DeviceRegistrationPolicy()
        self.conditional_access: dict[str, ConditionalAccessPolicy] = {}
        self.temporary_passwords: dict[str, TemporaryPassword] = {}  # by user object id: the latest reset

    # users
    def create_user(
        self,
        user_principal_name: str,
        *,
        password: str,
        display_name: str | None = None,
        mfa_methods: tuple[str, ...] = ("Microsoft Authenticator",),
        per_user_mfa: bool = False,
    ) -> User:
        upn = user_principal_name.lower()
        if self._find_upn(upn) is not None:
            raise UserAlreadyExists(f"another object with userPrincipalName '{upn}' already exists")
        user = User(
            object_id=self._seeds.uuid(),
            user_principal_name=upn,
            display_name=display_name or upn.split("@")[0],
            password=password,
            mfa_methods=mfa_methods,
            per_user_mfa=per_user_mfa,
        )
        self.users[user.object_id] = user
        self._upns[upn] = user.object_id
        self._trace.record("entra", f"created user {upn}")
        return user

    def user_by_upn(self, user_principal_name: str) -> User:
        upn = user_principal_name.lower()
        user = self._find_upn(upn)
        if user is not None:
            return user
        raise UserNotFound(
            f"user account '{upn}' does not exist in tenant '{self.tenant.name}'",
            hint=f"users: {_some(sorted(u.user_principal_name for u in self.users.values()))}",
        )

    def has_user(self, user_principal_name: str) -> bool:
        """Whether a user has this userPrincipalName (compared case-insensitively, as Entra does)."""
        return self._find_upn(user_principal_name.lower()) is not None

    def _find_upn(self, upn: str) -> User | None:
        """The user whose (lower-case) UPN is ``upn``, by the index (a login looks it up every time)."""
        if len(self._upns) != len(self.users):
            self._upns = {u.user_principal_name.lower(): u.object_id for u in self.users.values()}
        user = self.users.get(self._upns.get(upn, ""))
        return user if user is not None and user.user_principal_name.lower() == upn else None

    def update_per_user_mfa_state(self, user: User, state: str) -> User:
        """Graph's perUserMfaState: "enabled" or "enforced" turn legacy per-user MFA on, "disabled" off."""
        updated = self.update_user(user, per_user_mfa=state != "disabled")
        self._trace.record("entra", f"per-user MFA for {user.user_principal_name}: {state}")
        return updated

    def reset_password(self, user: User, temporary_password: str, *, at: datetime) -> User:
        """An administrator resets the user's password and gives them ``temporary_password``.

        The previous password stops working, and no password signs in until the user sets a new one
        with the temporary one (:meth:`change_password`): the account's password becomes a secret
        nobody knows. Entra revokes the user's sessions at a reset (``TokenService.revoke_sessions``).
        """
        self.temporary_passwords[user.object_id] = TemporaryPassword(user.object_id, temporary_password, at)
        unknown = self._seeds.token("reset-", purpose="passwords")
        updated = self.update_user(user, password=unknown, password_changed_at=at)
        self._trace.record("entra", f"password of {user.user_principal_name} reset by an administrator; "
                                    "a temporary password was issued")
        return updated

    def change_password(self, user: User, current_password: str, new_password: str, *, at: datetime) -> User:
        """The user sets ``new_password``, proving it with their current or temporary password (changePassword)."""
        temporary = self.temporary_passwords.get(user.object_id)
        pending = temporary is not None and temporary.pending
        expected = temporary.password if temporary is not None and pending else self.users[user.object_id].password
        if current_password != expected:
            raise InvalidCredentials("Error validating credentials due to invalid username or password.",
                                     hint="after a reset, the current password is the temporary one")
        if temporary is not None and pending:
            self.temporary_passwords[user.object_id] = replace(temporary, changed_at=at)
        updated = self.update_user(user, password=new_password, password_changed_at=at)
        self._trace.record("entra", f"{user.user_principal_name} set a new password")
        return updated

    def must_change_password(self, user: User) -> bool:
        """Whether the user still has to set a new password with a temporary one."""
        temporary = self.temporary_passwords.get(user.object_id)
        return temporary is not None and temporary.pending

    def assign_role(self, user: User, role: DirectoryRole) -> User:
        """A directory role assignment (Graph: ``roleManagement/directory/roleAssignments``)."""
        current = self.users[user.object_id]
        updated = self.update_user(current, roles=current.roles | {role})
        self._trace.record("entra", f"{user.user_principal_name} was assigned the {role.value} role")
        return updated

    def update_user(self, user: User, **changes: object) -> User:
        updated = replace(user, **changes)  # type: ignore[arg-type]
        previous = self.users.get(user.object_id)
        if previous is not None and previous.user_principal_name != updated.user_principal_name:
            self._upns.pop(previous.user_principal_name.lower(), None)
        self._upns[updated.user_principal_name.lower()] = user.object_id
        self.users[user.object_id] = updated
        return updated

    # devices
    def add_device(self, device: DeviceObject) -> None:
        self.devices[device.device_id] = device
        if device.signing_key_id:
            self._signing_key_ids[device.signing_key_id] = device.device_id
        self._trace.record("entra", f"device object {device.device_id} ({device.trust_type}) created")

    def device_signing_with(self, key_id: str) -> DeviceObject | None:
        """The device whose signing key Apple's ``kid`` names (an index: a login looks it up every time)."""
        device_id = self._signing_key_ids.get(key_id)
        return self.devices.get(device_id) if device_id is not None else None

    def device(self, device_id: str) -> DeviceObject:
        try:
            return self.devices[device_id]
        except KeyError:
            raise DeviceNotFound(f"device '{device_id}' was not found in the tenant") from None

    def update_device(self, device_id: str, **changes: object) -> DeviceObject:
        updated = replace(self.device(device_id), **changes)  # type: ignore[arg-type]
        self.devices[device_id] = updated
        return updated

    def delete_device(self, device_id: str) -> DeviceObject:
        device = self.device(device_id)
        del self.devices[device_id]
        self._signing_key_ids.pop(device.signing_key_id, None)
        self._trace.record("entra", f"device object {device_id} deleted")
        return device

    def devices_of(self, user: User) -> list[DeviceObject]:
        return [d for d in self.devices.values() if d.registered_owner == user.object_id]

    # tenant policies
    def update_device_registration_policy(
        self,
        join: JoinPermission,
        selected_users: frozenset[str] = frozenset(),
        *,
        require_mfa: bool | None = None,
    ) -> DeviceRegistrationPolicy:
        policy = self.device_registration_policy
        self.device_registration_policy = replace(
            policy, join=join, selected_users=selected_users,
            require_mfa=policy.require_mfa if require_mfa is None else require_mfa,
        )
        self._trace.record("entra", f"users may join devices: {join.value}")
        return self.device_registration_policy

    def create_conditional_access_policy(self, policy: ConditionalAccessPolicy) -> None:
        self.conditional_access[policy.name] = policy
        self._trace.record("entra", f"conditional access policy '{policy.name}': {policy.grant.value}")

    def policies_for(self, resource: str) -> list[ConditionalAccessPolicy]:
        return [p for p in self.conditional_access.values() if p.enabled and resource in p.resources]


def _some(names: list[str], shown: int = 20) -> str:
    """The first ``shown`` names, and how many more: a tenant of thousands of users makes no readable hint."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return (", ".join(names[:shown]) or "none") + more
