# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Platform SSO registration > Password
# Step 1 has macOS 13 see "a prompt to register your device with Microsoft Entra ID" which is step 2's
# sign-in; step 3's "on macOS 14, you're prompted to unlock your local account beforehand" is the prompt
# to register with Microsoft Entra that the Secure Enclave tab names for macOS 14 (the macOS release's
# entra_registration_prompt: 14 and later).
@product-current @registration @password-method
Feature: Register a Mac with Platform SSO using the password
  After the Entra sign-in, the Single Sign-On window asks the local password. When it is not the
  Entra password, Authentication Required asks for the Entra password, which becomes the Mac's
  password: the old one no longer works.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the admin requires compliant Macs in Intune

  Scenario Outline: Register with the password on macOS <version>, unlocking first
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    Then the "Platform Single Sign-On" window shows "Register your device with Microsoft Entra"
    When the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    Then the "Single Sign-On" window shows "local account password"
    When the user enters their local device password and selects "OK"
    Then a "Authentication Required" notification is on screen
    When the user selects "Sign-in" on the notification at the top right
    And the user enters their Microsoft Entra ID password in "Microsoft Entra" and selects "Sign In"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Platform SSO's login type is "POLoginTypePassword (1)"
    And the Mac's local password is the Microsoft Entra ID password
    And the Mac is "compliant" in Intune
    When the user locks the Mac
    And the user tries to unlock the Mac with the local password they set up
    Then the Mac is locked
    When the user unlocks the Mac with their Microsoft Entra ID password
    Then the Mac is unlocked

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario: Register with the password on macOS 13, signing in straight away
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    And the user enters their local device password and selects "OK"
    And the user selects "Sign-in" on the notification at the top right
    And the user enters their Microsoft Entra ID password in "Microsoft Entra" and selects "Sign In"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's local password is the Microsoft Entra ID password

  Scenario: The same local and Entra passwords need no Authentication Required
    Given a user whose Microsoft Entra ID password is "Contoso-Sync-2024"
    And these Macs:
      | macOS | local password    |
      | 14    | Contoso-Sync-2024 |
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    And the user enters their local device password and selects "OK"
    Then no "Authentication Required" notification is on screen
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  @negative
  Scenario: A wrong local password in the Single Sign-On window is refused
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    And the user enters a wrong local device password and selects "OK"
    Then the "Single Sign-On" window shows "The password you entered is incorrect"
    And the Mac holds no Primary Refresh Token
