# Document: macOS Platform single sign-on known issues and troubleshooting
# Section:  Known issues > Unexpected/frequent re-registration prompts on macOS Sequoia
# The race: after each PRT refresh (every 4 hours) AppSSOAgent and AppSSODaemon both write the device
# configuration; on 15.0 to 15.2 (the macOS 15 row's device_configuration_race) the writes overlap, and the
# refresh after that cannot read it: macOS asks to register again, at most 8 hours after a registration.
# The article's error names "line 27, column 1" and index 3052 of its user's file; the simulated file is
# another, so the numbers differ and the scenarios check the error's domains, codes and wording.
@product-current @known-issue @sequoia-reregistration
Feature: Unexpected re-registration prompts on macOS Sequoia 15.0 to 15.2
  AppSSOAgent and AppSSODaemon update the Platform SSO device configuration at the same time and corrupt
  it; macOS then runs its re-registration remediation and the user is asked to register again. The
  error is in the AppSSO log and in a sysdiagnose. Apple fixed it in macOS 15.3.

  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the admin has deployed the Platform SSO settings in Intune

  Scenario Outline: On macOS <version> the device configuration is corrupted and the user is asked to register again
    Given the user has a Mac running macOS "<version>"
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits up to 8 hours for the "Registration Required" notification
    Then Platform SSO asks the user to register the Mac again
    When the user runs `log show --predicate 'subsystem == "com.apple.AppSSO"' --last 1d` in Terminal
    Then the command exits with status 0
    And the command prints `Error Domain=com.apple.PlatformSSO Code=-1001 "Error deserializing device config."`
    And the command prints `NSUnderlyingError=`
    And the command prints `{Error Domain=NSCocoaErrorDomain Code=3840 "Garbage at end around line`

    Examples:
      | version |
      | 15.0    |
      | 15.1    |
      | 15.2    |

  Scenario Outline: On macOS <version> the device configuration stays whole and the Mac stays registered
    Given the user has a Mac running macOS "<version>"
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits 24 hours
    Then Platform SSO has not asked the user to register the Mac again
    And AppSSOAgent and AppSSODaemon never wrote the device configuration at the same time
    And Platform SSO registration is complete

    Examples:
      | version |
      | 15.3    |
      | 14.2.1  |
      | 13.6.3  |

  Scenario: A sysdiagnose from an affected Mac holds the error
    Given the user has a Mac running macOS "15.1"
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user waits up to 8 hours for the "Registration Required" notification
    And the user runs `sudo sysdiagnose` in Terminal and enters their local password
    Then the command exits with status 0
    And the sysdiagnose archive's AppSSO log holds `Error Domain=com.apple.PlatformSSO Code=-1001 "Error deserializing device config."`
    And the sysdiagnose archive's AppSSO log holds `Error Domain=NSCocoaErrorDomain Code=3840`

  Scenario: Installing macOS 15.3 with Software Update stops the prompts
    Given the user has a Mac running macOS "15.1"
    And the user has enrolled the Mac in Intune with Company Portal
    And the user has registered the Mac with Platform SSO through Company Portal
    When the user runs `softwareupdate --list` in Terminal
    Then the command prints `* Label: macOS Sequoia 15.3-24D60`
    When the user runs `sudo softwareupdate --install "macOS Sequoia 15.3-24D60" --restart` in Terminal and enters their local password
    Then the command prints `Restarting...`
    And the Mac runs macOS "15.3"
    When the user signs in to the Mac with their Microsoft Entra ID password
    And the user waits 24 hours
    Then Platform SSO has not asked the user to register the Mac again
    And AppSSOAgent and AppSSODaemon never wrote the device configuration at the same time
    And Platform SSO registration is complete
