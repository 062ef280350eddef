# Document: Microsoft Entra ID, "Manage device identities" > Enable or disable a device (a disabled device
# cannot authenticate to Microsoft Entra ID: its users get no tokens on it, AADSTS135011).
@product-current
Feature: A Mac whose device object the admin disabled signs nobody in to Entra ID
  Disabling the device object stops Platform SSO on that Mac: a Platform SSO login from it gets no PRT (the
  device is refused before anything else), the PRT the Mac holds buys no token, and the browser shows Entra's
  error for the disabled device. Enabling the device again is the admin's remedy.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And someone records what the Mac sends
    And the user has registered the Mac with Platform SSO through Company Portal

  Scenario: After the device is disabled, its login and its PRT get no token, and the browser shows the error
    When the admin disables the Mac's device object in Entra ID
    And they send the Mac's last "Platform SSO login" request again
    Then the replay is refused with "AADSTS135011"
    And the replay changed nothing in Entra ID or Intune
    When the user opens "Office 365" in the browser
    Then the "Safari" window shows "AADSTS135011: The device"
