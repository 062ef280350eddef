# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Report an issue ("check the current PSSO state ... app-sso platform -s") and Contact us >
#           Capturing Sysdiagnose and diagnostic logs (the current commands: the subsystem quoted, and the
#           reset afterwards). The join articles' "Check your device registration status" reads the same
#           output on macOS 13, where it is the only way: the SSO tokens at the bottom, and the login type
#           of the method (Smart card: macOS 14 and later).
@product-current @diagnostics @terminal
Feature: Check the Platform SSO state and capture logs in Terminal
  app-sso platform -s shows the registration, the login type of the method and, at the bottom, the SSO
  tokens. Debug logging for com.apple.AppSSO, a sysdiagnose and a reset of the logging capture what
  support needs.

  Background:
    Given a user with Microsoft Authenticator registered for MFA

  Scenario Outline: app-sso platform -s shows the <method> registration and the SSO tokens on macOS <version>
    Given the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user registers the Mac with Platform SSO through Company Portal
    And the user runs `app-sso platform -s` in Terminal
    Then the command exits with status 0
    And app-sso shows "registrationCompleted" as `true` in "Device Configuration"
    And app-sso shows "loginType" as `"<login type>"` in "Device Configuration"
    And app-sso shows "loginType" as `"<login type>"` in "User Configuration"
    And app-sso shows "state" as `"POUserStateNormal (0)"` in "User Configuration"
    And app-sso shows the Mac's SSO tokens at the bottom of its output
    And app-sso shows when Entra issued the Mac's Primary Refresh Token and when it expires

    Examples:
      | version | method         | login type                          |
      | 13      | Password       | POLoginTypePassword (1)             |
      | 14      | Password       | POLoginTypePassword (1)             |
      | 15      | Password       | POLoginTypePassword (1)             |
      | 13      | Secure Enclave | POLoginTypeUserSecureEnclaveKey (2) |
      | 14      | Secure Enclave | POLoginTypeUserSecureEnclaveKey (2) |
      | 15      | Secure Enclave | POLoginTypeUserSecureEnclaveKey (2) |

  Scenario Outline: app-sso platform -s shows the smart card registration and the SSO tokens on macOS <version>
    Given the admin has configured and enabled certificate-based authentication in Entra ID
    And the admin has deployed the Platform SSO settings in Intune with the "Smart card" method
    And the user has a Mac with macOS <version>
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user pairs the smart card with their local account in Terminal
    And the user registers the Mac with Platform SSO through Company Portal
    And the user runs `app-sso platform -s` in Terminal
    Then the command exits with status 0
    And app-sso shows "registrationCompleted" as `true` in "Device Configuration"
    And app-sso shows "loginType" as `"POLoginTypeSmartCard (3)"` in "Device Configuration"
    And app-sso shows the Mac's SSO tokens at the bottom of its output

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario Outline: Capture a sysdiagnose with AppSSO debug logs, then reset logging, on macOS <version>
    Given the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user runs `sudo log config --mode "level:debug,persist:debug" --subsystem "com.apple.AppSSO"` in Terminal and enters their local password
    Then the command exits with status 0
    When the user runs `log config --status --subsystem "com.apple.AppSSO"` in Terminal
    Then the command prints `Mode for 'com.apple.AppSSO'  DEBUG PERSIST_DEBUG`
    When the user registers the Mac with Platform SSO through Company Portal
    And the user runs `sudo sysdiagnose` in Terminal and enters their local password
    Then the command exits with status 0
    And sysdiagnose wrote its archive under `/private/var/tmp/`, named with the simulated time
    And the sysdiagnose archive records the AppSSO log mode `DEBUG PERSIST_DEBUG`
    And the sysdiagnose archive holds AppSSO debug messages for the requests to Entra ID
    When the user runs `sudo log config --reset --subsystem "com.apple.AppSSO"` in Terminal and enters their local password
    Then the command exits with status 0
    When the user runs `log config --status --subsystem "com.apple.AppSSO"` in Terminal
    Then the command prints `Mode for 'com.apple.AppSSO'  DEFAULT PERSIST_DEFAULT`

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |
