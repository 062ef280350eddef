"""The run's trace: what each simulated system did, at which simulated time, in which Gherkin step.

- :mod:`~psso_sim.trace.entries`: the entries and the trace (recording, data, JSON Lines files);
- :mod:`~psso_sim.trace.redaction`: secrets in HTTP bodies turned into short, deterministic fingerprints;
- :mod:`~psso_sim.trace.render`: entries as text for a person;
- :mod:`~psso_sim.trace.command`: ``psso-sim trace FILE``.
"""

from psso_sim.trace.entries import (
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    LEVELS,
    LazyDetail,
    Trace,
    TraceEntry,
    TraceFileError,
    read_trace,
    write_lines,
)

__all__ = ["FORMAT", "FORMAT_VERSION", "KINDS", "LEVELS", "LazyDetail", "Trace", "TraceEntry", "TraceFileError",
           "read_trace", "write_lines"]
