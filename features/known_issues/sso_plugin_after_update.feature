# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Scenarios to validate > Enterprise Single sign-on (SSO) plug-in doesn't activate after system update
# The article calls swcd "the software update daemon"; it is the shared web credentials daemon, which
# decides from Apple's associated-domains CDN which app extension may act for login.microsoftonline.com.
# After an update it answers none of the rows it checked on the previous build, until swcutil reset empties
# its database (killall alone only restarts it on the same database: the scenario shows both steps).
@product-current @known-issue @sso-plugin-after-update @software-update
Feature: The Enterprise SSO plug-in doesn't activate after a system update
  After a macOS update the Enterprise SSO plug-in no longer signs the browser in: the user gets the
  sign-in page. Ending swcd and resetting its database in Terminal brings single sign-on back.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: After updating macOS <from> to <to>, single sign-on comes back once swcd is reset
    Given the user has a Mac running macOS "<from>"
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac
    When the user installs the macOS "<to>" update and the Mac restarts
    And the user signs in to the Mac with their Microsoft Entra ID password
    And the user opens "Office 365" in the browser
    Then the browser asks the user to sign in to "Office 365"
    And the Enterprise SSO plug-in is not activated for Microsoft Entra sign-in
    When the user runs `sudo killall swcd` in Terminal and enters their local password
    Then the command exits with status 0
    And the Enterprise SSO plug-in is not activated for Microsoft Entra sign-in
    When the user runs `sudo swcutil reset` in Terminal and enters their local password
    Then the command exits with status 0
    When the user opens "Office 365" in the browser
    Then the user has access to "Office 365" from the Mac
    And the Enterprise SSO plug-in is activated for Microsoft Entra sign-in

    Examples:
      | from   | to     |
      | 13.6.1 | 13.6.3 |
      | 14.1.1 | 14.2.1 |
      | 15.2   | 15.3   |

  Scenario Outline: A command typed wrong fails as zsh or the tool would: <case>
    Given the user has a Mac running macOS "15.2"
    When the user runs `<command>` in Terminal and enters their local password
    Then the command exits with status <status>
    And the command prints `<message>`

    Examples:
      | case                       | command           | status | message                            |
      | a mistyped killall         | sudo killal swcd  | 1      | sudo: killal: command not found    |
      | a mistyped process name    | sudo killall swdc | 1      | No matching processes were found   |
      | swcutil without sudo       | swcutil reset     | 1      | swcutil: reset must be run as root |
      | a mistyped swcutil command | sudo swcutil rest | 64     | swcutil: unknown command 'rest'    |
      | a mistyped tool name       | swcutl reset      | 127    | zsh: command not found: swcutl     |
