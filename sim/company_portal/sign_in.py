"""What the Entra sign-in sheet shows for each answer of the token endpoint."""

from __future__ import annotations

from psso_sim.company_portal.sso_extension import EntraAnswer
from psso_sim.ui.sign_in_sheet import SignInOutcome

__all__ = ["MESSAGES", "outcome_for"]

# The texts Entra's sign-in page shows for these AADSTS codes.
MESSAGES = {
    50034: "We couldn't find an account with that username.",
    50126: "Your account or password is incorrect. If you don't remember your password, reset it now.",
    50072: "More information required. Your organization needs more information to keep your account secure.",
    53000: "You can't get there from here. This application contains sensitive information and can only "
    "be accessed from devices or client applications that meet your organization's management compliance policy.",
}


def outcome_for(answer: EntraAnswer) -> SignInOutcome:
    if answer.ok:
        return SignInOutcome(ok=True)
    if answer.code == 50076 and answer.body.get("mfa_context"):
        return SignInOutcome(mfa_context=str(answer.body["mfa_context"]))
    return SignInOutcome(error=MESSAGES.get(answer.code or 0, answer.description))
