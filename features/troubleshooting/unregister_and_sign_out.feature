# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Repair or remove PSSO registration from a device (tabs macOS 14 and macOS 13)
# Both tabs give the same Preferences procedure. Re-registration follows "Register a Mac device with
# macOS Platform Single Sign-On using Company Portal", Intune MDM enrollment with Microsoft Entra Join:
# steps 8 to 10 after Unregister, steps 1 and 2 after Sign out.
# The guide says Sign out gives "no confirmation that your device is deregistered"; the model takes
# Sign out to remove the user's work account only, and Unregister to remove the device registration.
@product-2023-11 @unregister
Feature: Unregister and sign out in Company Portal Preferences

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the admin requires compliant Macs in Intune

  Scenario Outline: Unregister removes the device registration on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user opens the "Company Portal" app
    And the user selects "Preferences"
    And the user selects "Unregister"
    Then the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "noncompliant" in Intune
    And Company Portal is signed in with the user's work account
    When the user returns to the "Company Portal" app
    And the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    And the user selects "Done"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "compliant" in Intune

    Examples:
      | version |
      | 13      |
      | 14      |

  Scenario Outline: Sign out removes the work account silently on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user opens the "Company Portal" app
    And the user selects "Preferences"
    And the user selects "Sign out"
    Then no confirmation, dialog or notification is on screen
    And Company Portal holds no work account
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    When the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then "Company Portal" is on its "Devices" screen
    And Company Portal is signed in with the user's work account
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

    Examples:
      | version |
      | 13      |
      | 14      |
