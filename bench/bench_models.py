"""NER speed of two spaCy pipelines on the same BBC paragraphs, alternating, in one process.

Used to weigh a larger model against the default: each pipeline is loaded with only what its NER
needs (as the flow loads it), warmed up, then timed on the same paragraphs in turns (A, B, B, A,
...), and the median is reported with words per second. The machines are shared and noisy, so
only the ratio of the two, measured together, is meaningful.

    .venv/bin/python bench/bench_models.py --other MODEL [--model NAME] [--docs 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evals"))

from spacy.language import Language
from spacy_ner import DEFAULT_MODEL, load_ner, model_name, read_bbc


def timed(nlp: Language, texts: list[str]) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc",
    )
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--other", required=True)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = list(dict.fromkeys(p for _, ps in read_bbc(args.corpus, args.docs) for p in ps))
    words = sum(len(text.split()) for text in texts)
    models = {}
    for name in (args.model, args.other):
        before = peak_mib()
        models[name] = load_ner(name)
        timed(models[name], texts[:50])
        print(f"loaded {model_name(models[name])}: peak RSS +{peak_mib() - before:.0f} MiB")
    times: dict[str, list[float]] = {name: [] for name in models}
    order = list(models)
    for round_ in range(args.repeat):
        for name in order if round_ % 2 == 0 else reversed(order):
            times[name].append(timed(models[name], texts))
    print(f"{len(texts)} distinct paragraphs, {words} words, median of {args.repeat}")
    base = statistics.median(times[args.model])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(
            f"{model_name(models[name]):<32} {median:7.2f} s  {words / median:8.0f} words/s  "
            f"x{median / base:.2f}  (runs: {', '.join(f'{s:.1f}' for s in seconds)})"
        )


if __name__ == "__main__":
    main()
