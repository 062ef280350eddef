# Document: Microsoft Entra ID, Platform SSO's protocol (a login and a PRT refresh carry a server nonce from
# grant_type=srv_challenge, spent when accepted: AADSTS50008); Intune MDM enrollment (the Management Profile's
# enrollment challenge enrolls one device); device registration with Intune's registration token (one join).
@product-current
Feature: A request the Mac sent, sent again by someone else, is refused and changes nothing
  Each request that signs a Mac in, enrolls it or registers it can be used once. A copy leaked from a log or
  a proxy and sent again verbatim gets a refusal that names the spent value, and no token, device or
  certificate comes of it.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune
    And the user has a Mac with macOS 14
    And someone records what the Mac sends

  Scenario: A replayed enrollment is refused: its challenge is spent
    Given the user has enrolled the Mac in Intune with Company Portal
    When they send the Mac's last "SCEP enrollment" request again
    Then the replay is refused with "EnrollmentChallengeInvalid"
    And the replay changed nothing in Entra ID or Intune
    When they send the Mac's last "MDM enrollment" request again
    Then the replay is refused with "EnrollmentChallengeInvalid"
    And the replay changed nothing in Entra ID or Intune

  Scenario: A replayed device registration joins no second device: its registration token is spent
    Given the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When they send the Mac's last "device registration" request again
    Then the replay is refused with "80180003"
    And the replay changed nothing in Entra ID or Intune

  Scenario: A replayed Platform SSO login gets no PRT: its server nonce is spent
    Given the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When they send the Mac's last "Platform SSO login" request again
    Then the replay is refused with "AADSTS50008"
    And the replay changed nothing in Entra ID or Intune

  Scenario: A replayed PRT refresh gets no token: its server nonce is spent
    Given the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits 4 hours
    And they send the Mac's last "PRT refresh" request again
    Then the replay is refused with "AADSTS50008"
    And the replay changed nothing in Entra ID or Intune

  Scenario: An unregistration without the Mac's device key is refused and signs nobody out
    Given the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When someone without the Mac's device key asks Entra ID to unregister the Mac
    Then the forged request is refused with "AADSTS50155"
    And the forged request changed nothing in Entra ID or Intune
    And the Mac is registered everywhere: on the Mac, in Company Portal, in Entra ID and in Intune
    When the user opens "Office 365" in the browser
    Then the user has single sign-on to "Office 365" from the Mac

  Scenario: An old login answer played back to the Mac is refused by the Mac: it is sealed to another login
    Given the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits 19 hours
    And someone answers the Mac's next "Platform SSO login" request with the answer to its last one
    And the user signs out of the Mac
    And the user signs in to the Mac with their Microsoft Entra ID password
    Then the Platform SSO user state is "POUserStateLoginNeeded (1)"
