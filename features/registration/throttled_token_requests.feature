# Document: Microsoft Entra service limits (throttling answers 429 with Retry-After); MSAL's "Retry policies"
# and "Client throttling". The SSO extension's own policy is not documented: it is one named setting,
# EXTENSION_RETRY_POLICY (sim/company_portal/retry_policy.py), and the faults are injected (sim/faults).
@product-current @registration @faults
Feature: Registration while Entra ID's token endpoint throttles or fails
  Entra ID answers a throttled token request 429 with Retry-After. The SSO extension does not send it again:
  it holds back its token requests until Retry-After has passed, and the user's next attempt signs in.
  An answer 500-599 is sent again once, a second later, so one failure goes unnoticed.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal

  Scenario: A throttled sign-in is held back until Retry-After has passed, then registration completes
    Given Entra ID throttles token requests
    When the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "Too many requests. Try again later."
    When the user waits 10 seconds
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "the client is throttled for 20 more seconds"
    When the user waits 30 seconds
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  Scenario: A token endpoint that answers 503 once is asked again a second later
    Given the fault "login.microsoftonline.com/*/oauth2/v2.0/token 503 x1" is injected
    When the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune

  Scenario: A token endpoint that keeps answering 503 fails the sign-in, and a minute later it is sent again
    Given the fault "login.microsoftonline.com/*/oauth2/v2.0/token 503 x2" is injected
    When the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "The service is temporarily unavailable. Try again later."
    When the user waits 1 minute
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
