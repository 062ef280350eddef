# Document: Configure platform SSO for macOS devices (Microsoft Intune)
# Section:  Common errors ("10001: misconfiguration in the SSOe payload.", "10002: multiple SSOe payloads
#           configured.") and Step 7 - Unassign any existing SSO app extension profiles; the fix edits the
#           policy as "Common Platform SSO scenarios for macOS devices" does (Properties > Configuration
#           settings > Edit > Add settings).
@product-current @settings-catalog @negative
Feature: Intune holds back a misconfigured or a second SSO payload until the admin fixes it
  A policy without the authentication setting a Mac's macOS reads is not delivered to that Mac: the
  policy's device status says 10001. A Platform SSO policy next to the SSO app extension profile of the
  Device features template is not delivered either: 10002. Adding the missing setting, or unassigning the
  older profile, lets Intune deliver the policy at the Mac's next check-in.

  Background:
    Given these users:
      | name        |
      | Adele Vance |

  Scenario Outline: Without the setting macOS <version> reads, the policy fails with 10001 until the admin adds it
    Given these Macs:
      | macOS     | owner       |
      | <version> | Adele Vance |
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    When the admin opens the Microsoft Intune admin center
    And the admin navigates to "Devices > Manage devices > Configuration > Create > New policy"
    And the admin selects "macOS" as "Platform"
    And the admin selects "Settings catalog" as "Profile type"
    And the admin selects "Create"
    And the admin enters "macOS - Platform SSO" as "Name"
    And the admin selects "Next"
    And the admin selects "Add settings"
    And the admin navigates to "Authentication > Extensible Single Sign On (SSO)"
    And the admin selects these settings in the settings picker:
      | setting                               |
      | <present setting>                     |
      | Extension Identifier                  |
      | Platform SSO > Use Shared Device Keys |
      | Registration Token                    |
      | Screen Locked Behavior                |
      | Team Identifier                       |
      | Type                                  |
      | URLs                                  |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting                               | value                                       |
      | <present setting>                     | Password                                    |
      | Extension Identifier                  | com.microsoft.CompanyPortalMac.ssoextension |
      | Platform SSO > Use Shared Device Keys | Enabled                                     |
      | Registration Token                    | {{DEVICEREGISTRATION}}                      |
      | Screen Locked Behavior                | Do Not Handle                               |
      | Team Identifier                       | UBF8T346G9                                  |
      | Type                                  | Redirect                                    |
      | URLs                                  | https://login.microsoftonline.com           |
      | URLs                                  | https://login.microsoft.com                 |
      | URLs                                  | https://sts.windows.net                     |
    And the admin selects "Next"
    And the admin selects "Next"
    And the admin selects "Add all users"
    And the admin selects "Next"
    And the admin selects "Create"
    And the user waits 5 minutes
    Then Intune reports "10001: misconfiguration in the SSOe payload." for the Mac in the "macOS - Platform SSO" policy
    And the Mac has not received the "macOS - Platform SSO" policy
    When the admin selects "macOS - Platform SSO"
    Then the admin center shows "Error: 1"
    When the admin navigates to "Properties > Configuration settings"
    And the admin selects "Edit"
    And the admin selects "Add settings"
    And the admin navigates to "Authentication > Extensible Single Sign On (SSO)"
    And the admin selects these settings in the settings picker:
      | setting           |
      | <missing setting> |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting           | value    |
      | <missing setting> | Password |
    And the admin selects "Review + save"
    And the admin selects "Save"
    Then the admin center shows "macOS - Platform SSO saved"
    When the user waits 5 minutes
    Then the Mac has received the "macOS - Platform SSO" policy
    And the Mac reads "Password" as its Platform SSO authentication method

    Examples:
      | version | present setting                      | missing setting                      |
      | 13      | Platform SSO > Authentication Method | Authentication Method (Deprecated)   |
      | 14      | Authentication Method (Deprecated)   | Platform SSO > Authentication Method |
      | 15      | Authentication Method (Deprecated)   | Platform SSO > Authentication Method |

  Scenario: Next to the SSO app extension profile the policy fails with 10002 until the admin unassigns that profile
    Given the admin has assigned the SSO app extension profile "Enterprise SSO plug-in" from the Device features template
    And these Macs:
      | macOS | owner       |
      | 14    | Adele Vance |
    And the user has enrolled the Mac in Intune before Platform SSO was deployed
    And the admin has assigned the settings catalog policy "macOS - Platform SSO" for "UserSecureEnclaveKey" to all users
    When the user waits 5 minutes
    Then Intune reports "10002: multiple SSOe payloads configured." for the Mac in the "macOS - Platform SSO" policy
    And the Mac has not received the "macOS - Platform SSO" policy
    When the admin opens the Microsoft Intune admin center
    And the admin navigates to "Devices > Manage devices > Configuration"
    And the admin selects "macOS - Platform SSO"
    Then the admin center shows "Adele's MacBook Pro: Error (10002: multiple SSOe payloads configured.)"
    When the admin navigates to "Devices > Manage devices > Configuration"
    And the admin selects "Enterprise SSO plug-in"
    And the admin navigates to "Properties > Assignments"
    And the admin selects "Edit"
    And the admin selects "All users"
    And the admin selects "Remove"
    And the admin selects "Review + save"
    And the admin selects "Save"
    Then the admin center shows "Enterprise SSO plug-in  Platform: macOS  Policy type: Device features  Assigned: No"
    When the user waits 5 minutes
    Then the Mac has received the "macOS - Platform SSO" policy
    And the Mac reads "UserSecureEnclaveKey" as its Platform SSO authentication method
