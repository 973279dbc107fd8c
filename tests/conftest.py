"""Shared fixtures: a real Prefect test server for the session, and one real pipeline run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.runtime import apply_defaults

apply_defaults()

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "iran-withdraws-from-syria.txt"
SHARED = ROOT.parent / "shared"
BINARY_BYTES = bytes(range(256)) * 8


@pytest.fixture(scope="session")
def prefect_server():
    """A real (temporary) Prefect server for every flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(scope="session")
def seeds_with_bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a binary file and an empty file, which must be rejected."""
    root = tmp_path_factory.mktemp("input")
    shutil.copytree(SEEDS, root, dirs_exist_ok=True)
    (root / "bad").mkdir()
    (root / "bad" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + BINARY_BYTES)
    (root / "bad" / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="session")
def seeds_run(prefect_server, seeds_with_bad_files: Path, tmp_path_factory: pytest.TempPathFactory):
    """One real run of the flow over the seeds; returns (output folder, final state)."""
    from flows.pipeline import newsflow_run

    output = tmp_path_factory.mktemp("output")
    state = newsflow_run(input_dir=seeds_with_bad_files, output_dir=output, return_state=True)
    return output, state
