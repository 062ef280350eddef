# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Long running operations (tabs: macOS 14, macOS 13)
# The failure is an outage of the device registration service (a fault switch); the timings are
# the Mac's: registration_retry_prompt (10 minutes on 14, 5 on 13) and registration_duration,
# rows of the macOS table (sim/product/macos.py).
@product-2023-11 @known-issue @long-running
Feature: Long running operations
  Device registration takes time. On macOS 14, when registration fails through the Settings app,
  the Device Registration popup comes back after about 10 minutes and the user can try again.
  On macOS 13 registration can take a few minutes; after a failure the user waits a few minutes
  and tries again when prompted.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  @macos14
  Scenario: On macOS 14 a registration that failed through Settings comes back after about 10 minutes
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the device registration service is unavailable for the next 5 minutes
    When the user opens the "System Settings" app
    And the user selects "Users & Groups"
    And the user selects "Register" in the "System Settings" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration has failed
    When the user waits 8 minutes
    Then "Register" is not on screen
    When the user waits up to 2 minutes to be prompted to select "Register"
    Then the Device Registration popup is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 1 minute
    Then Platform SSO registration is complete
    And Entra ID has a device object for the Mac, Microsoft Entra joined

  @macos13
  Scenario: On macOS 13 registration takes a few minutes
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 2 minutes
    Then the "Company Portal" window shows "Registering your Mac"
    And Platform SSO registration is not complete
    When the user waits up to 5 minutes to be prompted to select "Done"
    Then Platform SSO registration is complete

  @macos13
  Scenario: On macOS 13 a failed registration can be tried again when prompted
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    And the device registration service is unavailable for the next 5 minutes
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 4 minutes
    Then Platform SSO registration has failed
    And "Register" is not on screen
    When the user waits up to 10 minutes to be prompted to select "Register"
    Then a "Registration Required" notification is on screen
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    Then Platform SSO registration is complete
