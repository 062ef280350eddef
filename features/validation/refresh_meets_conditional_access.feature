# Document: Microsoft Entra ID, Conditional Access "Require multifactor authentication" and refresh tokens (a
# token's claims must meet the policy of the resource it is redeemed for, as a sign-in must; AADSTS50076).
# Company Portal refreshes its Intune token when it expires (sim/company_portal/app.py, intune_get).
@product-current
Feature: A refresh meets the target resource's MFA requirement as a sign-in does
  Company Portal signed in with the password alone. Once the admin requires MFA for Intune's enrollment
  service with Conditional Access, that refresh token no longer buys an access token there.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal

  Scenario: Without a policy, Company Portal's refreshed token reads the Mac's status after the access token expired
    When the user waits 2 hours
    And the user opens the "Company Portal" app
    And the user selects "Devices"
    And the user selects "Check status"
    Then the "Company Portal" window shows "Compliance"

  Scenario: With MFA required for Intune, a refresh token from a password-only sign-in reads nothing there
    When the admin requires MFA for "https://enrollment.manage.microsoft.com" with a Conditional Access policy
    And the user waits 2 hours
    And the user opens the "Company Portal" app
    And the user selects "Devices"
    And the user selects "Check status"
    Then the "Company Portal" window shows "Couldn't check this Mac's status (401)."
