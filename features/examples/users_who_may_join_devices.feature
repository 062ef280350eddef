# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Prerequisites ("Users may join devices to Microsoft Entra") and
#           Intune MDM enrollment with Microsoft Entra Join using Company Portal
# The example of docs/writing-features.md: keep the two in step.
@product-2023-11 @enrollment
Feature: Only users allowed to join devices can register their Mac
  The tenant lets selected users join devices to Microsoft Entra ID. A selected user
  enrolls and registers their Mac; a user who is not selected enrolls, but registration fails.

  Background:
    Given these users:
      | name        | mfa                     |
      | Adele Vance | Microsoft Authenticator |
      | Alex Wilber | Microsoft Authenticator |
    And these device settings:
      | users may join devices | selected users |
      | Selected               | Adele Vance    |
    And the admin has deployed the Platform SSO settings in Intune
    And the admin requires compliant Macs in Intune

  Scenario: A selected user registers their Mac
    Given these Macs:
      | macOS | owner       |
      | 14    | Adele Vance |
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user selects "Begin"
    And the user selects "Continue"
    And the user selects "Download profile"
    And the user selects "Install" on the notification at the top right
    And the user selects "Management Profile"
    And the user selects "Install"
    And the user enters their local device password and selects "Enroll"
    Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    When the user returns to the "Company Portal" app
    And the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    Then Entra ID has a device object for the Mac, Microsoft Entra joined
    And Platform SSO registration is complete
    And the Mac is "compliant" in Intune

  @negative
  Scenario: A user who may not join devices cannot register their Mac
    Given these Macs:
      | macOS | owner       |
      | 14    | Alex Wilber |
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user selects "Begin"
    And the user selects "Continue"
    And the user selects "Download profile"
    And the user selects "Install" on the notification at the top right
    And the user selects "Management Profile"
    And the user selects "Install"
    And the user enters their local device password and selects "Enroll"
    Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    When the user returns to the "Company Portal" app
    And the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 5 minutes
    Then Platform SSO registration is not complete
    And Entra ID has no device object for the Mac
    And the Mac is "noncompliant" in Intune
