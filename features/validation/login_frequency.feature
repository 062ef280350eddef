# Document: Apple, Platform SSO settings: LoginFrequency (how long after a full login the next unlock or sign-in
# makes one again; 64800 seconds, 18 hours, when the profile does not set it; at least 3600).
@product-current
Feature: LoginFrequency decides when an unlock makes a full Platform SSO login
  Intune's Platform SSO profile does not set LoginFrequency, so macOS uses its 18-hour default: unlocking the
  Mac a few hours after the last login asks Entra ID for nothing; the first unlock after 18 hours logs in
  again (the Secure Enclave key signs it), which renews the user's PRT.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    And someone records what the Mac sends

  Scenario: An unlock 2 hours after registering makes no login; one 19 hours after it makes one
    When the user locks the Mac
    And the user waits 2 hours
    And the user unlocks with Touch ID
    Then the Mac sent 0 "Platform SSO login" requests since the recording began
    When the user locks the Mac
    And the user waits 17 hours
    And the user unlocks with Touch ID
    Then the Mac sent 1 "Platform SSO login" requests since the recording began
