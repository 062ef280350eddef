"""Reports of a ``psso-sim run`` for tools and people: JSON, JUnit XML and cucumber JSON, HTML, progress.

:mod:`~psso_sim.reports.recorder` collects what each scenario did (real durations, the psso-sim
data the plugin puts in pytest's reports: seed, identity, trace); :mod:`~psso_sim.reports.model`
turns that and the run reporter's records into one :class:`~psso_sim.reports.model.RunReport`,
which :mod:`~psso_sim.reports.json_report` and :mod:`~psso_sim.reports.html_report` render.
"""

__all__: list[str] = []
