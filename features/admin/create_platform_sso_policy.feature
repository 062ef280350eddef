# Document: Configure platform SSO for macOS devices (Microsoft Intune)
# Section:  Step 2 - Create the Platform SSO policy in Intune, and Step 4 - Enroll the devices and apply
#           the policies ("For existing devices already enrolled in Intune ... The next time the devices sync
#           or check-in with the Intune service, they receive the Platform SSO policy settings you create.")
# The admin works in the Microsoft Intune admin center; each Mac was enrolled before the policy existed.
@product-current @settings-catalog
Feature: The admin creates the Platform SSO settings catalog policy in Intune
  The admin creates a macOS settings catalog policy with the Extensible Single Sign On (SSO) settings,
  selecting the authentication setting the Macs' macOS reads (Authentication Method (Deprecated) for
  macOS 13, Platform SSO > Authentication Method for 14 and later, both for a mixed fleet), and assigns
  it to all users. At its next check-in an enrolled Mac installs the profile the policy makes and turns
  Platform SSO on with the method the admin chose.

  Background:
    Given these users:
      | name        |
      | Adele Vance |

  Scenario Outline: A policy with the <method> method for macOS <version>
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
    And the admin enters "Platform SSO for the Contoso Labs Macs" as "Description"
    And the admin selects "Next"
    And the admin selects "Add settings"
    And the admin navigates to "Authentication > Extensible Single Sign On (SSO)"
    And the admin selects these settings in the settings picker:
      | setting                               |
      | <method setting>                      |
      | Extension Identifier                  |
      | Platform SSO > Token To User Mapping  |
      | Platform SSO > Use Shared Device Keys |
      | Registration Token                    |
      | Screen Locked Behavior                |
      | Team Identifier                       |
      | Type                                  |
      | URLs                                  |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting                                             | value                                       |
      | <method setting>                                    | <method>                                    |
      | Extension Identifier                                | com.microsoft.CompanyPortalMac.ssoextension |
      | Platform SSO > Token To User Mapping > Account Name | preferred_username                          |
      | Platform SSO > Token To User Mapping > Full Name    | name                                        |
      | Platform SSO > Use Shared Device Keys               | Enabled                                     |
      | Registration Token                                  | {{DEVICEREGISTRATION}}                      |
      | Screen Locked Behavior                              | Do Not Handle                               |
      | Team Identifier                                     | UBF8T346G9                                  |
      | Type                                                | Redirect                                    |
      | URLs                                                | https://login.microsoftonline.com           |
      | URLs                                                | https://login.microsoft.com                 |
      | URLs                                                | https://sts.windows.net                     |
    And the admin selects "Next"
    And the admin selects "Next"
    And the admin selects "Add all users"
    And the admin selects "Next"
    And the admin selects "Create"
    Then the admin center shows "macOS - Platform SSO created successfully"
    And Intune has the "macOS - Platform SSO" policy assigned to "All users"
    When the user waits 5 minutes
    Then the Mac has received the "macOS - Platform SSO" policy
    And the "com.apple.extensiblesso Profile" profile is installed on the Mac
    And the "macOS - Platform SSO" policy sets "<key>" to "<method>" on the Mac
    And the "macOS - Platform SSO" policy sets "PlatformSSO.UseSharedDeviceKeys" to "true" on the Mac
    And the "macOS - Platform SSO" policy sets "ScreenLockedBehavior" to "DoNotHandle" on the Mac
    And the Mac reads "<method>" as its Platform SSO authentication method

    Examples:
      | version | method setting                       | key                              | method               |
      | 13      | Authentication Method (Deprecated)   | AuthenticationMethod             | Password             |
      | 13      | Authentication Method (Deprecated)   | AuthenticationMethod             | UserSecureEnclaveKey |
      | 14      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | Password             |
      | 14      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | UserSecureEnclaveKey |
      | 14      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | SmartCard            |
      | 15      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | Password             |
      | 15      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | UserSecureEnclaveKey |
      | 15      | Platform SSO > Authentication Method | PlatformSSO.AuthenticationMethod | SmartCard            |

  Scenario Outline: One policy with both authentication settings serves a mixed fleet, here macOS <version>
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
      | Authentication Method (Deprecated)    |
      | Extension Identifier                  |
      | Platform SSO > Authentication Method  |
      | Platform SSO > Token To User Mapping  |
      | Platform SSO > Use Shared Device Keys |
      | Registration Token                    |
      | Screen Locked Behavior                |
      | Team Identifier                       |
      | Type                                  |
      | URLs                                  |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting                                             | value                                       |
      | Authentication Method (Deprecated)                  | UserSecureEnclaveKey                        |
      | Extension Identifier                                | com.microsoft.CompanyPortalMac.ssoextension |
      | Platform SSO > Authentication Method                | UserSecureEnclaveKey                        |
      | Platform SSO > Token To User Mapping > Account Name | preferred_username                          |
      | Platform SSO > Token To User Mapping > Full Name    | name                                        |
      | Platform SSO > Use Shared Device Keys               | Enabled                                     |
      | Registration Token                                  | {{DEVICEREGISTRATION}}                      |
      | Screen Locked Behavior                              | Do Not Handle                               |
      | Team Identifier                                     | UBF8T346G9                                  |
      | Type                                                | Redirect                                    |
      | URLs                                                | https://login.microsoftonline.com           |
      | URLs                                                | https://login.microsoft.com                 |
      | URLs                                                | https://sts.windows.net                     |
    And the admin selects "Next"
    And the admin selects "Next"
    And the admin selects "Add all users"
    And the admin selects "Next"
    And the admin selects "Create"
    And the user waits 5 minutes
    Then the Mac has received the "macOS - Platform SSO" policy
    And the "macOS - Platform SSO" policy sets "AuthenticationMethod" to "UserSecureEnclaveKey" on the Mac
    And the "macOS - Platform SSO" policy sets "PlatformSSO.AuthenticationMethod" to "UserSecureEnclaveKey" on the Mac
    And the Mac reads "UserSecureEnclaveKey" as its Platform SSO authentication method

    Examples:
      | version |
      | 13      |
      | 14      |
      | 15      |

  @macos15
  Scenario: On macOS 15 the Password method adds the FileVault Policy AttemptAuthentication
    Given these Macs:
      | macOS | owner       |
      | 15    | Adele Vance |
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
      | Extension Identifier                  |
      | Platform SSO > Authentication Method  |
      | Platform SSO > FileVault Policy       |
      | Platform SSO > Token To User Mapping  |
      | Platform SSO > Use Shared Device Keys |
      | Registration Token                    |
      | Screen Locked Behavior                |
      | Team Identifier                       |
      | Type                                  |
      | URLs                                  |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting                                             | value                                       |
      | Extension Identifier                                | com.microsoft.CompanyPortalMac.ssoextension |
      | Platform SSO > Authentication Method                | Password                                    |
      | Platform SSO > FileVault Policy                     | AttemptAuthentication                       |
      | Platform SSO > Token To User Mapping > Account Name | preferred_username                          |
      | Platform SSO > Token To User Mapping > Full Name    | name                                        |
      | Platform SSO > Use Shared Device Keys               | Enabled                                     |
      | Registration Token                                  | {{DEVICEREGISTRATION}}                      |
      | Screen Locked Behavior                              | Do Not Handle                               |
      | Team Identifier                                     | UBF8T346G9                                  |
      | Type                                                | Redirect                                    |
      | URLs                                                | https://login.microsoftonline.com           |
      | URLs                                                | https://login.microsoft.com                 |
      | URLs                                                | https://sts.windows.net                     |
    And the admin selects "Next"
    And the admin selects "Next"
    And the admin selects "Add all users"
    And the admin selects "Next"
    And the admin selects "Create"
    And the user waits 5 minutes
    Then the Mac has received the "macOS - Platform SSO" policy
    And the "macOS - Platform SSO" policy sets "PlatformSSO.FileVaultPolicy" to "AttemptAuthentication" on the Mac
    And the Mac reads "Password" as its Platform SSO authentication method

  Scenario: Assigning the policy to all devices is warned against for devices with user affinity
    Given these Macs:
      | macOS | owner       |
      | 14    | Adele Vance |
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
      | Extension Identifier                  |
      | Platform SSO > Authentication Method  |
      | Platform SSO > Use Shared Device Keys |
      | Registration Token                    |
      | Screen Locked Behavior                |
      | Team Identifier                       |
      | Type                                  |
      | URLs                                  |
    And the admin selects "Close"
    And the admin configures these settings:
      | setting                               | value                                       |
      | Extension Identifier                  | com.microsoft.CompanyPortalMac.ssoextension |
      | Platform SSO > Authentication Method  | UserSecureEnclaveKey                        |
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
    And the admin selects "Add all devices"
    Then the admin center shows "users may be unable to reach resources protected by Conditional Access"
    When the admin selects "Remove"
    And the admin selects "Add all users"
    Then the admin center does not show "users may be unable to reach resources protected by Conditional Access"
    When the admin selects "Next"
    And the admin selects "Create"
    Then Intune has the "macOS - Platform SSO" policy assigned to "All users"
