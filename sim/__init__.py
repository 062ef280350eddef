"""psso-sim: macOS Platform SSO with Microsoft Entra ID, simulated end to end."""

__all__: list[str] = []
