# Document: Join a Mac device with Microsoft Entra ID using Company Portal (ms.date 2024-12-19)
# Section:  Check your device registration status
# The article requires app-sso in Terminal on macOS 13 ("this command is required"); the model shows the
# Network Account Server status on 13 as well (the seeds' Repair tests read it there), so this feature
# checks Settings on 14 and 15, where the article's procedure applies. The Smart card rows need 14 or later.
@product-current @registration-status
Feature: Check the device registration status in Users & Groups
  Users & Groups > Edit next to Network Account Server lists Platform SSO as Registered, and the
  user's Information shows the authentication method the Mac registered with.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has configured and enabled certificate-based authentication in Entra ID

  Scenario Outline: Users & Groups shows the registration and the <method> method on macOS <version>
    Given the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a Mac with macOS <version>
    And the user has a smart card with a certificate for their account in the Mac's reader
    And the user has enrolled the Mac in Intune with Company Portal
    When the user pairs the smart card with their local account in Terminal
    And the user registers the Mac with Platform SSO through Company Portal
    And the user opens the "Settings" app
    And the user navigates to "Users & Groups"
    And the user selects "Edit"
    Then the "System Settings" window shows "Platform SSO: Microsoft Entra ID (Registered)"
    When the user selects "Done"
    And the user selects "Back"
    And the user selects "Information"
    Then the "System Settings" window shows "Authentication method: <shown>"
    And Platform SSO's login type is "<login type>"
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

    Examples:
      | version | method         | shown          | login type                          |
      | 14      | Secure Enclave | Secure enclave | POLoginTypeUserSecureEnclaveKey (2) |
      | 14      | Smart card     | Smart Card     | POLoginTypeSmartCard (3)            |
      | 14      | Password       | Password       | POLoginTypePassword (1)             |
      | 15      | Secure Enclave | Secure enclave | POLoginTypeUserSecureEnclaveKey (2) |
      | 15      | Smart card     | Smart Card     | POLoginTypeSmartCard (3)            |
      | 15      | Password       | Password       | POLoginTypePassword (1)             |

  @negative
  Scenario: Before registration, Network Account Server does not list Platform SSO as Registered
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    When the user opens the "Settings" app
    And the user navigates to "Users & Groups"
    And the user selects "Edit"
    Then the "System Settings" window shows "Platform SSO: Microsoft Entra ID (Registration required)"
    When the user selects "Done"
    And the user selects "Back"
    And the user selects "Information"
    Then "Authentication method" is not on screen
