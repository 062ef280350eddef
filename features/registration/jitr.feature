# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Just In Time Rendering (JITR) workflow when a user is enrolled using Company Portal
# "The notification reappears after a short time if missed": the model posts a registration
# notification left unanswered again after 5 minutes (REGISTRATION_REMINDER, sim/macos/platform_sso.py).
@product-2023-11 @jitr
Feature: Just in time registration from Company Portal's Devices tab
  A user whose Mac is enrolled with Company Portal, but not registered, registers it from the
  action item the Devices tab raises. A missed registration notification comes back.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: Register from the Devices tab's action item on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user opens the "Company Portal" app
    And the user selects "Devices"
    Then the "Company Portal" window shows "Action required: Register your Mac"
    And a "Registration Required" notification is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the "Sign in" window is not on screen
    When the user returns to the "Company Portal" app
    Then the "Company Portal" window shows "Registration complete"
    And Company Portal displays a confirmation message
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario Outline: A missed registration notification comes back after 5 minutes on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    Then the Device Registration popup is on screen
    When the user misses the "Registration Required" notification
    And the user waits 4 minutes
    Then no "Registration Required" notification is on screen
    When the user waits 1 minute
    Then the Device Registration popup is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

    Examples:
      | version |
      | 13      |
      | 14      |
