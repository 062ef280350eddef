# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > SSO auth prompt dialog closed while the registration is in progress
@product-2023-11 @known-issue @sso-prompt-closed
Feature: SSO auth prompt dialog closed while the registration is in progress
  Closing the SSO auth prompt cancels the registration. It is not offered again until the
  user signs out of the Mac and signs in again; then the registration notification reappears
  and registration works.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: Closing the SSO auth prompt cancels registration until the user signs out and in, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    Then the "Sign in" window shows "Sign in to Company Portal"
    When the user closes the SSO auth prompt
    Then Platform SSO registration has been cancelled
    When the user waits 30 minutes
    Then "Register" is not on screen
    And no "Registration Required" notification is on screen
    And Platform SSO registration is not complete
    When the user signs out of the Mac
    And the user signs in to the Mac with their local password
    Then a "Registration Required" notification is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 5 minutes
    Then Platform SSO registration is complete
    And Entra ID has a device object for the Mac, Microsoft Entra joined

    Examples:
      | version |
      | 13      |
      | 14      |
