"""Grammar rules for the registration flow as the current join articles write it: the Registration
Required and Authentication Required notifications, macOS's prompts, the Entra sign-in and its MFA,
the smart card's PIN, and what the reader is told holds afterwards.

==================  ===========================================================  ============================
rule                example clause                                               actions
==================  ===========================================================  ============================
notification-named  Navigate to the **Registration Required** popup at the top    Expect that notification
                    right of the screen                                          (later selects act on it)
popup-appears       an **Authentication Required** popup appears on the top      Expect that notification
                    right of the screen
prompt-absent       This prompt doesn't appear for macOS 13 Ventura              ExpectAbsent (the prompt the
                                                                                 step named), on that version
password-prompt     A prompt appears to enter your local account password        ExpectState(local prompt)
unlocked-before     you're prompted to unlock your local account beforehand      ExpectState(earlier prompt)
select-account      select the account to sign in to                             Expect the Entra sign-in
mfa-required        MFA is required as part of this sign in flow                 ExpectState(MFA requested)
approve-mfa         open your **Authenticator** app on your mobile device /      ApproveMFA
                    complete the MFA flow / enter the number displayed ...
check-if            Check if your administrator has configured MFA for ...      Note; "If so, ..." acts on it
enter-pin           Enter your pin                                               EnterPin
registered          your device should be registered with PSSO                   ExpectState(registered)
sso-usable          You can now use PSSO to access Microsoft app resources      ExpectState(SSO)
old-password        your old password doesn't work because PSSO is enabled       ExpectState(old refused)
prompted-download   You're prompted to download a **Remote Management** profile  Expect that pane's title
first-pane-choices  follow the steps to select your country or region, and ...  ChooseFirst (Setup Assistant)
fill-account        fill in your full name, account name, and create a local ... FillAccount
home-screen         Select **Continue** and your home screen appears             Select, ExpectState(desktop)
after-restart       You'll need to use the local password to log in after a     Note (not checked here)
                    reboot ...
placeholder-note    The placeholder "Company" is different depending on ...     Note
==================  ===========================================================  ============================
"""

from __future__ import annotations

import re

from psso_sim.docs.action_types import (
    Action,
    ApproveMFA,
    ChooseFirst,
    EnterPin,
    Expect,
    ExpectAbsent,
    ExpectState,
    FillAccount,
    Note,
    NotUnderstood,
    Select,
    StateKind,
)
from psso_sim.docs.conditions import read_condition
from psso_sim.docs.rules import YOU_ARE, Build, Context, Rule, labels_in, note, rule

__all__ = ["EARLY_RULES", "LATE_RULES"]

_TOP_RIGHT = r"(?: (?:at|in|on) the top right(?: corner)?(?: of (?:the|your) screen)?)?"
_NOTICE = r"(?:popup|notification|banner|alert)"
_PSSO = r"(?:p?sso|platform sso|platform single sign-on)"


def _notification(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    ctx.within = "Notification"
    return [Expect(source=src, text=m.group("x").strip(), within="Notification", title=True)]


def _prompt_absent(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    if ctx.prompt is None:
        return [NotUnderstood(source=src)]  # no prompt named before: nothing to say is absent
    condition = read_condition(m.group("who")) if m.group("who") else None
    return [ExpectAbsent(source=src, text=ctx.prompt, when=condition)]


def _see_prompt(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    what = m.group("what")
    ctx.prompt = re.sub(r"^to\s+", "", what.strip())
    return [Expect(source=src, text=f"a prompt {what}".replace("**", ""), loose=True, labels=tuple(labels_in(what)))]


def _state(state: StateKind) -> Build:
    def build(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
        return [ExpectState(source=src, state=state)]

    return build


def _approve(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [ApproveMFA(source=src)]


def _check_if(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    condition = read_condition(m.group("c"))
    if condition is None:
        return [NotUnderstood(source=src)]
    ctx.checked = condition
    return [Note(source=src, reason="a condition the next sentence ('If so, ...') acts on")]


def _enter_pin(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [EnterPin(source=src)]


def _sign_in_sheet(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [Expect(source=src, text="Sign in", surface=True)]


EARLY_RULES: tuple[Rule, ...] = (
    rule("notification-named", rf"^(?:navigate|go) to (?:the )?\*\*(?P<x>[^*]+?)\*\* {_NOTICE}{_TOP_RIGHT}$",
         _notification, "Navigate to the **Registration Required** popup at the top right of the screen"),
    rule("popup-appears", rf"^(?:a|an|the) \*\*(?P<x>[^*]+?)\*\* {_NOTICE} (?:appears|is shown|shows){_TOP_RIGHT}$",
         _notification, "an **Authentication Required** popup appears on the top right of the screen"),
    rule("prompt-absent", r"^(?:this|that|the) (?:prompt|window|dialog|popup) (?:doesn't|does not|won't|will not) "
         r"(?:appear|show)(?: (?:for|on) (?P<who>.+?))?$", _prompt_absent,
         "This prompt doesn't appear for macOS 13 Ventura"),
    rule("see-prompt", r"^(?:you|you'll|you will|the user) (?:see|sees|get|gets) a prompt (?P<what>to .+)$",
         _see_prompt, "you see a prompt to register your device with Microsoft Entra"),
    rule("password-prompt", r"^a (?:prompt|window|dialog) (?:appears|opens) (?:to|asking you to) enter your local "
         r"(?:account |device |mac )?password$", _state("local-password-prompt"),
         "A prompt appears to enter your local account password"),
    rule("unlocked-before", rf"^{YOU_ARE} prompted to unlock your local account (?:beforehand|first|before that)$",
         _state("unlocked-earlier"), "you're prompted to unlock your local account beforehand"),
    rule("select-account", r"^(?:select|choose|pick) the account (?:to sign in (?:to|with)|you want to use)$",
         _sign_in_sheet, "select the account to sign in to"),
    rule("mfa-required", r"^(?:mfa|multifactor authentication|multi-factor authentication) is required"
         r"(?: as part of (?:this|the) sign[- ]in(?: flow)?)?$", _state("mfa-requested"),
         "MFA is required as part of this sign in flow"),
    rule("approve-mfa", r"^(?:(?:open|enter the code sent to) your \*\*(?:microsoft )?authenticator(?: app)?\*\*"
         r"(?: app)?(?: \(recommended\))?(?: on your (?:mobile device|phone))?"
         r"(?: or use (?:your )?(?:other|another) mfa methods?.*)?"
         r"|(?:complete|approve) the (?:mfa|sign[- ]in) (?:flow|request|prompt)"
         r"|enter the (?:number|code) (?:displayed|shown) on (?:the|your) screen(?: to .+)?)$", _approve,
         "open your **Authenticator** app on your mobile device"),
    rule("prompted-download", rf"^{YOU_ARE} prompted to download (?:a|the) \*\*(?P<x>[^*]+?)\*\* profile$",
         lambda m, src, ctx: [Expect(source=src, text=m.group("x"), title=True)],
         "You're prompted to download a **Remote Management** profile"),
    rule("first-pane-choices", r"^follow the steps to select your (?P<a>country or region)(?:,? and configure "
         r"(?:your )?(?P<b>network) settings(?: as required)?)?$",
         lambda m, src, ctx: [ChooseFirst(source=src, panes=tuple(p for p in m.group("a", "b") if p))],
         "follow the steps to select your country or region, and configure network settings as required"),
    rule("fill-account", r"^fill in your full name, (?:an? )?account name,? and (?:create|choose|enter) a (?:new )?"
         r"(?:local )?(?:account )?password$", lambda m, src, ctx: [FillAccount(source=src)],
         "fill in your full name, account name, and create a local account password"),
    rule("home-screen", r"^select \*\*(?P<x>[^*]+?)\*\* and your (?:home screen|desktop) appears$",
         lambda m, src, ctx: [Select(source=src, label=m.group("x")), ExpectState(source=src, state="home-screen")],
         "Select **Continue** and your home screen appears"),
    rule("which-allows", r"^which (?:allows|lets|enables) .+$", note("says what it is for"),
         "which allows the configuration setup in Microsoft Intune to be applied to your device"),
    rule("check-if", r"^check (?:if|whether) (?P<c>.+)$", _check_if,
         "Check if your administrator has configured MFA for the device registration flow"),
    rule("enter-pin", r"^(?:enter|type) (?:your|the) (?:smart card(?:'s)? )?pin$", _enter_pin, "Enter your pin"),
    rule("registered", rf"^(?:(?:your|the) (?:device|mac) (?:should be|is) (?:now )?registered(?: with {_PSSO})?"
         rf"|{_PSSO} registration(?: with [\w -]+)? is complete)$", _state("registered"),
         "your device should be registered with PSSO"),
    rule("sso-usable", rf"^you can now use {_PSSO} to (?:access|sign in to) .+$", _state("sso"),
         "You can now use PSSO to access Microsoft app resources"),
    rule("old-password", rf"^your old password (?:doesn't|does not|no longer) works?(?: because {_PSSO} is enabled"
         r"(?: for your (?:device|mac))?)?$", _state("old-password-refused"),
         "your old password doesn't work because PSSO is enabled for your device"),
    rule("after-restart", r"^you'll need to use the local password to (?:log|sign) in after a (?:reboot|restart)"
         r"(?: .+)?$", note("what happens after a restart: not checked here"),
         "You'll need to use the local password to log in after a reboot to unlock the keychain access"),
    rule("placeholder-note", r"^the placeholder [\"“']?[^\"”']+[\"”']? (?:is|will be) different .+$",
         note("explains a placeholder: it stands for the organisation's name"),
         'The placeholder "Company" is different depending on your setup'),
)
"""Rules read before the core grammar's (they are narrower than its "navigate", "you-see", "prompted"...)."""

LATE_RULES: tuple[Rule, ...] = ()
"""Rules read after the core grammar's."""
