# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Platform SSO registration > Secure Enclave, and "Enable Platform Credential for macOS for use as a passkey"
# Also: Configure Platform SSO for macOS devices (Intune) > Step 1 (Secure Enclave: MFA mandatory for setup,
# the local password not synced, usable as a passkey).
# The passkey path differs between the articles: this one says Settings > General > Autofill & Passwords >
# "Autofill from" (macOS 15's naming); the OOBE and troubleshooting articles say Settings > Passwords >
# Password options > "Use passwords and passkeys from". The model follows the macOS release (its
# passkey_provider_path): the latter on 13 and 14, the former on 15.
@product-current @registration @secure-enclave
Feature: Register a Mac with Platform SSO using the Secure Enclave
  The Mac generates the user's key in its Secure Enclave and registers only its public half with
  Entra ID; the PRT is bound to that key, the local password stays as it was, and once Company
  Portal is turned on as a passkey provider the credential serves as a passkey.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin requires compliant Macs in Intune

  Scenario Outline: Register with the Secure Enclave on macOS <version>, unlocking the prompt with Touch ID
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    Then the "Platform Single Sign-On" window shows "Register your device with Microsoft Entra"
    When the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then Platform SSO registration is complete
    And Platform SSO's login type is "POLoginTypeUserSecureEnclaveKey (2)"
    And Entra ID holds only the public half of the user's Secure Enclave key on the Mac
    And the user's Primary Refresh Token is bound to their Secure Enclave key
    And the Mac's local password is still the one the user set up
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac is "compliant" in Intune

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario: Register with the Secure Enclave on macOS 13, where no prompt comes before the sign-in
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    Then the "Platform Single Sign-On" window is not on screen
    When the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Platform SSO's login type is "POLoginTypeUserSecureEnclaveKey (2)"
    And Entra ID holds only the public half of the user's Secure Enclave key on the Mac
    And the Mac's local password is still the one the user set up

  Scenario: Unlock the macOS 14 prompt with the local password instead of Touch ID
    Given the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user enters their local device password and selects "OK"
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the user's Primary Refresh Token is bound to their Secure Enclave key

  Scenario Outline: Use the Platform Credential as a passkey on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    Then the Mac offers no Platform Credential as a passkey
    When the user opens the "Settings" app
    And the user navigates to "<path>"
    Then the "System Settings" window shows "<setting>"
    When the user selects "Company Portal"
    Then the Mac offers the user's Platform Credential as a passkey

    Examples:
      | version | path                           | setting                         |
      | 13      | Passwords > Password Options   | Use passwords and passkeys from |
      | 14      | Passwords > Password Options   | Use passwords and passkeys from |
      | 15      | General > Autofill & Passwords | Autofill from                   |

  @negative
  Scenario: MFA is mandatory to set up the Secure Enclave, even where joining does not require it
    Given a user with no MFA method registered
    And these device settings:
      | users may join devices | require MFA to join |
      | All                    | no                  |
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "More information required"
    And the Mac is unregistered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
