# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Repair or remove PSSO registration from a device (tabs macOS 14 and macOS 13)
# On macOS 14 the guide repairs in Settings > Users & Groups > Network Account Server > Edit > Repair.
# On macOS 13 it sends the user to Company Portal; re-registration then follows "Register a Mac device
# with macOS Platform Single Sign-On using Company Portal", Intune MDM enrollment ..., steps 8 to 10.
# The problem repaired here: the Mac's device object was deleted from Entra ID.
@product-2023-11 @repair
Feature: Repair a Platform SSO registration

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the admin requires compliant Macs in Intune

  @macos14
  Scenario: Repair in Users & Groups > Network Account Server on macOS 14
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    And the Mac's device object has been deleted from Entra ID
    Then Entra ID does not know the Mac's Platform SSO registration
    When the user opens the "Settings" app
    And the user navigates to "Users & Groups > Network Account Server"
    And the user selects "Edit"
    And the user selects "Repair"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "compliant" in Intune

  @macos13
  Scenario: macOS 13 offers no Repair; Company Portal removes the device and registers it again
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    And the Mac's device object has been deleted from Entra ID
    When the user opens the "Settings" app
    And the user navigates to "Users & Groups > Network Account Server"
    And the user selects "Edit"
    Then "Repair" is not on screen
    When the user selects "Done" in the "System Settings" window
    And the user opens the "Company Portal" app
    And the user selects "Preferences"
    And the user selects "Unregister"
    Then the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    When the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    And the user selects "Done"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "compliant" in Intune

  @macos14
  Scenario: A Repair cancelled on a registered Mac leaves it registered, and the next sign-in prompts nothing
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user opens the "Settings" app
    And the user navigates to "Users & Groups > Network Account Server"
    And the user selects "Edit"
    And the user selects "Repair"
    And the user closes the SSO auth prompt
    Then Platform SSO registration is complete
    When the user signs out of the Mac
    And the user signs in to the Mac with their Microsoft Entra ID password
    And the user waits 1 hour
    Then no "Registration Required" notification is on screen
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
