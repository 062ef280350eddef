# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Temporary passwords issued during password reset can't be synced with
#           Platform SSO; FAQ > What should I do if I forget my password? > Password Sync
# The article tells the user to finish the reset "using the SSO extension"; the FAQ, to "use another device to
# log in, set up a new password". The scenarios take the FAQ's way (Graph changePassword, on another device).
@product-current @known-issue @temporary-password
Feature: Temporary passwords issued during password reset can't be synced with Platform SSO
  An administrator resets the user's password and gives them a temporary password. The Mac does not
  take it: nothing is synced and the local password stays. Once the user has set a new password with
  the temporary one, the new password signs in and is synced.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: The temporary password is not synced, the new password set with it is, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the admin resets the user's Microsoft Entra ID password and gives them a temporary password
    And the user waits up to 4 hours for the "Sign In Required" notification
    And the user selects "Sign In" on the notification at the top right
    And the user enters their temporary password and selects "Sign In"
    Then the Platform SSO user state is "POUserStateLoginNeeded (1)"
    And the Mac's local password is still their previous password
    And Entra ID still requires the user to set a new password
    When the user sets a new password with their temporary password on another device
    And the user enters their Microsoft Entra ID password and selects "Sign In"
    Then the Platform SSO user state is "POUserStateNormal (0)"
    And the Mac's local password is the Microsoft Entra ID password

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  Scenario Outline: The login window refuses the temporary password and takes the new one, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the admin resets the user's Microsoft Entra ID password and gives them a temporary password
    And the user signs out of the Mac
    And the user tries to sign in to the Mac with their temporary password
    Then the login window refuses the password
    And the Mac's local password is still their previous password
    When the user sets a new password with their temporary password on another device
    And the user signs in to the Mac with their Microsoft Entra ID password
    Then the Mac's local password is the Microsoft Entra ID password
    And the Platform SSO user state is "POUserStateNormal (0)"

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |
