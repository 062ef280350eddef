"""``app-sso platform -s``: the Platform SSO state of the Mac and of the signed-in user.

Every value comes from the Mac's Platform SSO model and the simulated clock; a section Platform
SSO holds nothing for prints ``(null)``, as the real tool does before registration.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from psso_sim.macos.diagnostics.command import EX_USAGE, CommandResult

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["SECTIONS", "app_sso_command", "apple_json", "parse_platform_state", "platform_state", "sections"]

SECTIONS = ("Device Configuration", "Login Configuration", "User Configuration", "SSO Tokens")
USAGE = """usage: app-sso platform [-s | --state]
  -s, --state    print the Platform SSO state of this device and of the current user
"""
NULL = "(null)"


def app_sso_command(mac: Mac, args: Sequence[str], root: bool) -> CommandResult:
    if list(args) in (["platform", "-s"], ["platform", "--state"]):
        return CommandResult(0, platform_state(mac))
    if args and args[0] == "platform":
        shown = " ".join(args[1:]) or "(no option)"
        return CommandResult(EX_USAGE, "", f"app-sso: unrecognized option for platform: {shown}\n{USAGE}")
    shown = args[0] if args else "(no command)"
    return CommandResult(EX_USAGE, "", f"app-sso: unknown command: {shown}\n{USAGE}")


def platform_state(mac: Mac) -> str:
    text = ""
    for title, body in sections(mac).items():
        text += f"{title}:\n {NULL if body is None else apple_json(body)}\n\n"
    return text + "SSO Tokens:\n" + _tokens(mac) + "\n"


def sections(mac: Mac) -> dict[str, dict[str, Any] | None]:
    """The JSON sections of the state (all but ``SSO Tokens``), None where Platform SSO holds nothing."""
    bodies = (_device_configuration(mac), _login_configuration(mac), _user_configuration(mac))
    return dict(zip(SECTIONS, bodies, strict=False))


def parse_platform_state(text: str) -> dict[str, Any]:
    """The sections of ``platform_state`` output: a dict (JSON) or None per section.

    ``SSO Tokens`` becomes ``{"Received": ..., "Expiration": ...}``.
    """
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.endswith(":") and line[:-1] in SECTIONS:
            current = sections.setdefault(line[:-1], [])
        elif current is not None:
            current.append(line)
    parsed: dict[str, Any] = {}
    for title, lines in sections.items():
        body = "\n".join(lines).strip()
        if body == NULL:
            parsed[title] = None
        elif title == "SSO Tokens":  # "Received:" / <date> / "Expiration:" / <date> (<state>)
            filled = [line for line in lines if line.strip()]
            pairs = zip(filled[0::2], filled[1::2], strict=False)
            parsed[title] = {key.rstrip(":"): value for key, value in pairs}
        else:
            parsed[title] = json.loads(body)
    return parsed


def _device_configuration(mac: Mac) -> dict[str, Any] | None:
    psso = mac.platform_sso
    payload = psso.payload
    if payload is None:
        return None
    settings = payload.platform_sso  # UseSharedDeviceKeys is read from macOS 14 (the release's row)
    shared = bool(mac.release.shared_device_keys and settings is not None and settings.use_shared_device_keys)
    body: dict[str, Any] = {
        "encryptionAlgorithm": "ECDHE-A256GCM",
        "extensionIdentifier": payload.extension_identifier,
        "loginType": psso.login_type,
        "registrationCompleted": psso.registration_completed,
        "sharedDeviceKeys": shared,
        "signingAlgorithm": "ES256",
    }
    if psso.registration is not None:
        body["deviceSigningCertificate"] = psso.registration.certificate_thumbprint
        body["deviceSigningCertificateIssuer"] = psso.registration.certificate_issuer
    return body


def _login_configuration(mac: Mac) -> dict[str, Any] | None:
    configuration = mac.platform_sso.login_configuration
    return dict(configuration) if configuration else None


def _user_configuration(mac: Mac) -> dict[str, Any] | None:
    psso = mac.platform_sso
    if psso.user_name is None or psso.user_state is None:
        return None
    body: dict[str, Any] = {
        "loginType": psso.login_type, "loginUserName": psso.user_name, "state": psso.user_state.value,
    }
    if psso.user_id is not None:
        body["uniqueIdentifier"] = psso.user_id
    if psso.last_login is not None:
        body["lastLoginDate"] = _date(psso.last_login)
    return body


def _tokens(mac: Mac) -> str:
    tokens = mac.platform_sso.tokens
    if tokens is None:
        return f" {NULL}\n"
    expired = "Expired" if mac.runtime.clock.now() >= tokens.expiration else "Not Expired"
    return f"Received:\n{_date(tokens.received)}\nExpiration:\n{_date(tokens.expiration)} ({expired})\n"


def _date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def apple_json(body: dict[str, Any]) -> str:
    """Apple's pretty printing: two-space indent and ``"key" : value``."""
    return json.dumps(body, indent=2, sort_keys=True, separators=(",", " : "))
