"""What identifies one run of the pipeline and is shared by every row it writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata


@dataclass(frozen=True)
class RunInfo:
    """What every row written by one run shares."""

    run_id: str
    started_at: datetime

    def values(self) -> dict[str, object]:
        """The value of each run column (the columns that say which run wrote a row)."""
        return {
            "run_id": self.run_id,
            "ingested_at": self.started_at,
            "detected_at": self.started_at,
        }


RUN_COLUMNS = frozenset(RunInfo("", datetime.now(UTC)).values())


def new_run_id() -> str:
    """A sortable, unique run id: the UTC start time and a random suffix."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def model_version(name: str) -> str:
    """`name==version` of an installed spaCy pipeline package, without importing spaCy."""
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}==unknown"
