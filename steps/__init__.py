"""The step library: one pytest plugin module per area, loaded by the psso-sim pytest plugin.

A step is public by its sentence (``psso-sim steps`` lists them all), not by the Python name of
its function: a step module's ``__all__`` names only the fixtures and helpers other code may use.
"""

__all__: list[str] = []
