# Document: Microsoft Entra ID, Conditional Access "Require device to be marked as compliant" (a token for the
# resource is issued only to a device Intune reports compliant, whether the client signs in or redeems its PRT);
# Intune's compliance policy for macOS, Device Properties > Operating System Version > Minimum OS version.
@product-current
Feature: A registered Mac that falls out of compliance loses single sign-on to a resource that requires compliance
  Platform SSO redeems the Mac's PRT for every resource the user opens. Conditional Access checks the device's
  compliance at each redemption, so a Mac that Intune no longer reports compliant gets no token, though its
  registration and its PRT are intact; once the Mac is compliant again, single sign-on works at once.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin requires a compliant device for "Office 365" with a Conditional Access policy
    And the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal

  Scenario: A minimum macOS version above the Mac's blocks the resource, and the Mac stays registered
    When the admin requires macOS 15 or later in an Intune compliance policy
    Then the Mac is "noncompliant" in Intune
    When the user opens "Office 365" in the browser
    Then the user's access to "Office 365" is blocked by Conditional Access
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  Scenario: A minimum macOS version the Mac meets leaves single sign-on as it was
    When the admin requires macOS 14 or later in an Intune compliance policy
    Then the Mac is "compliant" in Intune
    And Entra ID marks the Mac's device object compliant
    When the user opens the "Company Portal" app
    And the user selects "Devices"
    And the user selects "Check status"
    Then the "Company Portal" window shows "Compliance: Compliant"
    When the user opens "Office 365" in the browser
    Then the user has single sign-on to "Office 365" from the Mac
