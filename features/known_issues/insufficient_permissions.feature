# Document: MacOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > No error message if user has insufficient permissions
#           Troubleshooting guide > Insufficient permissions
@product-2023-11 @known-issue @insufficient-permissions
Feature: No error message if the user has insufficient permissions
  A user who is not allowed to join devices to Microsoft Entra ID gets no error message, and
  registration does not complete. The admin selects All under Microsoft Entra ID join and
  registration settings in the Microsoft Intune admin center; the user's next try succeeds.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the admin lets only selected users, not the user, join devices to Microsoft Entra ID

  Scenario Outline: Registration fails silently until the admin lets all users join devices, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 4 minutes
    Then Platform SSO registration has failed
    But the step "Then Platform SSO registration is complete" is expected to fail with "not registered"
    And the Mac shows no error message and no notification
    And Entra ID has no device object for the Mac
    When the admin opens the Microsoft Intune admin center
    And the admin navigates to "Devices > Device Settings"
    And the admin selects "All" under "Microsoft Entra ID join and registration settings"
    And the admin selects "Save"
    Then the admin center shows "Your changes have been saved."
    And Entra ID lets all users join devices to Microsoft Entra ID
    When the user waits up to 15 minutes to be prompted to select "Register"
    And the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 5 minutes
    Then Platform SSO registration is complete
    And Entra ID has a device object for the Mac, Microsoft Entra joined

    Examples:
      | version |
      | 13      |
      | 14      |
