"""Cost of a no-op re-run: `newsflow run` again over unchanged input, against the first run.

Budget (issue 7): a re-run over 600 unchanged articles of `../shared/corpora/bbc` costs at most
20% of the first run's wall time.

Both runs are cold subprocesses of `.venv/bin/newsflow run` over the same input, written to the
same fresh temporary output: the first publishes everything, the second finds every file known by
path and SHA-256 and has nothing to do. The input is a temporary copy of N files taken evenly
over the sorted corpus (all five sections); nothing is written into the repository.

By default each run may start its own temporary Prefect server, as a plain `newsflow run` does,
on a Prefect database created and migrated beforehand (untimed), as a user's is after their first
run; `--prefect-server` starts one real `prefect server start` first and points both runs at it,
as runs of `newsflow serve` are. The wall time of each run counts from process start to exit.

    .venv/bin/python bench/bench_rerun.py [--corpus DIR] [--docs 600] [--prefect-server]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
BUDGET = 0.20
# First output line of each phase, found by substrings; their arrival times split a run.
PHASES = {
    "temporary server starting": ("Starting temporary server",),
    "flow begins": ("Beginning flow run",),
    "files hashed": (" files under ",),
    "last progress line": ("progress:",),
    "flow finished": ("Flow run", "Finished in state"),
}


@dataclass(frozen=True)
class Run:
    seconds: float
    lines: list[tuple[float, str]]
    load_before: float
    load_after: float

    def phase_times(self) -> dict[str, float]:
        """Seconds since start at which each phase's line first (or, for progress, last) came."""
        found: dict[str, float] = {}
        for at, line in self.lines:
            for phase, markers in PHASES.items():
                seen = all(marker in line for marker in markers)
                if seen and (phase not in found or phase == "last progress line"):
                    found[phase] = at
        return found

    def summary(self) -> list[str]:
        """The run's terminal summary (`run ...` and the indented lines after it)."""
        start = next((i for i, (_, line) in enumerate(self.lines) if line.startswith("run ")), None)
        if start is None:
            return []
        block = [self.lines[start][1]]
        for _, line in self.lines[start + 1 :]:
            if not line.startswith("  "):
                break
            block.append(line)
        return block


def pick_files(corpus: Path, count: int) -> list[Path]:
    """`count` files spread evenly over the sorted corpus, so every section is represented."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    if len(files) < count:
        sys.exit(f"{corpus} holds {len(files)} files, fewer than {count}")
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def copy_input(files: Sequence[Path], corpus: Path, target: Path) -> None:
    for path in files:
        destination = target / path.relative_to(corpus)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def run_newsflow(input_dir: Path, output_dir: Path, env: dict[str, str]) -> Run:
    """One cold `newsflow run`, timed from start to exit, its output lines stamped on arrival."""
    newsflow = str(Path(sys.executable).with_name("newsflow"))
    command = [newsflow, "run", "--input", str(input_dir), "--output", str(output_dir)]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    lines = [(time.monotonic() - started, line.rstrip("\n")) for line in process.stdout]
    returncode = process.wait()
    seconds = time.monotonic() - started
    if returncode != 0:
        tail = "\n".join(line[:300] for _, line in lines[-30:])
        sys.exit(f"newsflow run exited with status {returncode}; last output:\n{tail}")
    return Run(seconds, lines, load_before, os.getloadavg()[0])


@contextmanager
def prefect_server(workdir: Path, wanted: bool) -> Iterator[str | None]:
    """A real Prefect server on loopback for the block when `wanted`; yields its API URL."""
    if not wanted:
        yield None
        return
    sys.path.insert(0, str(REPO))
    from flows.prefect_server.process import api_url, start_server, stop, wait_until_healthy

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(workdir / "prefect-home")
    with (workdir / "server.log").open("wb") as log:
        server = start_server(port, env, log.fileno())
        try:
            wait_until_healthy(api_url(port), server, timeout=180)
            yield api_url(port)
        finally:
            stop(server)


def migrate_database(env: dict[str, str]) -> None:
    """Create the Prefect database under PREFECT_HOME, so the first run does not pay for it."""
    prefect = str(Path(sys.executable).with_name("prefect"))
    command = [prefect, "server", "database", "upgrade", "-y"]
    subprocess.run(command, env=env, check=True, capture_output=True)


def environment(api_url: str | None, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSFLOW_"))}
    env["PYTHONUNBUFFERED"] = "1"
    env["PREFECT_HOME"] = str(workdir / "prefect-home")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({model}), Python {platform.python_version()}"
    )


def report(first: Run, rerun: Run, docs: int, mode: str) -> str:
    ratio = rerun.seconds / first.seconds
    verdict = "within" if ratio <= BUDGET else "OVER"
    lines = [
        f"date     {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"machine  {machine()}",
        f"input    {docs} unchanged articles; Prefect: {mode}",
        f"first    {first.seconds:7.1f} s   (load average {first.load_before:.2f} -> "
        f"{first.load_after:.2f})",
        f"re-run   {rerun.seconds:7.1f} s   (load average {rerun.load_before:.2f} -> "
        f"{rerun.load_after:.2f})",
        f"ratio    {ratio:7.1%}   {verdict} the {BUDGET:.0%} budget",
    ]
    for name, run in (("first run", first), ("re-run", rerun)):
        phases = ", ".join(f"{phase} {at:.1f} s" for phase, at in run.phase_times().items())
        lines.append(f"{name} phases (seconds since start): {phases}")
        lines += [f"  {line}" for line in run.summary()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument(
        "--prefect-server",
        action="store_true",
        help="run both against one real Prefect server instead of a temporary one each",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-rerun-") as temp:
        workdir = Path(temp)
        copy_input(pick_files(args.corpus, args.docs), args.corpus, workdir / "input")
        with prefect_server(workdir, args.prefect_server) as api_url:
            env = environment(api_url, workdir)
            if not api_url:
                migrate_database(env)
            first = run_newsflow(workdir / "input", workdir / "output", env)
            rerun = run_newsflow(workdir / "input", workdir / "output", env)
    mode = "one running server" if args.prefect_server else "a temporary server per run"
    print(report(first, rerun, args.docs, mode))
    return 0 if rerun.seconds <= BUDGET * first.seconds else 1


if __name__ == "__main__":
    sys.exit(main())
