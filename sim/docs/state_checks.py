"""What the verifier reads from the simulated product's state, not from a label on screen: whether a
documented condition holds (``psso_sim.docs.conditions``) and whether a claim such as "your device should
be registered with PSSO" is true (:class:`~psso_sim.docs.action_types.ExpectState`).

Each answer is decided on the World the session runs, from the models a reader's Mac would have: the
Mac's macOS row, its local account, Entra's directory, the smart card reader, Platform SSO's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.docs.conditions import Condition, applies_to_version
from psso_sim.macos.platform_sso import RegistrationStatus

if TYPE_CHECKING:
    from psso_sim.docs.action_types import ExpectState
    from psso_sim.docs.session import Session

__all__ = ["BUSY", "condition_holds", "state_missing"]

BUSY = (RegistrationStatus.SIGNING_IN, RegistrationStatus.REGISTERING)


def condition_holds(condition: Condition, session: Session) -> tuple[bool, str]:
    """Whether ``condition`` holds now, and the fact that decides it (for the report)."""
    mac, world = session.mac, session.world
    if condition.kind == "macos":
        holds = applies_to_version(condition.major, session.macos, world.product.macos_versions, condition.scope)
        return holds, f"this Mac runs macOS {session.macos}"
    if condition.kind == "passwords-differ":
        holds = not mac.account.verify(session.person.entra_password)
        said = "differs from" if holds else "is"
        return holds != condition.negated, f"the local password {said} the Microsoft Entra ID password"
    if condition.kind == "card-paired":
        holds = mac.smart_card_reader.paired(mac.account.short_name)
        return holds != condition.negated, f"the smart card is {'' if holds else 'not '}paired with the local account"
    if condition.kind == "mfa-for-registration":
        method = mac.platform_sso.method
        by_method = bool(method and method.mfa_for_setup)
        holds = world.entra.directory.device_registration_policy.require_mfa or by_method
        why = "the method needs MFA for setup" if by_method else "Entra's device settings require MFA to join"
        return holds, why if holds else "nothing requires MFA to register this Mac"
    shown = session.window_shown(condition.subject)
    return not shown, f"'{condition.subject}' is {'already' if shown else 'not'} on screen"


def state_missing(expect: ExpectState, session: Session) -> str | None:
    """Why the product is not in the state ``expect`` claims, or None when it is."""
    mac, psso = session.mac, session.mac.platform_sso
    state = expect.state
    if state == "registered":
        if psso.registration_completed:
            return None
        waiting = " (a sign-in request waits for approval in Microsoft Authenticator)" if session.mfa_waiting() else ""
        return f"Platform SSO registration is not complete: {psso.status.value}{waiting}"
    if state == "sso":
        return None if psso.tokens is not None else \
            f"Platform SSO holds no Primary Refresh Token ({psso.last_error or psso.status.value})"
    if state == "mfa-requested":
        return None if session.mfa_waiting() else "no sign-in request waits for approval: Entra asked for no MFA"
    if state == "local-password-prompt":
        return None if session.local_password_prompts() else "no prompt for the local account password is on screen"
    if state == "unlocked-earlier":
        earlier = [title for step, title in session.prompts_seen if step < session.step]
        return None if earlier else "no earlier step showed a prompt for the local account password"
    if state == "old-password-refused":
        first = session.first_local_password
        return None if first is not None and not mac.account.verify(first) else \
            "the Mac still accepts the local password it had before"
    if state == "home-screen":
        assistant = mac.setup_assistant
        if not assistant.finished:
            return f"Setup Assistant is still on '{assistant.pane}'"
        return None if mac.account.signed_in else "nobody is signed in to the Mac"
    if state == "policy-listed":
        return _policy_listed(session, assigned=bool(expect.value))
    method = psso.method
    names = (method.title, method.value, method.info_label) if method else ()
    if expect.value.casefold() in (name.casefold() for name in names):
        return None
    return f"this Mac's Platform SSO method is {method.title if method else 'not set'}, not {expect.value}"


def _policy_listed(session: Session, *, assigned: bool) -> str | None:
    """The newest settings catalog policy is a row of the list on screen (and assigned, if asked)."""
    policies = list(session.world.intune.configuration_policies.policies.values())
    if not policies:
        return "Intune has no settings catalog policy: none was created"
    newest = policies[-1]
    if not session.desktop.is_on_screen(newest.name):
        return f"the list of profiles on screen does not show '{newest.name}'"
    if assigned and not newest.is_assigned:
        return f"'{newest.name}' is not assigned to any group"
    return None
