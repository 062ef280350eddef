# Document: Microsoft Entra ID, "Protect user accounts from attacks with Microsoft Entra smart lockout" (by
# default an account locks for one minute after 10 failed sign-ins, longer after each further lockout; the
# same wrong password tried again does not count twice; while locked, sign-in fails with AADSTS50053).
@product-current
Feature: Smart lockout at the Company Portal sign-in
  Ten different wrong passwords lock the account for the next attempt. While it is locked even the right password is refused with
  the lockout message, and a wrong one does not get the "incorrect password" answer that would tell an
  attacker anything. After the lockout's minute the right password signs in.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the user has a Mac with macOS 14
    When the user opens the "Company Portal" app
    And the user selects "Sign in"

  Scenario: Nine different wrong passwords do not lock the account
    When the user enters 9 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    Then the "Sign in" window shows "Your account or password is incorrect"
    When the user enters their Microsoft Entra ID credentials and selects "Next"
    Then Company Portal is signed in with the user's work account

  Scenario: After the tenth the account is locked for a minute, against wrong and right passwords alike
    When the user enters 10 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    Then the "Sign in" window shows "Your account or password is incorrect"
    When the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Sign in" window shows "Your account is locked"
    When the user enters 1 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    Then the "Sign in" window shows "Your account is locked"
    When the user waits 1 minute
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then Company Portal is signed in with the user's work account

  Scenario: A successful sign-in starts the count again
    When the user enters 9 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then Company Portal is signed in with the user's work account
    When the user opens "Office 365" in the browser
    And the user enters 9 different wrong Microsoft Entra ID passwords, selecting "Next" after each
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    Then the "Safari" window shows "Welcome to Office 365"
