# Document: macOS Platform single sign-on known issues and troubleshooting (ms.date 2024-12-19)
# Section:  Scenarios to validate > Repair or remove PSSO registration from a device (tabs macOS 14 and macOS 13)
# The current guide names Deregister (the seeds: Unregister) and no Sign out: the labels are the product
# release's (deregister_label, preferences_sign_out). Re-registering follows "Join a Mac device with
# Microsoft Entra ID using Company Portal" > Platform SSO registration.
@product-current @deregister
Feature: Deregister a Mac in Company Portal Preferences, then register it again

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin requires compliant Macs in Intune

  Scenario Outline: Deregister removes the registration on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user opens the "Company Portal" app
    And the user selects "Preferences"
    Then "Sign out" is not on screen
    And "Unregister" is not on screen
    When the user selects "Deregister"
    Then the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "noncompliant" in Intune
    And a "Registration Required" notification is on screen
    When the user registers the Mac with Platform SSO through Company Portal
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "compliant" in Intune

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |
