# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Long running operations (tabs: macOS 14, macOS 13)
# The failures are faults injected into the device registration service (sim/faults); the product's
# reaction is the Mac's documented one: registration_retry_prompt of the macOS table (sim/product/macos.py).
@product-2023-11 @known-issue @long-running
Feature: Registration through an outage of the device registration service
  When the device registration service fails, registration fails; the Mac offers it again after about
  10 minutes on macOS 14 and a few minutes on macOS 13, and the user can then complete it.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  @macos14
  Scenario: On macOS 14 registration completes when it is offered again after a 10-minute outage
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the device registration service answers 503 for 10 minutes
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration has failed
    When the user waits up to 11 minutes to be prompted to select "Register"
    Then the Device Registration popup is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration is complete

  @macos14
  Scenario: On macOS 14 a user signed out when the registration is offered again is offered it at the next sign-in
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the device registration service answers 503 for 10 minutes
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration has failed
    When the user signs out of the Mac
    And the user waits 15 minutes
    And the user signs in to the Mac with their local password
    Then a "Registration Required" notification is on screen

  @macos13
  Scenario: On macOS 13 one refused registration is tried again when prompted
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    And the fault "enterpriseregistration.windows.net/EnrollmentServer/device/ 503 x1" is injected
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 4 minutes
    Then Platform SSO registration has failed
    When the user waits up to 10 minutes to be prompted to select "Register"
    Then a "Registration Required" notification is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    Then Platform SSO registration is complete
