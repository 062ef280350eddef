# Document: Microsoft Entra ID, Conditional Access "Require device to be marked as compliant" (a device that
# Intune has not reported compliant, including one it has not evaluated yet, gets no token); Intune reports a
# Mac's compliance when the Mac checks in over MDM; Intune's device profile FAQ: macOS checks in about every 8 hours.
@product-current
Feature: A Mac registered while Intune cannot hear from it is not compliant until it checks in
  Platform SSO registration creates the Mac's device object in Entra ID at once; Intune writes the Mac's
  compliance onto it when the Mac next checks in. While Intune's MDM service is unavailable the device object
  has no compliance state, and a resource that requires a compliant device is blocked. The Mac checks in again
  at its next scheduled check-in, about 8 hours later, and then single sign-on to the resource works.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires a compliant device for "Office 365" with a Conditional Access policy
    And the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal

  Scenario: Registered during an Intune outage, the Mac is blocked until its next check-in
    Given the fault "enrollment.manage.microsoft.com/mdm/server 503 for 2h" is injected
    When the user registers the Mac with Platform SSO through Company Portal
    Then Entra ID has no compliance state for the Mac's device object
    When the user opens "Office 365" in the browser
    Then the user's access to "Office 365" is blocked by Conditional Access
    When the user waits 7 hours
    Then Entra ID has no compliance state for the Mac's device object
    When the user waits 1 hour
    Then Entra ID marks the Mac's device object compliant
    When the user opens "Office 365" in the browser
    Then the user has single sign-on to "Office 365" from the Mac
