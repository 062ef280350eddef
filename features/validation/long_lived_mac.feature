# Document: Microsoft Entra ID, "What is a Primary Refresh Token?" (a PRT is renewed while the device is in use and
# expires after 14 days unused); Apple's Platform SSO LoginFrequency (a full login once the last is 18 hours old);
# MacOS Platform single sign-on known issues and troubleshooting > Scenarios to validate > Password change events.
# The days: sim/daily_use.py (weekdays 9:00-17:30, lunch locked, lid closed at night and at weekends).
@product-current @password-sync
Feature: A Mac in ordinary use for months keeps single sign-on without unexpected prompts
  Platform SSO refreshes the PRT every 4 hours while the Mac is awake, and Entra renews it each time; a login at
  the first unlock of the day (LoginFrequency) renews it too. A Mac left closed longer than the PRT's 14 days asks
  its user to sign in again when it wakes. A password change reaches a Mac in use within 4 hours, and nothing
  else asks the user for anything.

  Background:
    Given a user with Microsoft Authenticator registered for MFA

  Scenario Outline: 90 days of working days with the <method> method see no prompt, and SSO keeps working
    Given the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user uses the Mac every working day for 90 days
    Then the user worked on the Mac on 64 days
    And nothing asked for the user's attention on those days
    And the Platform SSO user state is "POUserStateNormal (0)"
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac

    Examples:
      | method         | version |
      | Password       | 14      |
      | Secure Enclave | 15      |

  Scenario: A Mac awake and unlocked for 15 days without a login keeps its PRT by the 4-hourly renewal
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits 15 days
    Then no "Sign In Required" notification is on screen
    And the Platform SSO user state is "POUserStateNormal (0)"
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac

  Scenario Outline: A Mac left closed past the PRT's 14 days asks to sign in again with the <method> method
    Given the admin has deployed the Platform SSO settings in Intune with the "<method>" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user leaves the Mac closed for 15 days
    Then a "Sign In Required" notification is on screen
    And the "Notification" window shows "Your Microsoft Entra ID sign-in has expired."
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
    When the user <unlocks>
    Then the Platform SSO user state is "POUserStateNormal (0)"
    And no "Sign In Required" notification is on screen
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac

    Examples:
      | method         | unlocks                                               |
      | Password       | unlocks the Mac with their Microsoft Entra ID password |
      | Secure Enclave | unlocks with Touch ID                                 |

  Scenario: A Mac closed for 13 days wakes with its PRT still valid and asks nothing
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user closes the Mac's lid
    And the user waits 13 days
    And the user opens the Mac's lid
    Then no "Sign In Required" notification is on screen
    And the Platform SSO user state is "POUserStateNormal (0)"

  Scenario: A password change in week 6 prompts within 4 hours, and nothing else asks anything in 90 days
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user uses the Mac every working day for 37 days
    And the user's next working day begins
    And the user waits 1 hour
    And the user resets their Microsoft Entra ID password through SSPR
    And the user waits up to 4 hours for the "Sign In Required" notification
    Then the Mac prompted for the new Microsoft Entra ID password within 4 hours of the change
    When the user selects "Sign In" on the notification at the top right
    And the user enters their Microsoft Entra ID password and selects "Sign In"
    Then the Platform SSO user state is "POUserStateNormal (0)"
    When the user uses the Mac every working day for 50 days
    Then nothing asked for the user's attention on those days

  Scenario: A Mac woken 1 second before its PRT expires renews it and asks nothing
    Given the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user closes the Mac's lid
    And the user waits until 1 second before the Mac's PRT expires
    And the user opens the Mac's lid
    Then no "Sign In Required" notification is on screen
    And the Platform SSO user state is "POUserStateNormal (0)"

  Scenario: A Mac woken at the instant its PRT expires is refused the refresh and asks to sign in again
    Given the admin has deployed the Platform SSO settings in Intune with the "Password" method
    And the user has a Mac with macOS 14
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user closes the Mac's lid
    And the user waits until the instant the Mac's PRT expires
    And the user opens the Mac's lid
    Then a "Sign In Required" notification is on screen
    And the "Notification" window shows "Your Microsoft Entra ID sign-in has expired."
    And the Platform SSO user state is "POUserStateLoginNeeded (1)"
