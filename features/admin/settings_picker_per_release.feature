# Document: Configure platform SSO for macOS devices (Microsoft Intune), Step 2 - Create the Platform SSO policy
# in Intune: the settings of Authentication > Extensible Single Sign On (SSO). The late-2023 articles (the seeds)
# describe macOS 13 and 14; FileVault Policy is a macOS 15 key (Apple's PlatformSSO payload, macOS 15 Sequoia,
# September 2024), named by the current article's macOS 15 row.
@settings-catalog
Feature: The settings picker offers the Platform SSO keys of the macOS versions its release covers
  Intune's settings catalog lists a Platform SSO key once a macOS version reads it. In late 2023 the picker
  has the macOS 13 and 14 keys only; today it also has macOS 15's FileVault Policy.

  @product-2023-11
  Scenario: In late 2023 the picker has no macOS 15 key
    When the admin opens the Microsoft Intune admin center
    And the admin navigates to "Devices > macOS > Configuration profiles > Create"
    And the admin selects "macOS" as "Platform"
    And the admin selects "Settings catalog" as "Profile type"
    And the admin selects "Create"
    And the admin enters "macOS - Platform SSO" as "Name"
    And the admin selects "Next"
    And the admin selects "Add settings"
    And the admin navigates to "Authentication > Extensible Single Sign-On (SSO) > Platform SSO"
    Then the admin center shows "Platform SSO > Authentication Method"
    And the admin center shows "Platform SSO > Use Shared Device Keys"
    And "Platform SSO > FileVault Policy" is not on the admin's screen

  @product-current
  Scenario: Today the picker has macOS 15's FileVault Policy
    When the admin opens the Microsoft Intune admin center
    And the admin navigates to "Devices > Manage devices > Configuration > Create > New policy"
    And the admin selects "macOS" as "Platform"
    And the admin selects "Settings catalog" as "Profile type"
    And the admin selects "Create"
    And the admin enters "macOS - Platform SSO" as "Name"
    And the admin selects "Next"
    And the admin selects "Add settings"
    And the admin navigates to "Authentication > Extensible Single Sign On (SSO) > Platform SSO"
    Then the admin center shows "Platform SSO > Authentication Method"
    And the admin center shows "Platform SSO > Use Shared Device Keys"
    And the admin center shows "Platform SSO > FileVault Policy"
