# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Enabling PSSO from an existing Microsoft Enterprise SSO plug-in > Device falls out of compliance
# The guide names no control for "the steps for compliance mediation"; the model's Devices tab offers
# Check status (the Mac checks in) and Resolve (compliance mediation).
@product-2023-11 @compliance-mediation
Feature: A Mac targeted for Platform SSO falls out of compliance until it is registered
  Targeting the user for Platform SSO and downloading the policy makes the Mac non-compliant.
  Compliance mediation in Company Portal raises "Authentication Required"; the email address,
  the MFA flow and the Entra password register the Mac, and it is compliant again.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires compliant Macs in Intune

  Scenario Outline: Compliance mediation registers the Mac on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    Then the Mac is "compliant" in Intune
    When the admin targets the user for Platform SSO in Intune
    And the user waits 1 minute
    Then the SSO extension payload with Platform SSO settings is installed on the Mac
    And the Mac is "noncompliant" in Intune
    When the user opens the "Company Portal" app
    And the user selects "Devices"
    And the user selects "Check status"
    Then the "Company Portal" window shows "Compliance: Not compliant"
    When the user selects "Resolve"
    Then a "Authentication Required" notification is on screen
    When the user selects "Continue" on the notification at the top right
    And the user enters their email address and selects "Next"
    And the user approves the sign-in request in Microsoft Authenticator
    And the user waits up to 5 minutes to be prompted to select "Sign In"
    And the user enters their Microsoft Entra ID password and selects "Sign In"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's local password is the Microsoft Entra ID password
    And the Mac is "compliant" in Intune
    And Entra ID marks the Mac's device object compliant

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario: Check status right after the admin targets the user shows what the Mac's check-in changed
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    When the admin targets the user for Platform SSO in Intune
    And the user opens the "Company Portal" app
    And the user selects "Devices"
    And the user selects "Check status"
    Then the "Company Portal" window shows "Compliance: Not compliant"
    And the Mac is "noncompliant" in Intune
