"""Process-wide defaults applied before Prefect is imported.

When no `PREFECT_API_URL` is set, Prefect starts a temporary local server for the run. Its
background services (scheduler, triggers, telemetry, UI) are of no use to a single run and cost
start-up time, so they are switched off unless the user set them. Explicit settings always win.
"""

from __future__ import annotations

import os

TEMPORARY_SERVER_DEFAULTS = {
    # The first start of a temporary server migrates its database; on a busy machine that takes
    # longer than Prefect's default 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CLEANUP_RECONCILER_ENABLED": "false",
}
QUIET_LIBRARIES = {"GX_ANALYTICS_ENABLED": "false", "TOKENIZERS_PARALLELISM": "false"}


def apply_defaults() -> None:
    """Set the defaults above in this process's environment where the user has not."""
    quiet_libraries()
    for name, value in TEMPORARY_SERVER_DEFAULTS.items():
        os.environ.setdefault(name, value)


def quiet_libraries() -> None:
    """Switch off the analytics and progress chatter of libraries, unless the user set them."""
    for name, value in QUIET_LIBRARIES.items():
        os.environ.setdefault(name, value)
