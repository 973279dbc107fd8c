"""What a run will do: the input files, the new and changed ones, and the batches they go in.

One plan serves the flow, the workers started before it (`flows.processing.workers.prestart`) and
the check that lets `newsflow run` skip Prefect over unchanged input
(`flows.orchestration.unchanged`): all three see the same files in the same batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flows.intake.sources import (
    SourceVersion,
    discover,
    find_new_sources,
    in_batches,
    with_copies_together,
)
from flows.storage.ledger import KnownSources, load_known_sources


@dataclass(frozen=True)
class Batch:
    """The files of one batch, numbered in the run's order."""

    index: int
    input_dir: Path
    versions: list[SourceVersion]


@dataclass(frozen=True)
class RunPlan:
    """Every file found under the input folder, those new or changed, and their batches."""

    candidates: list[str]
    new: list[SourceVersion]
    batches: list[Batch]

    @property
    def unchanged(self) -> int:
        return len(self.candidates) - len(self.new)


def plan_run(input_dir: Path, output_dir: Path, batch_size: int, full_refresh: bool) -> RunPlan:
    """Find the files under `input_dir` that `output_dir` has not handled, in batches.

    Copies of one content are put next to each other, so that they fall into one batch, where
    their paragraphs go through NER once. With `full_refresh`, every file is new.
    """
    known = KnownSources() if full_refresh else load_known_sources(output_dir)
    candidates = discover(input_dir)
    new = with_copies_together(find_new_sources(input_dir, candidates, known))
    batches = [
        Batch(index, input_dir, versions)
        for index, versions in enumerate(in_batches(new, batch_size))
    ]
    return RunPlan(candidates, new, batches)
