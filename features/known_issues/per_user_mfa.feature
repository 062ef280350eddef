# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Per user MFA causes password sync failure
@product-2023-11 @known-issue @per-user-mfa
Feature: Per-user MFA causes password sync failure
  With per-user MFA on the account, Platform SSO cannot use the user's Microsoft Entra ID
  credentials in the steps after registration, and password sync fails. With Conditional
  Access MFA instead, MFA is asked where it can be answered, and password sync completes.

  Background:
    Given the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: Per-user MFA breaks password sync until the admin moves the user to Conditional Access MFA, on macOS <version>
    Given a user with per-user MFA enabled and Microsoft Authenticator registered
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the "Unable to Sync Password" notification
    Then the "Notification" window shows "AADSTS50076"
    And the Mac's local password is not the Microsoft Entra ID password
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
    And the Mac holds no Primary Refresh Token
    When the admin turns off per-user MFA for the user
    And the admin requires MFA for "Office 365" with a Conditional Access policy
    And the user signs out of the Mac
    And the user signs in to the Mac with their Microsoft Entra ID password
    Then the Mac's local password is the Microsoft Entra ID password
    And Platform SSO registration is complete

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario Outline: With Conditional Access MFA, enrollment and password sync complete, on macOS <version>
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires MFA for "Office 365" with a Conditional Access policy
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user registers the Mac with Platform SSO through Company Portal
    Then Platform SSO registration is complete
    And the Mac's local password is the Microsoft Entra ID password
    And no "Unable to Sync Password" notification is on screen

    Examples:
      | version |
      | 13      |
      | 14      |
