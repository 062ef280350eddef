# Document: Register a Mac device with macOS Platform Single Sign-On using Company Portal
# Section:  Enabling PSSO from an existing Microsoft Enterprise SSO plug-in > User blocked by management policy
# "The user downloads the updated policy" is Check status in Company Portal: the Mac checks in with Intune.
@product-2023-11 @blocked-by-policy
Feature: A user blocked by Conditional Access registers the Mac and gets access
  The user is targeted for Platform SSO and is blocked by a policy that requires a compliant device.
  The Intune JIT workflow prompts the registration; the user downloads the updated policy, completes
  the set-up, and access is unblocked.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires compliant Macs in Intune
    And the admin requires a compliant device for "Office 365" with a Conditional Access policy

  Scenario Outline: The Intune JIT workflow unblocks a resource on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    And the admin has deployed the Platform SSO settings in Intune
    When the user opens "Office 365" in the browser
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the user's access to "Office 365" is blocked by Conditional Access
    And "Company Portal" is on its "Devices" screen
    And the "Company Portal" window shows "Action required: Register your Mac"
    When the user selects "Check status" in the "Company Portal" window
    Then the SSO extension payload with Platform SSO settings is installed on the Mac
    When the user selects "Register" in the "Company Portal" window
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    And Entra ID marks the Mac's device object compliant
    When the user opens "Office 365" in the browser
    Then the user has single sign-on to "Office 365" from the Mac

    Examples:
      | version |
      | 13      |
      | 14      |
