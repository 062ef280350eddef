"""Grammar rules for System Settings, Terminal and the admin portals as the current articles write them.

==================  ===========================================================  ============================
rule                example clause                                               actions
==================  ===========================================================  ============================
open-path           Open **Settings** > **Privacy & Security** > **Profiles** if   OpenApp, Navigate (only if
                    it doesn't automatically appear                              that window is not showing)
navigate-app        Navigate to your **Settings** app, **Passwords** and          OpenApp, Navigate
                    **Password options**
select-next-to      Select **Edit** next to **Network Account Server**          Expect the second, Select
check-listed        check that **Platform SSO** is listed as **Registered**     Expect both on one line
go-to-window        navigate to your username in the **Users & Groups** window   GoToWindow (and the user)
which-should-be     which should be **Secure enclave**, **Smart Card**, or ...    Expect one of them
find                find **Autofill from**                                       Expect it
switch-on           enable **Company Portal** through the toggle switch          SwitchOn
also-use-app        You can also use the **Terminal** app to check ...           OpenApp
run-by              Enable debug logs by running the following command in ...   RunCommands
output-tokens       You should see in the bottom of the output that SSO tokens   Expect the app-sso output's
                    are retrieved                                                SSO Tokens (Received)
assign-groups       select the user or device groups that receive your profile  Select (Add all users)
review-page         In **Review + create**, review your settings                 Expect the page
select-saves        When you select **Create**, your changes are saved, and the  Select, ExpectState(policy
                    profile is assigned                                          listed and assigned)
shown-in-list       The policy is also shown in the profiles list                ExpectState(policy listed)
in-existing-add     In your existing ... policy, add **Extension Data**            Note (the sub-steps do it)
admin-center-path   In the Intune admin center (**Devices** > ... )                OpenApp, Navigate
select-existing     select your existing Platform SSO settings catalog policy    SelectPolicy
in-path             In **Properties** > **Configuration settings**                Navigate
add-following-key   In **Extension Data**, **Add** the following key ...          Note (the table enters it)
select-and-close    Select **Extension Data** and close the settings picker      Select, Select (Close)
complete-policy     complete the policy                                          FinishPolicy (Create or Save)
next-sync           If the policy is already assigned ..., ... next time they    Note
                    sync with the Intune service
go-then             Go to **Devices** and then **Configuration profiles**         Navigate
admin-center-select In the Microsoft Intune admin center click on **Home**       OpenApp, Select
select-to-edit      Select the configuration profile you want to edit from the   SelectPolicy
                    list
field-select        **Platform**: Select **macOS**                               EnterValue
name-example        For example, name the policy **macOS - Platform SSO**       EnterValue (Name)
ensure-method       Ensure that your admin set up your device with Secure       ExpectState(method)
                    Enclave as the authentication method, ...
(notes)             Enter the following properties / This setting is optional / Note (nothing to check)
                    Reproduce the issue ... / check it was successful ...
==================  ===========================================================  ============================
"""

from __future__ import annotations

import re

from psso_sim.docs.action_types import (
    Action,
    EnterValue,
    Expect,
    ExpectState,
    FinishPolicy,
    GoToWindow,
    Navigate,
    Note,
    NotUnderstood,
    OpenApp,
    RunCommands,
    Select,
    SelectPolicy,
    SwitchOn,
)
from psso_sim.docs.conditions import Condition
from psso_sim.docs.rules import LABELS, Context, Rule, labels_in, note, rule

__all__ = ["SETTINGS_RULES"]

_BOLD = r"\*\*(?P<{}>[^*]+?)\*\*"
_PATH = r"(?P<labels>\*\*[^*]+?\*\*(?:\s*>\s*\*\*[^*]+?\*\*)+)"  # at least two labels: "A > B"
_TERMINAL = r"(?: (?:in|on) (?:the )?\*{0,2}terminal\*{0,2}(?: app)?)?"


def _open_path(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    path = labels_in(m.group("labels"))
    ctx.app = path[0]
    when = Condition("not-showing", m.group("cond").strip(), subject=path[-1]) if m.group("cond") else None
    actions: list[Action] = [OpenApp(source=src, app=path[0], when=when)]
    return actions + ([Navigate(source=src, path=tuple(path[1:]), when=when)] if path[1:] else [])


def _select_next_to(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [Expect(source=src, text=m.group("y"), title=True), Select(source=src, label=m.group("x"))]


def _listed(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    item, value = m.group("item"), m.group("value")
    return [Expect(source=src, text=f"{item} {value}", loose=True, labels=(item, value))]


def _go_to_window(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [GoToWindow(source=src, window=m.group("w"), item="your username")]


def _one_of(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    labels = tuple(labels_in(m.group("labels")))
    return [Expect(source=src, text=" / ".join(labels), labels=labels, one_of=True)]


def _find(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [Expect(source=src, text=m.group("x"))]


def _switch_on(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [SwitchOn(source=src, label=m.group("x"))]


def _open_app(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    ctx.app = m.group("app")
    return [OpenApp(source=src, app=ctx.app)]


def _run(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [RunCommands(source=src, commands=ctx.code)]


def _tokens(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    # app-sso prints "SSO Tokens:" then "Received:" and a date once Platform SSO holds a PRT, "(null)" before.
    return [Expect(source=src, text="SSO Tokens Received", loose=True, within="Terminal")]


def _field_value(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [EnterValue(source=src, field=m.group("field"), value=m.group("value"))]


def _name_example(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [EnterValue(source=src, field="Name", value=m.group("value"))]


def _listing(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    ctx.listing = True
    return [Note(source=src, reason="the labels listed after it are selected")]


def _listed_label(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    if not ctx.listing:
        return [NotUnderstood(source=src)]
    return [Select(source=src, label=m.group("x"))]


def _expand(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [Select(source=src, label=m.group("x"))]


def _method(m: re.Match[str], src: str, ctx: Context) -> list[Action]:
    return [ExpectState(source=src, state="method", value=m.group("method").replace("**", "").strip())]


SETTINGS_RULES: tuple[Rule, ...] = (
    rule("open-path", rf"^(?:open|go to) (?:the )?{_PATH}(?: (?:app|pane|window))?"
         r"(?P<cond> if (?:it|they|the \w+) (?:doesn't|does not|don't|do not) (?:automatically )?(?:appear|open))?$",
         _open_path, "Open **Settings** > **Privacy & Security** > **Profiles** if it doesn't automatically appear"),
    rule("navigate-app", rf"^(?:navigate|go) to (?:your|the) \*\*(?P<app>[^*]+?)\*\* app,? {LABELS}$",
         lambda m, src, ctx: [*_open_app(m, src, ctx), Navigate(source=src, path=tuple(labels_in(m.group("labels"))))],
         "Navigate to your **Settings** app, **Passwords** and **Password options**"),
    rule("select-next-to", rf"^select {_BOLD.format('x')} next to {_BOLD.format('y')}$", _select_next_to,
         "Select **Edit** next to **Network Account Server**"),
    rule("check-listed", rf"^check (?:that )?{_BOLD.format('item')} is (?:listed|shown|displayed) as "
         rf"{_BOLD.format('value')}$", _listed, "check that **Platform SSO** is listed as **Registered**"),
    rule("go-to-window", rf"^(?:navigate|go) to your (?:username|user name|account) in the {_BOLD.format('w')}"
         r" (?:window|pane)$", _go_to_window, "navigate to your username in the **Users & Groups** window"),
    rule("which-should-be", rf"^which (?:should|will) be {LABELS}$", _one_of,
         "which should be **Secure enclave**, **Smart Card**, or **Password**"),
    rule("find", rf"^find {_BOLD.format('x')}$", _find, "find **Autofill from**"),
    rule("switch-on", rf"^(?:enable|turn on|switch on) {_BOLD.format('x')}(?: (?:through|with|using) the toggle"
         r"(?: switch)?)?$", _switch_on, "enable **Company Portal** through the toggle switch"),
    rule("also-use-app", r"^you can also use the \*\*(?P<app>[^*]+?)\*\* app to .+$", _open_app,
         "You can also use the **Terminal** app to check the registration status"),
    rule("run-by", rf"^[a-z].*? by running the following commands?{_TERMINAL}$", _run,
         "Enable debug logs persistence by running the following command in Terminal"),
    rule("output-tokens", r"^you should see (?:(?:in|at) the (?:bottom|end) of the output )?that sso tokens are "
         r"(?:retrieved|received|present)$", _tokens,
         "You should see in the bottom of the output that SSO tokens are retrieved"),
    rule("in-existing-add",
         rf"^in your existing .+? (?:policy|profile), add (?:the )?{_BOLD.format('x')}(?: setting)?$",
         note("says what the steps under it do"), "In your existing Platform SSO settings catalog policy, add "
         "**Extension Data**"),
    rule("admin-center-path", rf"^in the (?:microsoft )?intune admin center \({_PATH}\)$",
         lambda m, src, ctx: [OpenApp(source=src, app="Microsoft Intune admin center"),
                              Navigate(source=src, path=tuple(labels_in(m.group("labels"))))],
         "In the Intune admin center (**Devices** > **Manage devices** > **Configuration**)"),
    rule("select-existing", r"^select (?:your|the) existing (?P<what>.+?) (?:policy|profile)$",
         lambda m, src, ctx: [SelectPolicy(source=src, kind_of=m.group("what"))],
         "select your existing Platform SSO settings catalog policy"),
    rule("in-path", rf"^in {_PATH}$",
         lambda m, src, ctx: [Navigate(source=src, path=tuple(labels_in(m.group("labels"))))],
         "In **Properties** > **Configuration settings**"),
    rule("add-following-key", rf"^in {_BOLD.format('x')}, \*{{0,2}}add\*{{0,2}} the following (?:keys?|values?)"
         r"(?: and (?:your |the )?(?:preferred )?values?)?$", note("introduces the table after it"),
         "In **Extension Data**, **Add** the following key and your preferred value"),
    rule("one-value", r"^only (?:enter|add|use) one value for (?:the|each) key$",
         note("the table's first value is entered"), "Only enter one value for the key"),
    rule("select-and-close", rf"^select {_BOLD.format('x')} and close the (?:settings picker|picker)$",
         lambda m, src, ctx: [Select(source=src, label=m.group("x")), Select(source=src, label="Close")],
         "Select **Extension Data** and close the settings picker"),
    rule("complete-policy", r"^(?:and )?complete the (?:policy|profile)$",
         lambda m, src, ctx: [FinishPolicy(source=src)], "complete the policy"),
    rule("next-sync", r"^if the (?:policy|profile) is already assigned .+, (?:then )?.+ (?:the )?next time .+ sync "
         r"with (?:the )?Intune(?: service)?$",
         note("what happens after: assigned devices get the change at their next check-in"),
         "If the policy is already assigned to users or groups, then these groups receive the policy changes the "
         "next time they sync with the Intune service"),
    rule("go-then", rf"^go to {_BOLD.format('a')} and then {_BOLD.format('b')}$",
         lambda m, src, ctx: [Navigate(source=src, path=(m.group("a"), m.group("b")))],
         "Go to **Devices** and then **Configuration profiles**"),
    rule("admin-center-select", r"^in (?:the )?(?:microsoft )?(?:intune admin center|endpoint manage(?:r|ment)"
         rf"(?: admin)? center),? (?:click on|click|select) "
         rf"{_BOLD.format('x')}$",
         lambda m, src, ctx: [OpenApp(source=src, app="Microsoft Intune admin center"),
                              Select(source=src, label=m.group("x"))],
         "In the Microsoft Intune admin center click on **Home**"),
    rule("select-to-edit", r"^select the (?P<what>(?:configuration )?(?:profile|policy)) you want to (?:edit|change) "
         r"(?:from|in) the list$", lambda m, src, ctx: [SelectPolicy(source=src, kind_of=m.group("what"))],
         "Select the configuration profile you want to edit from the list"),
    rule("field-select", rf"^{_BOLD.format('field')}: (?:select|choose) {_BOLD.format('value')}$", _field_value,
         "**Platform**: Select **macOS**"),
    rule("name-example", rf"^for example, name the (?:policy|profile) {_BOLD.format('value')}$", _name_example,
         "For example, name the policy **macOS - Platform SSO**"),
    rule("ensure-method", r"^(?:ensure|make sure|check) that your admin(?:istrator)? (?:set up|configured) your device "
         r"with (?P<method>[\w* ]+?) as the authentication method(?:,? and .+)?$", _method,
         "Ensure that your admin set up your device with Secure Enclave as the authentication method"),
    rule("check-method", r"^check the (?:method|value|status) (?:listed|shown)$",
         note("the next clause says what it should be"), "Check the method listed"),
    rule("check-enabled", r"^check that you have enabled .+$", note("says what the next sentence checks"),
         "check that you have enabled Company Portal as a passkey provider in your device settings"),
    rule("select-following", r"^(?:select|choose|add) the following (?:settings|options|items)$", _listing,
         "select the following settings"),
    rule("listed-label", rf"^{_BOLD.format('x')}$", _listed_label, "**Extension Identifier**"),
    rule("expand", rf"^expand {_BOLD.format('x')}$", _expand, "expand **Authentication**"),
    rule("close-picker", r"^close the (?:settings picker|picker|pane|dialog)$",
         lambda m, src, ctx: [Select(source=src, label="Close")], "Close the settings picker"),
    rule("looks-like", r"^it looks similar to the following example$", note("points at a screenshot"),
         "it looks similar to the following example"),
    rule("example-shows", r"^the following (?:example|screenshot|image) shows .+$", note("points at a screenshot"),
         "The following example shows the recommended configuration"),
    rule("more-information", r"^(?:for more information(?: about [^,]+)?,? )?go to .+$",
         note("a link for more information: not followed"), "go to Use RBAC roles and scope tags for distributed IT"),
    rule("optional-page", rf"^in {_BOLD.format('x')} \(optional\), .+$",
         lambda m, src, ctx: [Expect(source=src, text=m.group("x"), title=True),
                              Note(source=src, reason="optional: nothing to do")],
         "In **Scope tags** (optional), assign a tag to filter the profile"),
    rule("assign-groups", r"^select the (?:user or device |user |device )?groups that (?:receive|get) (?:your|the) "
         r"(?:profile|policy)$", lambda m, src, ctx: [Select(source=src, label="Add all users")],
         "select the user or device groups that receive your profile"),
    rule("assign-advice", r"^for devices (?:with|without|that) .+, assign to (?:\w+ )*(?:users|devices|groups)$",
         note("which groups suit which devices: advice"),
         "For devices with user affinity, assign to users or user groups"),
    rule("review-page", rf"^in {_BOLD.format('x')}, review (?:your|the) (?:settings|changes)$",
         lambda m, src, ctx: [Expect(source=src, text=m.group("x"), title=True)],
         "In **Review + create**, review your settings"),
    rule("select-saves", rf"^when you select {_BOLD.format('x')}, (?:your )?changes are saved"
         r"(?P<assigned>,? and the (?:profile|policy) is assigned)?$",
         lambda m, src, ctx: [Select(source=src, label=m.group("x")),
                              ExpectState(source=src, state="policy-listed",
                                          value=" and assigned" if m.group("assigned") else "")],
         "When you select **Create**, your changes are saved, and the profile is assigned"),
    rule("shown-in-list", r"^the (?:policy|profile) is (?:also )?(?:shown|listed) in the (?:profiles?|polic(?:y|ies)) "
         r"list$", lambda m, src, ctx: [ExpectState(source=src, state="policy-listed")],
         "The policy is also shown in the profiles list"),
    rule("when-you-select", rf"^when you select {_BOLD.format('x')}$",
         lambda m, src, ctx: [Select(source=src, label=m.group("x"))], "When you select **Create**"),
    rule("enter-properties", r"^(?:enter|configure) the following (?:required )?(?:properties|settings)$",
         note("introduces the values listed after it"), "Enter the following properties"),
    rule("field-explained", rf"^{_BOLD.format('field')}: (?:enter|select) (?:a|an) .+$",
         note("says what the field takes; the example after it gives the value"),
         "**Name**: Enter a descriptive name for the policy"),
    rule("optional-setting", r"^this (?:setting|field|step) is optional(?:, but recommended)?$",
         note("optional: nothing to do"), "This setting is optional, but recommended"),
    rule("naming-advice", r"^name your (?:policies|profiles) so .+$", note("advice: nothing to check"),
         "Name your policies so you can easily identify them later"),
    rule("command-required", r"^this command is required to .+$", note("says why the command matters"),
         "this command is required to check the registration status"),
    rule("run-with-sudo", r"^(?:this|these|it|they) (?:needs?|must) to be run using sudo$",
         note("the commands carry sudo: the local password is typed when asked"),
         "This needs to be run using sudo"),
    rule("before-you-can", r"^before you can [^,]+, you (?:need|must|have) to .+$",
         note("says what the instructions after it are for"),
         "Before you can register your device with a smart card, you need to pair the smart card"),
    rule("check-successful", r"^(?:then )?check (?:that )?it was successful$",
         note("each command's exit status is checked"), "check it was successful"),
    rule("reproduce", r"^reproduce the issue(?:,? .+)?$", note("the reader's own issue: nothing to reproduce here"),
         "Reproduce the issue, such that new logs are generated for the affected scenario"),
    rule("report-advice", r"^provide (?:relevant )?(?:timestamps|details|screenshots) .+$",
         note("advice for the issue report: nothing to check"),
         "Provide relevant timestamps in your issue report to help log investigation"),
)
"""Rules read before the core grammar's."""
