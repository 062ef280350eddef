# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Intune MDM enrollment with Microsoft Entra Join using Company Portal
@product-2023-11 @enrollment
Feature: Intune MDM enrollment with Microsoft Entra join using Company Portal
  A user signs in to Company Portal, installs the management profile, and registers
  the Mac with Platform SSO. The Mac ends joined to Entra ID and managed by Intune.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the admin requires compliant Macs in Intune

  Scenario Outline: Enroll and register a Mac on macOS <version>
    Given the user has a Mac with macOS <version>
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Company Portal" window shows "Set up Contoso Labs access"
    When the user selects "Begin"
    And the user selects "Continue"
    And the user selects "Download profile"
    And the user selects "Install" on the notification at the top right
    Then the "System Settings" window shows "Profiles"
    When the user selects "Management Profile"
    And the user selects "Install"
    And the user enters their local device password and selects "Enroll"
    Then the "System Settings" window shows "This Mac is supervised and managed by Contoso Labs"
    And Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    When the user returns to the "Company Portal" app
    And the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "Done"
    And the user selects "Done"
    Then "Company Portal" is on its "Devices" screen
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the "Management Profile" profile is installed on the Mac
    And the SSO extension payload with Platform SSO settings is installed on the Mac
    And the Mac is "compliant" in Intune

    Examples:
      | version |
      | 13      |
      | 14      |

  @negative
  Scenario: A wrong Microsoft Entra ID password keeps the user at sign-in
    Given the user has a Mac with macOS 14
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters a wrong Microsoft Entra ID password and selects "Next"
    Then the "Sign in" window shows "Your account or password is incorrect"
    And the Mac shows an error message
    And "Next" is on screen
    And Intune has no managed device for the Mac

  @negative
  Scenario: A wrong local password at Enroll leaves the Mac unmanaged
    Given the user has a Mac with macOS 14
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user selects "Begin"
    And the user selects "Continue"
    And the user selects "Download profile"
    And the user selects "Install" on the notification at the top right
    And the user selects "Management Profile"
    And the user selects "Install"
    And the user enters a wrong local device password and selects "Enroll"
    Then the "System Settings" window shows "The password you entered is incorrect"
    And Intune has no managed device for the Mac

  @negative
  Scenario: A user with no MFA method registered cannot register the Mac
    Given a user with no MFA method registered
    And the user has a Mac with macOS 14
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
    And the user returns to the "Company Portal" app
    And the user waits up to 5 minutes to be prompted to select "Register"
    And the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials, selects "Next" and is refused
    Then the "Sign in" window shows "More information required"
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "noncompliant" in Intune
