"""Loads the step library for every test: the steps are pytest plugins."""

pytest_plugins = [
    "psso_sim.steps.fixtures",
    "psso_sim.steps.setup",
    "psso_sim.steps.desktop",
    "psso_sim.steps.outcomes",
    "psso_sim.steps.tags",
    "psso_sim.steps.data_tables",
    "psso_sim.steps.known_issues",
    "psso_sim.steps.admin",
    "psso_sim.steps.terminal",
    "psso_sim.steps.diagnostics",
    "psso_sim.steps.screen",
    "psso_sim.steps.company_portal",
    "psso_sim.steps.registration",
    "psso_sim.steps.access",
    "psso_sim.steps.password_change",
    "psso_sim.steps.sign_in",
]
