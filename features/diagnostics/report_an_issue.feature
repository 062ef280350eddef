# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Report an issue
@product-2023-11 @diagnostics @report-an-issue
Feature: Report an issue from Company Portal
  Company Portal > Help > Send diagnostic report > Email logs sends the Mac's logs and shows an
  incident ID to note before closing the window. The logs describe the Mac as it is.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: Send a diagnostic report from a registered Mac on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user navigates to "Help > Send diagnostic report" in the "Company Portal" app
    Then "Email logs" is on screen
    When the user selects "Email logs" in the "Send diagnostic report" window
    Then the "Send diagnostic report" window shows "Incident ID:"
    And the "Send diagnostic report" window shows "Take note of your incident ID"
    When the user notes the incident ID and selects "Close"
    Then the diagnostics service holds the logs for the noted incident ID
    And the logs say Platform SSO registration is complete, with the Mac's Entra device ID
    And the logs list the "Platform SSO" profile
    And the logs list the "Management Profile" profile

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario: The logs of a Mac that is not registered say so
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user navigates to "Help > Send diagnostic report" in the "Company Portal" app
    And the user selects "Email logs" in the "Send diagnostic report" window
    And the user notes the incident ID and selects "Close"
    Then the diagnostics service holds the logs for the noted incident ID
    And the logs say Platform SSO registration is not complete
