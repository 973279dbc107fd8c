"""Score the project's entities against CoNLL++ gold, next to the raw model on the same text.

Each gold document's text is split on newlines into paragraphs, run through the NER model
(`evals/spacy_ner.py`, the same model loading as the flow), and scored twice with the shared scorer (`ner_score.py`, exact span and
type, PER/ORG/LOC): once on the raw model mentions and once after `resolve_entities`.

    .venv/bin/python evals/ner_eval.py [--gold PATH] [--scorer PATH] [--model NAME|PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

from spacy_ner import DEFAULT_MODEL, find_mentions, load_ner

from transforms.entities import resolve_entities

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
LABELS = ("PER", "ORG", "LOC", "ALL")


def load_scorer(path: Path) -> ModuleType:
    """Import the shared scorer from its file, so both systems are scored by the same code."""
    spec = importlib.util.spec_from_file_location("ner_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_documents(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def prediction_rows(doc_ids: Sequence[int], documents: Iterable[Iterable]) -> list[dict]:
    """Rows in the scorer's format `{doc, para, start, end, label}` from mentions or entities."""
    return [
        {
            "doc": doc_id,
            "para": m.paragraph_index,
            "start": m.start_char,
            "end": m.end_char,
            "label": m.label,
        }
        for doc_id, mentions in zip(doc_ids, documents, strict=True)
        for m in mentions
    ]


def write_jsonl(rows: Sequence[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def print_table(results: dict[str, dict]) -> None:
    """One line per label: P/R/F1 for each system and the F1 difference."""
    systems = list(results)
    header = f"{'label':<6}{'gold':>6}" + "".join(
        f"  {name + ' P':>10}{'R':>7}{'F1':>7}{'pred':>6}" for name in systems
    )
    print(header + f"  {'dF1':>7}")
    for label in LABELS:
        gold = results[systems[0]][label][3]
        cells = "".join(
            f"  {p:>10.4f}{r:>7.4f}{f:>7.4f}{n:>6}"
            for p, r, f, _, n in (results[s][label] for s in systems)
        )
        delta = results[systems[-1]][label][2] - results[systems[0]][label][2]
        print(f"{label:<6}{gold:>6}{cells}  {delta:>+7.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED_EVAL / "conllpp_dev_docs.jsonl")
    parser.add_argument("--scorer", type=Path, default=SHARED_EVAL / "ner_score.py")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, help="keep the prediction files in this folder")
    args = parser.parse_args()

    scorer = load_scorer(args.scorer)
    documents = read_documents(args.gold)
    doc_ids = [d["doc"] for d in documents]
    paragraphs = [d["text"].split("\n") for d in documents]

    started = time.perf_counter()
    raw = find_mentions(load_ner(args.model), paragraphs)
    ner_seconds = time.perf_counter() - started
    started = time.perf_counter()
    project = [resolve_entities(p, m) for p, m in zip(paragraphs, raw, strict=True)]
    resolve_seconds = time.perf_counter() - started

    out = args.out or Path(tempfile.mkdtemp(prefix="ner_eval_"))
    out.mkdir(parents=True, exist_ok=True)
    gold = scorer.gold_spans(str(args.gold))
    results = {}
    for name, predictions in (("raw", raw), ("project", project)):
        rows = prediction_rows(doc_ids, predictions)
        write_jsonl(rows, out / f"{name}.jsonl")
        results[name] = scorer.score(gold, scorer.pred_spans(rows))

    print(f"{len(documents)} documents, {sum(map(len, paragraphs))} paragraphs, model {args.model}")
    print(f"NER {ner_seconds:.1f} s, resolve_entities {resolve_seconds:.2f} s")
    print_table(results)
    print(f"predictions: {out}")


if __name__ == "__main__":
    main()
