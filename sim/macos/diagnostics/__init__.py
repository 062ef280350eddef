"""The Mac's diagnostic tools, as the troubleshooting guide uses them from Terminal.

``app-sso platform -s`` (Platform SSO state), ``log config`` (Apple's unified logging modes) and
``sysdiagnose`` (an archive under /private/var/tmp/), plus the command result they share.
"""

from psso_sim.macos.diagnostics.app_sso import parse_platform_state, platform_state
from psso_sim.macos.diagnostics.command import CommandResult, NotSimulated
from psso_sim.macos.diagnostics.sysdiagnose import ARCHIVE_DIRECTORY, read_archive
from psso_sim.macos.diagnostics.unified_log import APPSSO_SUBSYSTEM, LogMode, UnifiedLogging

__all__ = [
    "APPSSO_SUBSYSTEM",
    "ARCHIVE_DIRECTORY",
    "CommandResult",
    "LogMode",
    "NotSimulated",
    "UnifiedLogging",
    "parse_platform_state",
    "platform_state",
    "read_archive",
]
