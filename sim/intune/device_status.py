"""What Company Portal's Devices tab shows for a Mac: Intune's compliance state, the reasons
for it, and the action items the user can resolve (the JIT registration and remediation flow).

Intune computes it from the managed device it holds; Company Portal only displays it, so
the app can never show a state the service has not reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psso_sim.intune.models import ComplianceState, ManagedDevice

__all__ = ["REGISTER_PLATFORM_SSO", "ActionItem", "DeviceStatus"]


@dataclass(frozen=True)
class ActionItem:
    id: str
    title: str
    description: str


# The action item Intune raises while a Mac targeted for Platform SSO is not registered.
REGISTER_PLATFORM_SSO = ActionItem(
    "registerPlatformSSO", "Register your Mac",
    "Your organization requires this Mac to be registered with Microsoft Entra ID (Platform SSO).",
)


@dataclass(frozen=True)
class DeviceStatus:
    device_name: str
    compliance_state: ComplianceState
    noncompliance_reasons: tuple[str, ...]
    platform_sso_registered: bool
    action_items: tuple[ActionItem, ...]

    @classmethod
    def of(cls, device: ManagedDevice, *, psso_targeted: bool) -> DeviceStatus:
        items = (REGISTER_PLATFORM_SSO,) if psso_targeted and not device.psso_registered else ()
        return cls(device.device_name, device.compliance_state, device.noncompliance_reasons,
                   device.psso_registered, items)

    def as_json(self) -> dict[str, Any]:
        return {
            "deviceName": self.device_name,
            "complianceState": self.compliance_state.value,
            "noncomplianceReasons": list(self.noncompliance_reasons),
            "platformSSORegistered": self.platform_sso_registered,
            "actionItems": [{"id": i.id, "title": i.title, "description": i.description}
                            for i in self.action_items],
        }
