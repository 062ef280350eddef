# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Intune MDM and Microsoft Entra Join using Company Portal, and the Tip of Platform SSO registration
# Step 5 opens Settings > Privacy & Security > Profiles "if it doesn't automatically appear": the path is
# the macOS release's profiles_path (the article names no other one for macOS 15). Step 8's "notification in
# Company Portal that the installation is complete" is its Installation complete screen, with Done; the
# Registration Required notification comes after it. The Tip's "approximately 10 minutes" is the current
# release's registration_reminder (the seeds' JITR note gave "a short time": 5 minutes).
@product-current @enrollment
Feature: Enroll a Mac in Intune with Company Portal, then get the Registration Required notification
  The user signs in to Company Portal, installs the management profile from Settings and enrolls.
  Company Portal says the installation is complete; macOS then asks to register with Platform SSO.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin requires compliant Macs in Intune

  Scenario Outline: Enroll with Company Portal on macOS <version>
    Given the user has a Mac with macOS <version>
    When the user opens the "Company Portal" app
    And the user selects "Sign in"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Company Portal" window shows "Set up Contoso Labs access"
    When the user selects "Begin"
    And the user selects "Continue"
    And the user selects "Download profile"
    And the user opens the "Settings" app
    And the user navigates to "Privacy & Security > Profiles"
    And the user selects "Management Profile"
    And the user selects "Install"
    And the user enters their local device password and selects "Enroll"
    Then Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    When the user returns to the "Company Portal" app
    Then "Company Portal" is on its "Installation complete" screen
    When the user selects "Done"
    And the user waits up to 5 minutes for the "Registration Required" notification
    Then the SSO extension payload with Platform SSO settings is installed on the Mac
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "noncompliant" in Intune

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  Scenario Outline: A missed Registration Required notification comes back after about 10 minutes on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Close" on the notification at the top right
    And the user waits 9 minutes
    Then no "Registration Required" notification is on screen
    When the user waits 1 minute
    Then a "Registration Required" notification is on screen

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  Scenario: Signing out and back in brings the Registration Required notification back
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Close" on the notification at the top right
    And the user signs out of the Mac
    And the user signs in to the Mac with their local password
    Then a "Registration Required" notification is on screen
