"""The repository's own tests need nothing here: the psso-sim pytest plugin (entry point ``pytest11``,
installed with the package, editable or not) loads the steps, fixtures and markers, as it does for
any project that installs psso-sim."""
