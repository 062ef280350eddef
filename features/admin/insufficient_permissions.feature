# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Troubleshooting guide > Insufficient permissions
# The join setting is in the Microsoft Entra admin center now (late 2023: the Intune admin center's Devices >
# Device Settings, features/known_issues/insufficient_permissions.feature). The article's latest revision
# writes the path "Entra ID > Devices > Overview > Device Settings", as the portal names it since 2025; the
# product row follows it (PRODUCT_FACTS and earlier revisions write "Identity > Devices > ...").
@product-current @known-issue @insufficient-permissions
Feature: A user who may not join devices registers once the admin lets all users join in the Microsoft Entra admin center
  A user who is not allowed to join devices to Microsoft Entra ID gets no error message, and the
  registration does not complete. In the Microsoft Entra admin center the admin selects All for "Users
  may join devices to Microsoft Entra" and saves; the user's next registration succeeds.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune with the "Secure Enclave" method
    And the admin lets only selected users, not the user, join devices to Microsoft Entra ID

  Scenario Outline: Registration fails without a message until the admin lets all users join, on macOS <version>
    Given the user has a Mac with macOS <version>
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 5 minutes
    Then Platform SSO registration has failed
    And the Mac shows no error message and no notification
    And Entra ID has no device object for the Mac
    When the admin opens the Microsoft Entra admin center
    And the admin navigates to "Entra ID > Devices > Overview > Device Settings"
    Then the admin center shows "Microsoft Entra ID join and registration settings"
    And the admin center shows "Users may join devices to Microsoft Entra: Selected"
    When the admin selects "All" for "Users may join devices to Microsoft Entra"
    And the admin selects "Save"
    Then the admin center shows "Your changes have been saved."
    And Entra ID lets all users join devices to Microsoft Entra ID
    When the user waits up to 15 minutes to be prompted to select "Register"
    And the user selects "Register" on the notification at the top right
    And the user unlocks with Touch ID
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then Platform SSO registration is complete
    And Entra ID has a device object for the Mac, Microsoft Entra joined

    Examples:
      | version |
      | 14      |
      | 15      |

  Scenario: Registration fails without a message until the admin lets all users join, on macOS 13
    Given the user has a Mac with macOS 13
    And the user has enrolled the Mac in Intune with Company Portal
    When the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits 5 minutes
    Then Platform SSO registration has failed
    And the Mac shows no error message and no notification
    And Entra ID has no device object for the Mac
    When the admin opens the Microsoft Entra admin center
    And the admin navigates to "Entra ID > Devices > Overview > Device Settings"
    Then the admin center shows "Microsoft Entra ID join and registration settings"
    And the admin center shows "Users may join devices to Microsoft Entra: Selected"
    When the admin selects "All" for "Users may join devices to Microsoft Entra"
    And the admin selects "Save"
    Then the admin center shows "Your changes have been saved."
    And Entra ID lets all users join devices to Microsoft Entra ID
    When the user waits up to 15 minutes to be prompted to select "Register"
    And the user selects "Register" on the notification at the top right
    And the user enters their Microsoft Entra ID credentials and selects "Next"
    And the user waits up to 5 minutes for the Mac to register
    Then Platform SSO registration is complete
    And Entra ID has a device object for the Mac, Microsoft Entra joined

  Scenario: The Intune admin center no longer holds the join setting
    When the admin opens the Microsoft Intune admin center
    And the admin selects "Devices"
    Then "Device Settings" is not on the admin's screen
