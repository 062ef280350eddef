# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Password change events
# "Within 4 hours": Platform SSO refreshes its PRT every 4 hours (PRT_REFRESH_INTERVAL,
# sim/macos/prt_refresh.py); a change right after a refresh is the worst case.
@product-2023-11 @password-sync
Feature: An Entra password change through SSPR reaches the Mac within 4 hours
  After a password change the Mac prompts for the new password; the new password then unlocks the
  Mac and the old one does not.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: A password reset right after a PRT refresh is prompted for at the 4-hour bound on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    Then the Mac's local password is the Microsoft Entra ID password
    And the next PRT refresh is due in 4 hours
    When the user resets their Microsoft Entra ID password through SSPR
    And the user waits 4 hours
    Then the Mac prompted for the new Microsoft Entra ID password within 4 hours of the change
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
    When the user selects "Sign In" on the notification at the top right
    And the user enters their Microsoft Entra ID password and selects "Sign In"
    Then the Platform SSO user state is "POUserStateNormal (0)"
    And the Mac's local password is the Microsoft Entra ID password
    When the user locks the Mac
    And the user unlocks the Mac with their previous Microsoft Entra ID password
    Then the Mac is locked
    When the user unlocks the Mac with their Microsoft Entra ID password
    Then the Mac is unlocked

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario Outline: A password reset between two PRT refreshes is prompted for within 4 hours on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits 2 hours
    And the user resets their Microsoft Entra ID password through SSPR
    And the user waits up to 4 hours for the "Sign In Required" notification
    Then the Mac prompted for the new Microsoft Entra ID password within 4 hours of the change

    Examples:
      | version |
      | 13      |
      | 14      |
