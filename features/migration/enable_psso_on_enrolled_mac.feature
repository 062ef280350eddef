# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Update your Mac device to enable PSSO
# Also: macOS Platform single sign-on known issues and troubleshooting > Device migration.
# The SSO extension profile the plug-in used carries no Platform SSO settings, which Intune refuses to
# deliver here (error 10001): the admin's update is modelled as assigning the Platform SSO profile.
# "you can choose to select this and start your device registration at a time convenient to you": the
# user closes the notification; it comes back after the current release's registration_reminder.
@product-current @migration
Feature: Enable Platform SSO on a Mac already enrolled in Company Portal
  The admin updates the SSO extension profile; the Mac shows Registration Required, and registering
  replaces the old SSO registration (the Workplace Join key) with the Platform SSO one.

  Background:
    Given a user with Microsoft Authenticator registered for MFA

  Scenario Outline: Register when convenient, replacing the old SSO registration on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has installed the Management Profile from Company Portal
    And the Mac was registered with the Microsoft Enterprise SSO plug-in
    Then the Mac's Keychain holds a Workplace Join key
    When the admin updates the SSO extension profile to enable Platform SSO with the "<method>" method
    And the user waits up to 5 minutes for the "Registration Required" notification
    And the user selects "Close" on the notification at the top right
    And the user waits 10 minutes
    Then a "Registration Required" notification is on screen
    When the user registers the Mac with Platform SSO through Company Portal
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's Keychain holds no Workplace Join key
    And Platform SSO's login type is "<login type>"
    When the user opens "Office 365" in the browser
    Then the user has single sign-on to "Office 365" from the Mac

    Examples:
      | version | method         | login type                          |
      | 13      | Password       | POLoginTypePassword (1)             |
      | 14      | Secure Enclave | POLoginTypeUserSecureEnclaveKey (2) |
      | 15      | Password       | POLoginTypePassword (1)             |
