"""Simulated Microsoft Intune: enrollment, MDM commands, profiles and compliance.

The Mac talks to it as Apple's MDM protocol does: it enrolls by installing the
Management Profile (SCEP for its identity certificate, then check-in ``Authenticate``), Intune wakes it
with an APNs push, and on each check-in, signed by that identity (:mod:`.mdm_identity`), the Mac reports
its state and receives the next command.
Intune substitutes ``{{DEVICEREGISTRATION}}`` in the SSO payload with a token only it
can redeem, refuses to deliver a misconfigured SSO payload (error 10001) or more than
one (10002), and writes each device's compliance onto its Entra device object. Macs enrolled in Setup
Assistant by serial number (:mod:`.automated_enrollment`), required apps (:mod:`.required_apps`) and
escrowed FileVault keys (:mod:`.recovery_keys`) have modules of their own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from psso_sim.apns import PushService
from psso_sim.clock import SimClock
from psso_sim.entra.backend import EntraBackend
from psso_sim.faults import FaultPlan
from psso_sim.intune.automated_enrollment import AutomatedDeviceEnrollment
from psso_sim.intune.configuration_policies import ConfigurationPolicies, PolicyDeviceStatus
from psso_sim.intune.device_configurations import DeviceConfigurations
from psso_sim.intune.device_status import DeviceStatus
from psso_sim.intune.errors import EnrollmentChallengeInvalid, UnknownCommand, UnknownManagedDevice, UnknownProfile
from psso_sim.intune.mdm_identity import MdmDeviceCA
from psso_sim.intune.models import (
    ALL_USERS,
    CompliancePolicy,
    ComplianceState,
    ManagedDevice,
    MdmCommand,
    ProfileAssignment,
    ProfileStatus,
)
from psso_sim.intune.passcode import PasscodeSettings, passcode_profile
from psso_sim.intune.profiles import (
    ConfigurationProfile,
    ManagementPayload,
    OtherPayload,
    SsoExtensionPayload,
    SsoPayloadError,
    check_sso_payloads,
    dump_mobileconfig,
    with_registration_token,
)
from psso_sim.intune.recovery_keys import FileVaultKeys
from psso_sim.intune.required_apps import InstallApplication, RequiredApps
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["ENROLLMENT_HOST", "INTUNE_RESOURCE", "IntuneBackend"]

ENROLLMENT_HOST = "enrollment.manage.microsoft.com"
INTUNE_RESOURCE = f"https://{ENROLLMENT_HOST}"


class IntuneBackend:
    def __init__(
        self, clock: SimClock, apns: PushService, seeds: Seeds, trace: Trace, entra: EntraBackend
    ) -> None:
        self._clock = clock
        self._apns = apns
        self._seeds = seeds
        self._trace = trace
        self.entra = entra
        self.devices: dict[str, ManagedDevice] = {}
        self._udids: dict[str, str] = {}  # UDID -> managed device id: every check-in looks its device up
        self.assignments: list[ProfileAssignment] = []
        self.compliance_policies: list[CompliancePolicy] = []
        self.profile_status: dict[tuple[str, str], tuple[ProfileStatus, str]] = {}
        self.sso_errors: dict[tuple[str, str], SsoPayloadError] = {}  # why Intune held an SSO profile back
        self._challenges: dict[str, str] = {}  # enrollment challenge -> user principal name
        self._registration_tokens: dict[str, str] = {}  # token -> managed device id
        self._device_registration_tokens: dict[str, list[str]] = {}  # managed device id -> its unspent tokens
        self._sent: dict[str, tuple[str, MdmCommand]] = {}  # CommandUUID -> (device id, command)
        self.identity = MdmDeviceCA(seeds.stream("intune-mdm-ca"))  # the device identities check-ins prove
        self._push_tokens: dict[str, str] = {}  # udid -> APNs token from TokenUpdate
        self._outdated: set[tuple[str, str]] = set()  # (device id, profile identifier) to deliver again
        self._refused: set[tuple[str, str]] = set()  # the device answered Error: not sent again until edited
        self.configuration_policies = ConfigurationPolicies(self)
        self.device_configurations = DeviceConfigurations(self)
        self.automated_enrollment = AutomatedDeviceEnrollment(self)  # ADE: Macs by serial number
        self.required_apps = RequiredApps(self)
        self.recovery_keys = FileVaultKeys(self)
        entra.registration.redeem_registration_token = self.redeem_registration_token
        self.faults: FaultPlan | None = None  # set by the World: a slow MDM command is a fault

    @property
    def organisation(self) -> str:
        return self.entra.tenant.name

    @property
    def seeds(self) -> Seeds:
        return self._seeds

    @property
    def trace(self) -> Trace:
        return self._trace

    def now(self) -> datetime:
        return self._clock.now()

    # administration (Intune admin center / Graph)
    def assign_profile(self, profile: ConfigurationProfile, users: frozenset[str] = frozenset({ALL_USERS})) -> None:
        assignment = ProfileAssignment(profile, users)
        self.assignments.append(assignment)
        self._trace.record("intune", f"profile '{profile.payload_display_name}' assigned to {', '.join(sorted(users))}")
        for note in profile.notes():  # keys macOS ignores: worth a look, never a refusal
            self._trace.record("intune", f"profile '{profile.payload_display_name}': {note}")
        for device in self.devices.values():
            if assignment.targets(device.user_principal_name):
                self.push(device.udid)

    def create_passcode_profile(
        self, display_name: str, settings: PasscodeSettings, users: frozenset[str] = frozenset({ALL_USERS})
    ) -> ConfigurationProfile:
        """Devices > Configuration > Create: a local password policy, assigned to ``users``."""
        uuid = self._seeds.uuid()
        profile = passcode_profile(
            settings, identifier=f"com.microsoft.intune.passcode.{uuid}", payload_uuid=uuid,
            organisation=self.organisation, display_name=display_name,
        )
        self.assign_profile(profile, users)
        return profile

    def update_passcode_profile(self, display_name: str, settings: PasscodeSettings) -> ConfigurationProfile:
        """The admin edits a passcode profile's settings; Intune redeploys it under the same identifier."""
        current = next(
            (a.profile for a in self.assignments if a.profile.payload_display_name == display_name), None
        )
        if current is None:
            names = ", ".join(repr(a.profile.payload_display_name) for a in self.assignments) or "none"
            raise UnknownProfile(f"no assigned profile named '{display_name}'", hint=f"assigned: {names}")
        profile = passcode_profile(
            settings, identifier=current.payload_identifier, payload_uuid=self._seeds.uuid(),
            organisation=self.organisation, display_name=display_name,
        )
        self._trace.record("intune", f"passcode profile '{display_name}': {settings.describe()}")
        self.update_profile(profile)
        return profile

    def update_profile(self, profile: ConfigurationProfile) -> None:
        """The admin edits an assigned profile: Intune delivers it again to every targeted device.

        The Mac replaces the installed profile that has the same PayloadIdentifier.
        """
        identifier = profile.payload_identifier
        matching = [a for a in self.assignments if a.profile.payload_identifier == identifier]
        if not matching:
            assigned = ", ".join(repr(a.profile.payload_identifier) for a in self.assignments) or "none"
            raise UnknownProfile(
                f"no assigned profile with identifier '{identifier}'", hint=f"assigned: {assigned}"
            )
        self.assignments = [
            ProfileAssignment(profile, a.users) if a.profile.payload_identifier == identifier else a
            for a in self.assignments
        ]
        self._trace.record("intune", f"profile '{profile.payload_display_name}' updated")
        for device in self.devices.values():
            if any(a.targets(device.user_principal_name) for a in matching):
                self._outdated.add((device.id, identifier))
                self._refused.discard((device.id, identifier))
                self.push(device.udid)

    def unassign_profile(self, identifier: str) -> None:
        """The admin removes a profile's assignments: Intune no longer delivers it. (A Mac that installed
        it keeps it: the MDM RemoveProfile command is not simulated.)"""
        removed = [a for a in self.assignments if a.profile.payload_identifier == identifier]
        self.assignments = [a for a in self.assignments if a.profile.payload_identifier != identifier]
        for assignment in removed:
            self._trace.record("intune", f"profile '{assignment.profile.payload_display_name}' unassigned")
        if removed:  # what the profile blocked (error 10002) may go now
            for device in self.devices.values():
                self.push(device.udid)

    def profile_device_statuses(self, identifier: str) -> list[PolicyDeviceStatus]:
        """Each device a profile's assignments target, with its status there (Pending until it checks in)."""
        assignments = [a for a in self.assignments if a.profile.payload_identifier == identifier]
        pending = (ProfileStatus.PENDING, "")
        return [PolicyDeviceStatus(device, *self.profile_status.get((device.id, identifier), pending))
                for device in self.devices.values() if any(a.targets(device.user_principal_name) for a in assignments)]

    def create_compliance_policy(self, policy: CompliancePolicy) -> None:
        self.compliance_policies.append(policy)
        for device in list(self.devices.values()):
            self._evaluate(device)

    def device(self, device_id: str) -> ManagedDevice:
        try:
            return self.devices[device_id]
        except KeyError:
            raise UnknownManagedDevice(f"unknown managed device '{device_id}'") from None

    def device_by_udid(self, udid: str) -> ManagedDevice:
        device = self.devices.get(self._udids.get(udid, ""))
        if device is not None and device.udid == udid:
            return device
        for device in self.devices.values():  # a miss is an error, or a device stored other than by enrollment
            if device.udid == udid:
                self._udids[udid] = device.id
                return device
        raise UnknownManagedDevice(
            f"no managed device with UDID '{udid}'",
            hint=f"enrolled: {', '.join(d.udid for d in self.devices.values()) or 'none'}",
        )

    def devices_of(self, user_principal_name: str) -> list[ManagedDevice]:
        return [d for d in self.devices.values() if d.user_principal_name == user_principal_name.lower()]

    # Company Portal
    def branding(self, access_token: str) -> dict[str, str]:
        """The tenant's Company Portal branding, shown as "Set up <organisation> access"."""
        self.entra.tokens.validate(access_token, INTUNE_RESOURCE)
        return {"companyName": self.organisation}

    def device_status(self, access_token: str, udid: str) -> DeviceStatus:
        """The Devices tab: the signed-in user's Mac, its compliance and its action items."""
        grant = self.entra.tokens.validate(access_token, INTUNE_RESOURCE)
        user = self.entra.directory.users[grant.user_id]
        device = self.device_by_udid(udid)
        if device.user_principal_name != user.user_principal_name:
            raise UnknownManagedDevice(
                f"'{udid}' is not a device of {user.user_principal_name}",
                hint=f"it is enrolled for {device.user_principal_name}",
            )
        return DeviceStatus.of(device, psso_targeted=self._psso_targeted(device))

    def management_profile(self, access_token: str) -> bytes:
        grant = self.entra.tokens.validate(access_token, INTUNE_RESOURCE)
        user = self.entra.directory.users[grant.user_id]
        return dump_mobileconfig(self.issue_management_profile(user.user_principal_name)[0])

    def issue_management_profile(self, user_principal_name: str) -> tuple[ConfigurationProfile, str]:
        """A Management Profile whose one-time enrollment challenge enrolls a device for this user."""
        challenge = self._seeds.token("chal-")
        self._challenges[challenge] = user_principal_name
        uuid = self._seeds.uuid()
        profile = ConfigurationProfile(
            PayloadIdentifier=f"com.microsoft.intune.mdm.{uuid}",
            PayloadUUID=uuid,
            PayloadDisplayName="Management Profile",
            PayloadOrganization=self.organisation,
            PayloadContent=[
                ManagementPayload(
                    PayloadIdentifier="com.microsoft.intune.mdm",
                    PayloadUUID=self._seeds.uuid(),
                    ServerURL=f"{INTUNE_RESOURCE}/mdm/server",
                    CheckInURL=f"{INTUNE_RESOURCE}/mdm/checkin",
                    Topic=f"com.apple.mgmt.External.{self.entra.tenant.tenant_id}",
                    AccessRights=8191,
                ),
                OtherPayload.model_validate(
                    {"PayloadType": "com.apple.security.scep", "PayloadIdentifier": "com.microsoft.intune.scep",
                     "PayloadUUID": self._seeds.uuid(),
                     "PayloadContent": {"Challenge": challenge, "URL": f"{INTUNE_RESOURCE}/mdm/scep"}}
                ),
            ],
        )
        self._trace.record("intune", f"management profile issued to {user_principal_name}")
        return profile, challenge

    # MDM check-in protocol
    def scep(self, challenge: str, csr: str) -> str:
        """SCEP: the Management Profile's challenge buys the Mac its identity certificate (base64 DER)."""
        if challenge not in self._challenges:
            raise EnrollmentChallengeInvalid("the enrollment challenge is unknown or already used")
        return self.identity.issue(csr, now=self._clock.now())

    def authenticate(
        self, challenge: str, *, udid: str, serial_number: str, os_version: str, device_name: str,
        push_token: str, signed: tuple[bytes, str | None, str | None] | None = None,
    ) -> ManagedDevice:
        """Check-in ``Authenticate`` + ``TokenUpdate``: the Mac is now enrolled.

        ``signed`` is what proves the device identity over HTTP: (body, certificate, signature)."""
        self.automated_enrollment.take_challenge(challenge, serial_number)  # an ADE challenge: its Mac only
        if challenge not in self._challenges:
            raise EnrollmentChallengeInvalid("the enrollment challenge is unknown or already used")
        if signed is not None:
            self.identity.bind(udid, *signed)
        user_principal_name = self._challenges.pop(challenge)
        device = ManagedDevice(
            id=self._seeds.uuid(), udid=udid, serial_number=serial_number, device_name=device_name,
            os_version=os_version, user_principal_name=user_principal_name, enrolled_at=self._clock.now(),
            managed_by=self.organisation,
        )
        self.devices[device.id] = device
        self._udids.setdefault(udid, device.id)  # the first enrollment of a UDID answers for it, as a scan did
        self._push_tokens[udid] = push_token
        self._trace.record("intune", f"{device_name} enrolled for {user_principal_name}; supervised")
        self.automated_enrollment.enrolled_device(challenge, device)
        self.push(udid)
        return device

    def push(self, udid: str) -> None:
        """Wake the Mac through APNs; it checks in a little later."""
        token = self._push_tokens.get(udid)
        if token is not None:
            delay = self.faults.command_delay(udid) if self.faults is not None else timedelta(0)
            self._apns.notify(token, f"Intune to {udid}", delay)

    def check_in(
        self, udid: str, *, facts: dict[str, object], acknowledged: str | None = None, error: str | None = None
    ) -> MdmCommand | InstallApplication | None:
        """A device status report (Idle, Acknowledged or Error); answers the next command: profiles first,
        then required apps the device lacks."""
        device = self.device_by_udid(udid)
        if acknowledged is not None and not self.required_apps.acknowledge(acknowledged, error):
            device = self._acknowledge(device, acknowledged, error)
        device = self._update_facts(device, facts)
        self.required_apps.report(device, facts)
        self.recovery_keys.escrow(device, facts)
        command = self._next_command(device) or self.required_apps.next_command(device)
        self._evaluate(device)
        return command

    def authenticate_check_in(self, udid: str, body: bytes, signature: str | None) -> None:
        """Every report to the server URL is signed by the identity bound to its UDID at enrollment."""
        self.identity.authenticate(udid, body, signature)

    def redeem_registration_token(self, token: str, user_principal_name: str) -> str | None:
        """The managed device a registration token was issued for, if ``user_principal_name`` may use it.

        The token is bound to its managed device, so to that device's user, and it is single-use: redeemed,
        it and any older token of that device are spent, and Intune delivers the SSO payload again with a
        fresh one at the device's next check-in (what a later Repair or re-registration then sends)."""
        managed = self.devices.get(self._registration_tokens.get(token) or "")
        if managed is None:
            return None
        if managed.user_principal_name != user_principal_name.lower():
            self._trace.record("intune", f"registration token of {managed.device_name} refused for "
                                         f"{user_principal_name}: it is {managed.user_principal_name}'s")
            return None
        for spent in self._device_registration_tokens.pop(managed.id, []):
            self._registration_tokens.pop(spent, None)
        for profile in self._targeted(managed):
            if profile.payloads(SsoExtensionPayload):
                self._outdated.add((managed.id, profile.payload_identifier))
        self.push(managed.udid)
        return managed.id

    def retire(self, device_id: str) -> None:
        device = self.devices.pop(device_id)
        self._udids.pop(device.udid, None)
        self._push_tokens.pop(device.udid, None)
        self.identity.forget(device.udid)
        self._trace.record("intune", f"{device.device_name} retired")

    # internals
    def _acknowledge(self, device: ManagedDevice, command_uuid: str, error: str | None) -> ManagedDevice:
        sent = self._sent.get(command_uuid)
        if sent is None or sent[0] != device.id:  # a command this device was never sent: an MDM error
            raise UnknownCommand(f"CommandUUID '{command_uuid}' is not a command sent to this device")
        command = self._sent.pop(command_uuid)[1]
        key = (device.id, command.profile_identifier)
        if error:
            self.profile_status[key] = (ProfileStatus.ERROR, error)
            self._refused.add(key)
            return device
        self.profile_status[key] = (ProfileStatus.SUCCEEDED, "")
        installed = (*device.installed_profiles, command.profile_identifier)
        return self._store(replace(device, installed_profiles=installed))

    def _update_facts(self, device: ManagedDevice, facts: dict[str, object]) -> ManagedDevice:
        aad_id = facts.get("AzureADDeviceID")
        return self._store(
            replace(
                device,
                psso_registered=bool(facts.get("PlatformSSORegistered", False)),
                azure_ad_device_id=str(aad_id) if aad_id else None,
                installed_profiles=_profile_ids(facts.get("InstalledProfiles"), device.installed_profiles),
                last_sync=self._clock.now(),
            )
        )

    def _targeted(self, device: ManagedDevice) -> list[ConfigurationProfile]:
        return [a.profile for a in self.assignments if a.targets(device.user_principal_name)]

    def _next_command(self, device: ManagedDevice) -> MdmCommand | None:
        macos_major = int(device.os_version.split(".")[0])
        targeted = self._targeted(device)
        sso_profiles = [p for p in targeted if p.payloads(SsoExtensionPayload)]
        sso_error = None
        try:
            check_sso_payloads(sso_profiles, macos_major)
        except SsoPayloadError as error:
            sso_error = error
        for profile in targeted:
            key = (device.id, profile.payload_identifier)
            status = self.profile_status.get(key, (None, ""))[0]
            # An SSO payload Intune held back (10001, 10002) is checked again at every check-in.
            delivered = profile.payload_identifier in device.installed_profiles or status in _SENT
            if (delivered and key not in self._outdated) or key in self._refused:
                continue
            if sso_error is not None and profile in sso_profiles:
                if self.profile_status.get(key) != (ProfileStatus.ERROR, sso_error.intune_message):
                    self._trace.record("intune", f"'{profile.payload_display_name}' not delivered: {sso_error.message}")
                self.profile_status[key] = (ProfileStatus.ERROR, sso_error.intune_message)
                self.sso_errors[key] = sso_error
                continue
            self._outdated.discard(key)
            self.sso_errors.pop(key, None)
            return self._send(device, self._personalised(profile, device))
        return None

    def _personalised(self, profile: ConfigurationProfile, device: ManagedDevice) -> ConfigurationProfile:
        if not profile.payloads(SsoExtensionPayload):
            return profile
        token = self._seeds.token("drt-")
        self._registration_tokens[token] = device.id
        self._device_registration_tokens.setdefault(device.id, []).append(token)
        content = [
            with_registration_token(p, token) if isinstance(p, SsoExtensionPayload) else p
            for p in profile.payload_content
        ]
        return profile.model_copy(update={"payload_content": content})

    def _send(self, device: ManagedDevice, profile: ConfigurationProfile) -> MdmCommand:
        payload = dump_mobileconfig(profile)
        command = MdmCommand(self._seeds.uuid(), "InstallProfile", profile.payload_identifier, payload)
        self._sent[command.command_uuid] = (device.id, command)
        self.profile_status[(device.id, profile.payload_identifier)] = (ProfileStatus.PENDING, "")
        self._trace.record("intune", f"InstallProfile '{profile.payload_display_name}' sent to {device.device_name}")
        return command

    def _evaluate(self, device: ManagedDevice) -> ComplianceState:
        reasons: list[str] = []
        for policy in self.compliance_policies:
            if int(device.os_version.split(".")[0]) < policy.minimum_os_version:
                reasons.append(f"{policy.name}: macOS {device.os_version} is below {policy.minimum_os_version}")
            if policy.require_platform_sso_registration and self._psso_targeted(device) and not device.psso_registered:
                reasons.append(f"{policy.name}: Platform SSO registration is required")
        state = ComplianceState.NONCOMPLIANT if reasons else ComplianceState.COMPLIANT
        if state is not device.compliance_state or tuple(reasons) != device.noncompliance_reasons:
            self._trace.record("intune", f"{device.device_name} is {state.value}")
        device = self._store(replace(device, compliance_state=state, noncompliance_reasons=tuple(reasons)))
        if device.azure_ad_device_id:
            self.entra.set_device_compliance(device.azure_ad_device_id, state is ComplianceState.COMPLIANT)
        return state

    def _psso_targeted(self, device: ManagedDevice) -> bool:
        return any(p.payloads(SsoExtensionPayload) for p in self._targeted(device))

    def _store(self, device: ManagedDevice) -> ManagedDevice:
        self.devices[device.id] = device
        return device


_SENT = (ProfileStatus.PENDING, ProfileStatus.SUCCEEDED)


def _profile_ids(reported: object, known: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(p) for p in reported) if isinstance(reported, list) else known
