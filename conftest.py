"""Loads the step library for every test: the steps are pytest plugins."""

pytest_plugins = [
    "steps.fixtures",
    "steps.setup",
    "steps.desktop",
    "steps.outcomes",
    "steps.tags",
    "steps.data_tables",
    "steps.known_issues",
    "steps.admin",
    "steps.terminal",
    "steps.diagnostics",
    "steps.screen",
    "steps.company_portal",
    "steps.registration",
    "steps.access",
    "steps.password_change",
    "steps.sign_in",
]
