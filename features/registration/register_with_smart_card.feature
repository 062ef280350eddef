# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Platform SSO registration > Smart Card (Pair the smart card with your local account; Register
#           your device with the smart card), and Prerequisites (certificate-based authentication)
# Also: Configure Platform SSO for macOS devices (Intune) > Step 1 (Smart card: macOS 14 and later).
# The PIN prompt is titled as the article writes it, "Enter pin for the smart card"; its button is OK.
# The article does not say what Entra answers without certificate-based authentication: the model gives
# the CBA troubleshooting guide's AADSTS130501 ("Sign in was blocked due to User Credential Policy").
# Pairing runs sc_auth (sim/macos/smart_card.py) until Terminal registers the command.
@product-current @registration @smart-card
Feature: Register a Mac with Platform SSO using a smart card
  A smart card with a certificate for the user, paired with the local account, signs the user in to
  Entra ID by certificate-based authentication. The Mac then unlocks with the card's PIN, except
  after a restart, when the local password must unlock the keychain first.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has configured and enabled certificate-based authentication in Entra ID
    And the admin has deployed the Platform SSO settings in Intune with the "Smart card" method
    And the admin requires compliant Macs in Intune

  Scenario Outline: Pair the card, register with its PIN, and unlock with it on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user pairs the smart card with their local account in Terminal
    And the user selects "Register" on the notification at the top right
    Then the "Smart Card" window shows "Enter pin for the smart card"
    When the user enters their smart card PIN and selects "OK"
    And the user approves the sign-in request in Microsoft Authenticator
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Platform SSO's login type is "POLoginTypeSmartCard (3)"
    And Entra ID signed the user in with the smart card's certificate
    And the Mac's local password is still the one the user set up
    And the Mac is "compliant" in Intune
    When the user locks the Mac
    And the user unlocks the Mac with their smart card PIN
    Then the Mac is unlocked
    When the user restarts the Mac
    And the user tries to sign in to the Mac with their smart card PIN
    Then the user is not signed in to the Mac, and the login window says "unlock your keychain"
    When the user signs in to the Mac with their local password
    Then the user is signed in to the Mac

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario: A card that is not paired is chosen with "Smart card", and does not unlock the Mac
    Given the user has a Mac with macOS 14
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user selects "Smart card"
    And the user enters their smart card PIN and selects "OK"
    And the user approves the sign-in request in Microsoft Authenticator
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    When the user locks the Mac
    And the user unlocks the Mac with their smart card PIN
    Then the Mac is locked

  @negative
  Scenario: A wrong PIN is refused, and the right one registers the Mac
    Given the user has a Mac with macOS 14
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user pairs the smart card with their local account in Terminal
    And the user selects "Register" on the notification at the top right
    And the user enters a wrong smart card PIN and selects "OK"
    Then the "Smart Card" window shows "Incorrect PIN. 2 attempts left."
    And Platform SSO registration is not complete
    When the user enters their smart card PIN and selects "OK"
    And the user approves the sign-in request in Microsoft Authenticator
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  @negative
  Scenario: Without certificate-based authentication enabled, Entra ID refuses the card
    Given the admin has disabled certificate-based authentication in Entra ID
    And the user has a Mac with macOS 14
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user pairs the smart card with their local account in Terminal
    And the user selects "Register" on the notification at the top right
    And the user enters their smart card PIN and selects "OK"
    Then the "Smart Card" window shows "Sign in was blocked due to User Credential Policy"
    And Platform SSO registration has failed
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  @negative
  Scenario: macOS 13 offers no smart card registration
    Given the user has a Mac with macOS 13
    And the user has installed the Management Profile from Company Portal
    When the user waits 15 minutes
    Then no "Registration Required" notification is on screen
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
