# Document: Join a Mac device with Microsoft Entra ID during the out of box experience with macOS PSSO
#           (ms.date 2024-12-19)
# Section:  Registration with Automated Device Enrollment (the Secure Enclave, Smart Card and Password tabs,
#           and "Enable Platform Credential for macOS for use as a passkey"), and Check your device
#           registration status
# The tabs are the Company Portal article's registration flows after the first login; where the two articles
# differ, the model follows one flow for both (the same product), and the differences are:
# - Secure Enclave and Password, step 2: "A prompt appears to enter your local account password. Enter your
#   password and select Ok." On macOS 14 and 15 this is the prompt to register with Microsoft Entra, which
#   takes the local password (its button is OK). The article lists step 2 for macOS 13 too; the Company Portal
#   article shows macOS 13 no prompt before the sign-in, and neither does the model.
# - Password: the article has no Single Sign-On window after the sign-in (the local password was typed at
#   step 2); the model, as the Company Portal article, asks for it there, then Authentication Required.
@product-current @registration @setup-assistant
Feature: Register a Mac set up in Setup Assistant with Platform SSO
  After Setup Assistant, the Registration Required notification starts the registration for the method the
  admin chose: the Secure Enclave key, the smart card paired with the local account, or the password, which
  becomes the Entra password. Settings then shows Platform SSO as Registered with the method.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has made Company Portal a required app in Intune
    And the admin requires compliant Macs in Intune

  Scenario Outline: Secure Enclave on macOS <version>: the local password unlocks, then the Entra sign-in
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits up to 10 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    Then the "Platform Single Sign-On" window shows "Register your device with Microsoft Entra"
    When the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Platform SSO's login type is "POLoginTypeUserSecureEnclaveKey (2)"
    And Entra ID holds only the public half of the user's Secure Enclave key on the Mac
    And the user's Primary Refresh Token is bound to their Secure Enclave key
    And the Mac's local password is still the one the user set up
    And the Mac is "compliant" in Intune

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario: Secure Enclave on macOS 13: no prompt before the Entra sign-in
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 13, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits up to 10 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    Then the "Platform Single Sign-On" window is not on screen
    When the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Platform SSO's login type is "POLoginTypeUserSecureEnclaveKey (2)"
    And the Mac is "compliant" in Intune
    When the user runs `app-sso platform -s` in Terminal
    Then app-sso shows the Mac's SSO tokens at the bottom of its output

  Scenario Outline: Sign in with the Platform Credential as a passkey after Setup Assistant, on macOS <version>
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin has enabled passkeys (FIDO2) in Entra ID
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the "Settings" app
    And the user navigates to "<path>"
    Then the "System Settings" window shows "<setting>"
    When the user selects "Company Portal"
    And the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    And the user selects "Face, fingerprint, PIN or security key"
    And the user selects "Continue" in the "Passkeys" window
    And the user unlocks with Touch ID
    Then Entra ID signed the user in to "Office 365" with their Platform Credential as a passkey

    Examples:
      | version | path                           | setting                         |
      | 13      | Passwords > Password Options   | Use passwords and passkeys from |
      | 14      | Passwords > Password Options   | Use passwords and passkeys from |
      | 15      | General > Autofill & Passwords | Autofill from                   |

  Scenario Outline: Smart card on macOS <version>: pair the card, register with its PIN, unlock with it
    Given the admin has configured and enabled certificate-based authentication in Entra ID
    And the admin has deployed the Platform SSO settings in Intune with the "Smart card" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has set up the new Mac with Setup Assistant
    When the user waits up to 10 minutes for the "Registration Required" notification
    And the user pairs the smart card with their local account in Terminal
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

  Scenario Outline: Password on macOS <version>: the Entra password becomes the Mac's password
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits up to 10 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    And the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    And the user enters their local device password and selects "OK"
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

  Scenario: Password on macOS 13: the Entra sign-in straight away
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a new Mac with macOS 13, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    When the user waits up to 10 minutes for the "Registration Required" notification
    And the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes to be prompted to select "OK"
    And the user enters their local device password and selects "OK"
    And the user selects "Sign-in" on the notification at the top right
    And the user enters their Microsoft Entra ID password in "Microsoft Entra" and selects "Sign In"
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac's local password is the Microsoft Entra ID password

  Scenario Outline: Check the registration status in Users & Groups after Setup Assistant, <method> on macOS <version>
    Given the admin has configured and enabled certificate-based authentication in Entra ID
    And the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has set up the new Mac with Setup Assistant
    When the user pairs the smart card with their local account in Terminal
    And the user waits up to 10 minutes for the "Registration Required" notification
    And the user registers the Mac from the Registration Required notification
    And the user opens the "Settings" app
    And the user navigates to "Users & Groups"
    And the user selects "Edit"
    Then the "System Settings" window shows "Platform SSO: Microsoft Entra ID (Registered)"
    When the user selects "Done"
    And the user selects "Back"
    And the user selects "Information"
    Then the "System Settings" window shows "Authentication method: <shown>"

    Examples:
      | version | method         | shown          |
      | 14      | Secure Enclave | Secure enclave |
      | 14      | Smart card     | Smart Card     |
      | 15      | Password       | Password       |
