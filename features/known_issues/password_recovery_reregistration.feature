# Document: macOS Platform single sign-on known issues and troubleshooting (ms.date 12/19/2024)
# Section:  Known issues > PSSO reregistration required after password reset initiated from FileVault recovery
#           or MDM-driven recovery; FAQ > What should I do if I forget my password? (Password Sync, Secure
#           Enclave)
# The article does not say how the reset is done: the model's is macOS's login window, which after three wrong
# passwords offers "Reset it using your Recovery Key" (FileVault's personal recovery key; for the MDM-driven
# recovery, the key the Mac escrowed with Intune, which the helpdesk looks up). The Password rows follow the
# FAQ's note for password sync: "registration removal during recovery ... may prompt users to re-register
# after recovery. This is expected behavior."
@product-current @known-issue @password-recovery
Feature: A password reset without the local password requires Platform SSO registration again
  The Secure Enclave keys are protected by the local account password: a reset that does not give it, with
  the FileVault recovery key or through MDM, resets the Secure Enclave. Platform SSO's key is gone, single
  sign-on no longer works, and the Mac asks the user to register again; registering again restores it.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has made Company Portal a required app in Intune

  Scenario Outline: Secure Enclave on macOS <version>: the FileVault recovery key resets the Secure Enclave
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS <version>, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user restarts the Mac
    And the user enters 3 wrong passwords at the login window
    And the user selects "Reset it using your Recovery Key"
    And the user enters their FileVault recovery key and a new local password, and selects "Reset Password"
    Then the user is signed in to the Mac
    And the Mac's Secure Enclave holds no key for the user's Platform Credential
    And the Mac holds no Primary Refresh Token
    And Platform SSO asks the user to register the Mac again
    When the user opens "Office 365" in the browser
    Then the browser asks the user to sign in to "Office 365"
    When the user registers the Mac from the Registration Required notification
    Then Platform SSO registration is complete
    And the user's Primary Refresh Token is bound to their Secure Enclave key
    And Entra ID has a device object for the Mac, Microsoft Entra joined
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  Scenario: Secure Enclave: an MDM-driven recovery with the key escrowed in Intune resets it too
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user restarts the Mac
    And the user enters 3 wrong passwords at the login window
    And the admin looks up the Mac's FileVault recovery key in Intune
    And the user selects "Reset it using your Recovery Key"
    And the user enters the recovery key from the admin and a new local password, and selects "Reset Password"
    Then the Mac's Secure Enclave holds no key for the user's Platform Credential
    And Platform SSO asks the user to register the Mac again
    When the user registers the Mac from the Registration Required notification
    Then Platform SSO registration is complete

  Scenario: Password: the recovery removes the registration, and the user registers again
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user restarts the Mac
    And the user enters 3 wrong passwords at the login window
    And the user selects "Reset it using your Recovery Key"
    And the user enters their FileVault recovery key and a new local password, and selects "Reset Password"
    Then the user is signed in to the Mac
    And the Mac's local password is not the Microsoft Entra ID password
    And Platform SSO asks the user to register the Mac again
    When the user registers the Mac from the Registration Required notification
    Then Platform SSO registration is complete
    And the Mac's local password is the Microsoft Entra ID password

  Scenario: Secure Enclave: a restart and the usual password keep the key and single sign-on
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user restarts the Mac
    And the user signs in to the Mac with their local password
    Then Platform SSO has not asked the user to register the Mac again
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac

  @negative
  Scenario: A wrong recovery key resets nothing
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user restarts the Mac
    And the user enters 3 wrong passwords at the login window
    And the user selects "Reset it using your Recovery Key"
    And the user enters a wrong recovery key and a new local password, and selects "Reset Password"
    Then the "Reset Password" window shows "The recovery key you entered is incorrect"
    And the user is not signed in to the Mac, and the login window says "incorrect"
    And Platform SSO has not asked the user to register the Mac again
