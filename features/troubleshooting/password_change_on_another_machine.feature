# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Frequently asked questions > How can I change my password when using Platform SSO?
# "Using the old password unlocks the device and then prompt the user for the new password": the Mac
# learns of the change when Entra refuses Platform SSO's next PRT refresh (within 4 hours), and prompts
# then. The scenarios sign in at the login window, where macOS checks the password with Entra.
@product-current @password-sync
Feature: After SSPR on another machine the Mac takes the old or the new password
  The user changes their password with SSPR on another machine. At the Mac the old password still signs
  in, and the user is then asked for the new one to keep syncing; the new password signs in and is
  synced at once.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: The old password signs in, then the Mac asks for the new one, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user resets their Microsoft Entra ID password through SSPR
    And the user signs out of the Mac
    And the user signs in to the Mac with their previous Microsoft Entra ID password
    Then the Mac's local password is still their previous password
    When the user waits up to 4 hours for the "Sign In Required" notification
    And the user selects "Sign In" on the notification at the top right
    And the user enters their Microsoft Entra ID password and selects "Sign In"
    Then the Platform SSO user state is "POUserStateNormal (0)"
    And the Mac's local password is the Microsoft Entra ID password

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  Scenario Outline: The new password signs in and is synced at once, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user resets their Microsoft Entra ID password through SSPR
    And the user signs out of the Mac
    And the user signs in to the Mac with their Microsoft Entra ID password
    Then the Mac's local password is the Microsoft Entra ID password
    And the Platform SSO user state is "POUserStateNormal (0)"
    When the user waits 4 hours
    Then no "Sign In Required" notification is on screen

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |
