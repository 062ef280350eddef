# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Enabling PSSO from an existing Microsoft Enterprise SSO plug-in (> Initiate PSSO registration)
# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Device migration
# "Initiate PSSO registration" stops after "Open Info menu" (<!--TODO: Clarify steps-->); the
# user-initiated scenario completes it with the Register button the Info sheet offers. Users & Groups
# offers the registration on macOS 14 only (sim/macos/system_settings.py), so the user starts it there
# on 14; the administrator's start runs on both versions.
@product-2023-11 @migration
Feature: Migration from the Microsoft Enterprise SSO plug-in to Platform SSO
  A Mac registered through the Enterprise SSO plug-in keeps a Workplace Join key in its keychain.
  A successful Platform SSO registration joins the Mac to Microsoft Entra ID and removes the key.

  Background:
    Given a user with Microsoft Authenticator registered for MFA

  Scenario Outline: The administrator starts the migration on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    And the Mac was registered with the Microsoft Enterprise SSO plug-in
    Then the Mac's Keychain holds a Workplace Join key
    When the admin targets the user for Platform SSO in Intune
    And the user waits up to 5 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's Keychain holds no Workplace Join key

    Examples:
      | version |
      | 13      |
      | 14      |

  @macos14
  Scenario: The user starts the migration in Settings on macOS 14
    Given the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the Mac was registered with the Microsoft Enterprise SSO plug-in
    Then the Mac's Keychain holds a Workplace Join key
    When the user opens the "Settings" app
    And the user navigates to "Users & Groups"
    And the user selects "Info"
    And the user selects "Register" in the "System Settings" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's Keychain holds no Workplace Join key

  @negative
  Scenario: A failed registration leaves the Workplace Join key in place
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    And the Mac was registered with the Microsoft Enterprise SSO plug-in
    And the device registration service is unavailable for the next 30 minutes
    When the admin targets the user for Platform SSO in Intune
    And the user waits up to 5 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration has failed
    And the Mac's Keychain holds a Workplace Join key
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
