"""The simulated Mac: macOS 13 and 14, its settings, MDM client and Platform SSO."""

__all__: list[str] = []
