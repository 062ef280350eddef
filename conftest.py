"""Loads the step library for every test: the steps are pytest plugins."""

pytest_plugins = [
    "steps.fixtures",
    "steps.setup",
    "steps.desktop",
    "steps.outcomes",
]
