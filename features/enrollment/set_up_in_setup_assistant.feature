# Document: Join a Mac device with Microsoft Entra ID during the out of box experience with macOS PSSO
#           (ms.date 2024-12-19)
# Section:  Prerequisites (Automated Device Enrollment, Company Portal 5.2404.0 or later, MFA) and
#           Set up your macOS device
# Step 3's MFA ("Enter the code sent to your Authenticator app") comes from the tenant: a Conditional Access
# policy requires MFA for Microsoft Intune Enrollment, so the sign-in that approves the management profile
# download asks for it. Microsoft Authenticator is approved by number matching here, as everywhere in the
# simulation. Company Portal reaches a Mac set up by ADE as a required app; Platform SSO waits for it (its SSO
# extension) and for the user's account before it asks to register.
@product-current @enrollment @setup-assistant
Feature: Set up a new Mac in Setup Assistant with Automated Device Enrollment
  The organisation's new Mac, assigned to Intune by serial number, shows Remote Management in Setup
  Assistant. The user's Microsoft Entra sign-in approves the management profile download: the Mac is
  enrolled, supervised, for that user. After Create a Mac Account, Company Portal and the Platform SSO
  settings arrive, and macOS asks the user to register the Mac.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And these Conditional Access policies:
      | name                              | grant                              | target resources            |
      | Require MFA for Intune enrollment | Require multifactor authentication | Microsoft Intune Enrollment |
    And the admin has made Company Portal a required app in Intune
    And the admin requires compliant Macs in Intune

  Scenario Outline: Set up a new Mac on macOS <version> for the <method> method, up to Registration Required
    Given the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    Then the "Setup Assistant" window shows "Hello"
    And the Mac has no local account yet
    When the user selects "Get Started"
    And the user selects "United States"
    And the user selects "Continue"
    And the user selects "Office Wi-Fi"
    And the user selects "Continue"
    Then "Setup Assistant" is on its "Remote Management" screen
    And the "Setup Assistant" window shows "Contoso Labs can automatically configure your Mac"
    When the user selects "Continue"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then Intune enrolled the Mac by automated device enrollment, for the user
    And Intune has the Mac as a managed device, supervised and managed by "Contoso Labs"
    And "Setup Assistant" is on its "Create a Mac Account" screen
    And "Company Portal" is not installed on the Mac
    When the user fills in their full name, an account name and a local password, and selects "Continue"
    Then the user is signed in to the Mac
    And the "Setup Assistant" window is not on screen
    When the user waits up to 10 minutes for the "Registration Required" notification
    Then "Company Portal" is installed on the Mac
    And the SSO extension payload with Platform SSO settings is installed on the Mac
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "noncompliant" in Intune

    Examples:
      | method         | version |
      | Secure Enclave | 13      |
      | Secure Enclave | 14      |
      | Secure Enclave | 15      |
      | Smart card     | 14      |
      | Smart card     | 15      |
      | Password       | 13      |
      | Password       | 14      |
      | Password       | 15      |

  Scenario: Registration Required waits for Company Portal, the required app
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits 1 minute
    Then the "Platform SSO" profile is installed on the Mac
    But "Company Portal" is not installed on the Mac
    And no "Registration Required" notification is on screen
    When the user waits up to 5 minutes for the "Registration Required" notification
    Then "Company Portal" is installed on the Mac

  Scenario: Registration Required waits for the user's account, however long Create a Mac Account takes
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a new Mac with macOS 15, assigned to Intune by automated device enrollment
    When the user selects "Get Started"
    And the user selects "United States"
    And the user selects "Continue"
    And the user selects "Office Wi-Fi"
    And the user selects "Continue"
    And the user selects "Continue"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 30 minutes
    Then "Company Portal" is installed on the Mac
    And the Mac has no local account yet
    And no "Registration Required" notification is on screen
    When the user fills in their full name, an account name and a local password, and selects "Continue"
    Then a "Registration Required" notification is on screen

  @negative
  Scenario: macOS 13 offers no smart card registration after Setup Assistant
    Given the admin has deployed the Platform SSO settings in Intune with the "Smart card" method
    And the user has a new Mac with macOS 13, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits 15 minutes
    Then "Company Portal" is installed on the Mac
    But no "Registration Required" notification is on screen
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  @negative
  Scenario: A Mac the organisation did not assign to Intune skips Remote Management and is not managed
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14 that is not assigned to Intune
    When the user selects "Get Started"
    And the user selects "United States"
    And the user selects "Continue"
    And the user selects "Office Wi-Fi"
    And the user selects "Continue"
    Then "Setup Assistant" is on its "Create a Mac Account" screen
    When the user fills in their full name, an account name and a local password, and selects "Continue"
    And the user waits 15 minutes
    Then Intune has no managed device for the Mac
    And "Company Portal" is not installed on the Mac
    And no "Registration Required" notification is on screen

  @negative
  Scenario: Without an MFA method the user cannot approve the management profile download
    Given a user with no MFA method registered
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    When the user selects "Get Started"
    And the user selects "United States"
    And the user selects "Continue"
    And the user selects "Office Wi-Fi"
    And the user selects "Continue"
    And the user selects "Continue"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "More information required"
    And Intune has no managed device for the Mac
    And the Mac has no local account yet
