# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Passcode policy complexity mismatches
# Apple's passcode payload (com.apple.mobiledevice.passwordpolicy): with several installed, the strictest wins.
@product-2023-11 @known-issue @passcode-policy
Feature: Two passcode profiles: the Mac enforces the strictest rule of each
  When two passcode profiles reach the Mac, the local password must meet every rule of both. A Microsoft
  Entra ID password that meets one profile but not the other still fails password synchronization.

  Background:
    Given a user whose Microsoft Entra ID password is "Contoso-Sync-Password"
    And the admin has deployed the Platform SSO settings in Intune
    And the admin's passcode profile "Mac passcode" requires 16 characters, 2 of them special
    And the admin's passcode profile "Letters and numbers" requires letters and numbers

  Scenario Outline: A password with no number fails sync under the profile that asks for one, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the "Unable to Sync Password" notification
    Then the "Notification" window shows "doesn't meet this Mac's password requirements"
    And the "Notification" window shows "contains no number"
    And the "Notification" window does not show "shorter than 16 characters"
    And the Mac's local password is not the Microsoft Entra ID password
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"

    Examples:
      | version |
      | 13      |
      | 14      |
