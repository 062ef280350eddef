# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Passcode policy complexity mismatches
@product-2023-11 @known-issue @passcode-policy
Feature: Passcode policy complexity mismatches
  When the MDM configuration sets a local password policy more complex than the Microsoft
  Entra ID account's password, password synchronization between Entra ID and the Mac fails.
  Making the password requirements identical lets it complete.

  Background:
    Given a user whose Microsoft Entra ID password is "Contoso2023Sync"
    And the admin has deployed the Platform SSO settings in Intune
    And the admin's passcode profile "Mac passcode" requires 16 characters, 2 of them special

  Scenario Outline: A stricter local policy makes password sync fail until the policies match, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the "Unable to Sync Password" notification
    Then the "Notification" window shows "doesn't meet this Mac's password requirements"
    And the "Notification" window shows "shorter than 16 characters"
    And the "Notification" window shows "has 0 of the 2 required special characters"
    And the Mac's local password is not the Microsoft Entra ID password
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
    When the admin changes the passcode profile "Mac passcode" to 8 characters, 0 of them special
    And the user waits up to 10 minutes for the changed "Mac passcode" profile to reach the Mac
    And the user signs out of the Mac
    And the user signs in to the Mac with their Microsoft Entra ID password
    Then the Mac's local password is the Microsoft Entra ID password
    And no "Unable to Sync Password" notification is on screen
    And Platform SSO registration is complete

    Examples:
      | version |
      | 13      |
      | 14      |
