# Document: Microsoft Entra ID, Platform SSO's protocol: each login and PRT refresh carries a server nonce from
# grant_type=srv_challenge, valid for five minutes and spent when accepted (AADSTS50008 otherwise).
@product-current
Feature: A Platform SSO login held on the network past its nonce's five minutes is refused
  The Mac asks Entra ID for a server nonce just before each login. A login that reaches Entra ID within five
  minutes of its nonce is accepted; one held longer, by a slow proxy or a stalled link, is refused with
  AADSTS50008 and issues no token.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    And someone records what the Mac sends

  Scenario: A login held 4 minutes is accepted
    When the user locks the Mac
    And the user waits 19 hours
    And the network holds the next "Platform SSO login" request for 4 minutes
    And the user unlocks with Touch ID
    Then the Mac's last "Platform SSO login" request succeeded
    And the Platform SSO user state is "POUserStateNormal (0)"

  Scenario: A login held 6 minutes is refused; the next unlock logs in again
    When the user locks the Mac
    And the user waits 19 hours
    And the network holds the next "Platform SSO login" request for 6 minutes
    And the user unlocks with Touch ID
    Then the Mac's last "Platform SSO login" request was refused with "AADSTS50008"
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
    When the user locks the Mac
    And the user unlocks with Touch ID
    Then the Mac sent 2 "Platform SSO login" requests since the recording began
    And the Mac's last "Platform SSO login" request succeeded
    And the Platform SSO user state is "POUserStateNormal (0)"
