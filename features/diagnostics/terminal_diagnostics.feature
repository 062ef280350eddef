# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Report an issue ("check the current PSSO state ... Terminal") and Contact us
# (Apple logs: log config; diagnostic data: sysdiagnose). The guide's log config command ends
# with a stray double quote; as printed, zsh refuses it (the last outline below).
@product-2023-11 @diagnostics @terminal
Feature: Diagnostics in Terminal
  app-sso platform -s shows the Platform SSO state of the Mac and the user. sudo log config
  turns on AppSSO debug logging, and sudo sysdiagnose collects the diagnostic data.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: app-sso platform -s follows registration on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user runs `app-sso platform -s` in Terminal
    Then the command exits with status 0
    And app-sso shows "registrationCompleted" as `false` in "Device Configuration"
    And app-sso shows "loginType" as `"POLoginTypePassword (1)"` in "Device Configuration"
    And app-sso shows the "Login Configuration" section empty
    And app-sso shows the "User Configuration" section empty
    And app-sso shows the "SSO Tokens" section empty
    When the user registers the Mac with Platform SSO through Company Portal
    And the user runs `app-sso platform -s` in Terminal
    Then app-sso shows "registrationCompleted" as `true` in "Device Configuration"
    And app-sso shows "sharedDeviceKeys" as `<shared keys>` in "Device Configuration"
    And app-sso shows "signingAlgorithm" as `"ES256"` in "Device Configuration"
    And app-sso shows "encryptionAlgorithm" as `"ECDHE-A256GCM"` in "Device Configuration"
    And app-sso shows "extensionIdentifier" as `"com.microsoft.CompanyPortalMac.ssoextension"` in "Device Configuration"
    And app-sso shows the device signing certificate Entra issued to the Mac
    And app-sso shows "accountDisplayName" as `"Microsoft Entra"` in "Login Configuration"
    And app-sso shows "nonceResponseKeypath" as `"Nonce"` in "Login Configuration"
    And app-sso shows "serverNonceClaimName" as `"request_nonce"` in "Login Configuration"
    And app-sso shows "state" as `"POUserStateNormal (0)"` in "User Configuration"
    And app-sso shows the user's Entra object ID as the uniqueIdentifier
    And app-sso shows when Entra issued the Mac's Primary Refresh Token and when it expires

    Examples:
      | version | shared keys |
      | 13      | false       |
      | 14      | true        |

  Scenario: Turn on AppSSO debug logging, collect a sysdiagnose, then reset logging
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user runs `sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSSO` in Terminal and enters their local password
    Then the command exits with status 0
    When the user runs `log config --status --subsystem com.apple.AppSSO` in Terminal
    Then the command prints `Mode for 'com.apple.AppSSO'  DEBUG PERSIST_DEBUG`
    When the user registers the Mac with Platform SSO through Company Portal
    And the user runs `sudo sysdiagnose` in Terminal and enters their local password
    Then the command exits with status 0
    And sysdiagnose wrote its archive under `/private/var/tmp/`, named with the simulated time
    And the sysdiagnose archive records the AppSSO log mode `DEBUG PERSIST_DEBUG`
    And the sysdiagnose archive holds AppSSO debug messages for the requests to Entra ID
    And the archived app-sso state shows "registrationCompleted" as `true` in "Device Configuration"
    When the user runs `sudo log config --reset --subsystem com.apple.AppSSO` in Terminal and enters their local password
    And the user runs `log config --status --subsystem com.apple.AppSSO` in Terminal
    Then the command prints `Mode for 'com.apple.AppSSO'  DEFAULT PERSIST_DEFAULT`

  Scenario Outline: A malformed command line fails as zsh or the tool would: <case>
    Given the user has a Mac with macOS <version>
    When the user runs `<command>` in Terminal and enters their local password
    Then the command exits with status <status>
    And the command prints `<message>`

    Examples:
      | version | case                                   | command                                                                            | status | message                                     |
      | 14      | the guide's command, stray quote kept  | sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSSO"   | 1      | zsh: unmatched "                            |
      | 13      | the guide's command, stray quote kept  | sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSSO"   | 1      | zsh: unmatched "                            |
      | 14      | an unknown subsystem                   | sudo log config --mode "level:debug,persist:debug" --subsystem com.apple.AppSS0    | 1      | log: unknown subsystem 'com.apple.AppSS0'   |
      | 14      | a mode level log does not know         | sudo log config --mode "level:verbose" --subsystem com.apple.AppSSO                | 1      | log: invalid mode 'level:verbose'           |
      | 14      | log config without sudo                | log config --mode "level:debug" --subsystem com.apple.AppSSO                       | 1      | log: Must be root to run 'config' command   |
      | 14      | sysdiagnose without sudo               | sysdiagnose                                                                        | 1      | sysdiagnose: must be run as root            |
      | 14      | a mistyped app-sso command             | app-sso platfrom -s                                                                | 64     | app-sso: unknown command: platfrom          |
      | 14      | a command that does not exist          | appsso platform -s                                                                 | 127    | zsh: command not found: appsso              |
