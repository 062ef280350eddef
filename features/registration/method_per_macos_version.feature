# Document: Configure Platform SSO for macOS devices (Microsoft Intune)
# Section:  Step 2 - Create the Platform SSO policy in Intune (Authentication Method (Deprecated) for macOS 13,
#           Platform SSO > Authentication Method for macOS 14 and later)
# Every other feature deploys both keys with the same method, so a Mac reading the other version's key
# would still pass. Here the two keys name different methods: each Mac must register with its own.
@product-current @registration
Feature: Each macOS version registers with the method its own key names
  The SSO extension payload carries the authentication method twice: the top-level AuthenticationMethod,
  which macOS 13 reads, and PlatformSSO > AuthenticationMethod, which macOS 14 and later read. When the
  two differ, each Mac registers with the method of its own key, and Entra ID holds what that method
  registers.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires compliant Macs in Intune

  Scenario Outline: macOS <version> follows its own key: "<macOS 13 key>" for 13, "<macOS 14 key>" for 14 and later
    Given the admin has deployed Platform SSO: "<macOS 13 key>" for macOS 13, "<macOS 14 key>" for 14 and later
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    Then the Mac reads "<read>" as its Platform SSO authentication method
    When the user registers the Mac with Platform SSO through Company Portal
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And the Mac registered with the "<method>" method, on the Mac and in Entra ID
    And the Mac is "compliant" in Intune

    Examples:
      | version | macOS 13 key   | macOS 14 key   | read                 | method         |
      | 13      | Password       | Secure Enclave | Password             | Password       |
      | 14      | Password       | Secure Enclave | UserSecureEnclaveKey | Secure Enclave |
      | 15      | Password       | Secure Enclave | UserSecureEnclaveKey | Secure Enclave |
      | 13      | Secure Enclave | Password       | UserSecureEnclaveKey | Secure Enclave |
      | 14      | Secure Enclave | Password       | Password             | Password       |
      | 15      | Secure Enclave | Password       | Password             | Password       |
