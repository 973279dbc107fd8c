"""Run `newsflow` and freeze it at a named moment, so that a test can SIGKILL it exactly there.

    python -m tests.kill_points POINT NEWSFLOW_ARGS...

runs `flows.commands.cli.main(NEWSFLOW_ARGS)`, the code behind `.venv/bin/newsflow`, unchanged. An audit
hook (`sys.addaudithook`) watches the renames and deletions the run makes in its output folder;
when the one that defines POINT is about to happen, the process prints `frozen at POINT` and
stops itself with SIGSTOP. The test sees it stopped and kills its process group with SIGKILL, so
the kill lands at that moment on every run, however long or short the moment lasts. Nothing in
newsflow knows about this: the hook only observes and stops, it changes nothing.
"""

from __future__ import annotations

import atexit
import fnmatch
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

# A predicate sees each (audit event, paths relative to the output folder) and says "stop here".
Predicate = Callable[[str, list[str]], bool]


def first_rename(*, source: str = "*", target: str = "*") -> Predicate:
    """The first rename whose source and target match the given patterns (`*` spans `/`)."""

    def matches(event: str, paths: list[str]) -> bool:
        return (
            event == "os.rename"
            and fnmatch.fnmatch(paths[0], source)
            and fnmatch.fnmatch(paths[1], target)
        )

    return matches


def second_staged_batch() -> Predicate:
    """A batch file about to be staged while another batch is already staged in full."""
    batches: set[str] = set()

    def matches(event: str, paths: list[str]) -> bool:
        if event != "os.rename" or not fnmatch.fnmatch(paths[1], "_staging/*/*/batch-*.parquet"):
            return False
        batches.add(Path(paths[1]).name)
        return len(batches) > 1

    return matches


def first_removal(pattern: str) -> Predicate:
    def matches(event: str, paths: list[str]) -> bool:
        return event == "os.remove" and fnmatch.fnmatch(paths[0], pattern)

    return matches


POINTS: dict[str, Callable[[], Predicate]] = {
    # Processing: the first batch is staged, the next one is going in; nothing is published.
    "staging": second_staged_batch,
    # Validated; the final files are staged and the publish journal is being written.
    "journal-writing": lambda: first_rename(target="_journal/*.json"),
    # The journal is in place and not one file has moved yet.
    "journal-written": lambda: first_rename(source="_staging/*/publish/*", target="tables/*"),
    # Publishing: the child tables are in place, `paragraphs` and `documents` are not.
    "mid-publish": lambda: first_rename(
        source="_staging/*/publish/paragraphs.parquet", target="tables/*"
    ),
    # Compaction: merged files are in place, the first of the files they replace is going.
    "mid-compaction": lambda: first_removal("tables/*"),
}
AT_EXIT = "exit"  # everything done, the interpreter is about to exit


def freeze(point: str) -> None:
    print(f"frozen at {point}", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)


def install(point: str, output_dir: Path) -> None:
    """Stop this process when `point` is reached in `output_dir`."""
    if point == AT_EXIT:
        atexit.register(freeze, point)
        return
    predicate = POINTS[point]()
    root = os.fspath(output_dir.resolve()) + os.sep
    state = {"done": False}

    def hook(event: str, args: tuple) -> None:
        if state["done"] or event not in ("os.rename", "os.remove"):
            return
        paths = [os.fspath(a) for a in args if isinstance(a, str | bytes | os.PathLike)]
        if not all(isinstance(p, str) and p.startswith(root) for p in paths):
            return
        if predicate(event, [p.removeprefix(root) for p in paths]):
            state["done"] = True
            freeze(point)

    sys.addaudithook(hook)


def output_of(argv: list[str]) -> Path:
    return Path(argv[argv.index("--output") + 1])


def main(argv: list[str]) -> int:
    point, newsflow_args = argv[0], argv[1:]
    install(point, output_of(newsflow_args))
    from flows.commands.cli import main as newsflow

    return newsflow(newsflow_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
