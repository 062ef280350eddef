# Document: macOS Platform single sign-on known issues and troubleshooting (ms.date 12/19/2024)
# Section:  Troubleshoot Passkey issues
# Also: Join a Mac device during the out of box experience > Enable Platform Credential for macOS for use as a
# passkey (Settings > Passwords > Password Options > "Use passwords and passkeys from"), and the overview's
# passkey AAGUID 7FD635B3-2EF9-4542-8D9D-164F2C771EFC for tenants that restrict passkeys by AAGUID.
# The symptom, "Platform Credential as Passkey option" not available, shows where it would: the Microsoft
# sign-in page offers no passkey (Entra will not take one), or macOS lists no passkey for login.microsoft.com
# (Company Portal is off, or the method gives none).
@product-current @known-issue @passkeys
Feature: The Platform Credential is a passkey only with the Secure Enclave, FIDO2 enabled and Company Portal on
  The Platform Credential signs the user in as a passkey when the admin set up the Mac with the Secure
  Enclave method and enabled passkeys (FIDO2) in Entra ID, and the user turned Company Portal on as a
  passkey provider in Settings. Each missing condition takes the passkey away.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has made Company Portal a required app in Intune

  Scenario: Without passkeys (FIDO2) enabled in Entra ID, the sign-in page offers no passkey
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the "Settings" app
    And the user navigates to "Passwords > Password Options"
    And the user selects "Company Portal"
    Then the Mac offers the user's Platform Credential as a passkey
    When the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    Then the "Sign in" window shows "Enter password"
    But "Face, fingerprint, PIN or security key" is not on screen

  Scenario: With Company Portal off as a passkey provider, macOS lists no passkey; turned on, it signs in
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin has enabled passkeys (FIDO2) in Entra ID
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    And the user selects "Face, fingerprint, PIN or security key"
    Then the "Passkeys" window shows "No passkeys for login.microsoft.com are available"
    And "Continue" is not on screen
    When the user selects "Cancel" in the "Passkeys" window
    And the user opens the "Settings" app
    And the user navigates to "Passwords > Password Options"
    And the user selects "Company Portal"
    And the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    And the user selects "Face, fingerprint, PIN or security key"
    And the user selects "Continue" in the "Passkeys" window
    And the user unlocks with Touch ID
    Then Entra ID signed the user in to "Office 365" with their Platform Credential as a passkey

  Scenario: The Password method gives no passkey, whatever Entra ID and Settings allow
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the admin has enabled passkeys (FIDO2) in Entra ID
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the "Settings" app
    And the user navigates to "Passwords > Password Options"
    And the user selects "Company Portal"
    Then the Mac offers no Platform Credential as a passkey
    When the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    Then "Face, fingerprint, PIN or security key" is not on screen

  Scenario: Passkeys restricted to Company Portal's AAGUID still sign in with the Platform Credential
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin has enabled passkeys (FIDO2) for the AAGUID "7FD635B3-2EF9-4542-8D9D-164F2C771EFC" only
    And the user has a new Mac with macOS 15, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the "Settings" app
    And the user navigates to "General > Autofill & Passwords"
    And the user selects "Company Portal"
    And the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    And the user selects "Face, fingerprint, PIN or security key"
    And the user selects "Continue" in the "Passkeys" window
    And the user unlocks with Touch ID
    Then Entra ID signed the user in to "Office 365" with their Platform Credential as a passkey

  @negative
  Scenario: Passkeys restricted to another authenticator leave the Platform Credential out
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin has enabled passkeys (FIDO2) for the AAGUID "CB69481E-8FF7-4039-93EC-0A2729A154A8" only
    And the user has a new Mac with macOS 14, assigned to Intune by automated device enrollment
    And the user has set up the new Mac with Setup Assistant
    And the user has registered the Mac with Platform SSO from the Registration Required notification
    When the user opens the "Settings" app
    And the user navigates to "Passwords > Password Options"
    And the user selects "Company Portal"
    And the user opens the Microsoft sign-in page for "Office 365" in the browser
    And the user enters their email address and selects "Next"
    Then "Face, fingerprint, PIN or security key" is not on screen
