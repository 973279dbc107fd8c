"""Throughput of decoding + cleaning, on the BBC corpus as it is and on a glitched copy.

Reads every article of the corpus (never copied into the repository), times `decode_bytes` +
`clean_text` over all of them, then over a copy glitched in memory: each document gets one
corruption class, chosen with a fixed seed (mojibake, lost bytes dropped or marked with U+FFFD,
double mojibake, Latin-1 mojibake, HTML entities, lost NBSPs, control/invisible characters, CRLF). Finally times spaCy NER
(`flows.processing.nlp.find_mentions`) on a sample of documents and compares per character:
cleaning should stay under 10% of the NER time.

    .venv/bin/python bench/bench_cleaning.py [--corpus DIR] [--ner-docs 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from flows.processing.nlp import find_mentions, forget_paragraphs, load_model
from transforms.cleaning import clean_text
from transforms.decoding import decode_bytes
from transforms.mojibake_tables import CP1252_UNDEFINED
from transforms.paragraphs import split_paragraphs

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
BUDGET = 0.10
SEED = 20240101


def as_cp1252(text: str, keep_undefined: bool = False) -> str:
    return "".join(
        bytes([b]).decode("cp1252") if b not in CP1252_UNDEFINED else chr(b) * keep_undefined
        for b in text.encode()
    )


def curly(text: str) -> str:
    """BBC text is plain ASCII punctuation; curly quotes make mojibake of it realistic."""
    return text.replace(" '", " \u2018").replace("'", "\u2019").replace('"', "\u201d")


def lost_nbsp(text: str) -> str:
    return text.replace(". ", ".\u00c2 ").replace("\n", "\u00c2\n")


def invisible(text: str) -> str:
    return "\ufeff" + text.replace(" the ", " the\u200b ").replace("\n", "\x00\r\n")


GLITCHES: dict[str, Callable[[str], str]] = {
    "mojibake_cp1252": lambda t: as_cp1252(curly(t), keep_undefined=True),
    "mojibake_lost_bytes": lambda t: as_cp1252(curly(t)),
    "mojibake_marked_lost_bytes": lambda t: curly(t).encode().decode("cp1252", errors="replace"),
    "double_mojibake": lambda t: as_cp1252(as_cp1252(curly(t))),
    "mojibake_latin1": lambda t: curly(t).encode().decode("latin-1"),
    "html_entities": lambda t: html.escape(curly(t)).replace("\u2019", "&#8217;"),
    "lost_nbsp": lambda t: lost_nbsp(curly(t)),
    "invisible_and_control": lambda t: invisible(curly(t)),
}


def glitched_copy(texts: list[str]) -> tuple[list[bytes], Counter[str]]:
    rng = random.Random(SEED)
    kinds: Counter[str] = Counter()
    out = []
    for text in texts:
        kind = rng.choice(sorted(GLITCHES))
        kinds[kind] += 1
        out.append(GLITCHES[kind](text).encode("utf-8"))
    return out, kinds


def time_cleaning(raws: list[bytes], repeat: int) -> tuple[float, list[str]]:
    best, cleaned = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        cleaned = [clean_text(decode_bytes(raw).text).text for raw in raws]
        best = min(best, time.perf_counter() - started)
    return best, cleaned


def report(label: str, raws: list[bytes], seconds: float) -> None:
    megabytes = sum(map(len, raws)) / 1e6
    print(
        f"{label:<10} {len(raws):>5} docs  {megabytes:6.2f} MB  {seconds:6.2f} s  "
        f"{megabytes / seconds:6.2f} MB/s  {len(raws) / seconds:8.0f} docs/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ner-docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    raws = [path.read_bytes() for path in sorted(args.corpus.glob("*.txt"))]
    texts = [decode_bytes(raw).text for raw in raws]
    clean_seconds, cleaned = time_cleaning(raws, args.repeat)
    glitched, kinds = glitched_copy(texts)
    glitch_seconds, repaired = time_cleaning(glitched, args.repeat)
    report("clean", raws, clean_seconds)
    report("glitched", glitched, glitch_seconds)
    print("glitches:", ", ".join(f"{k}={n}" for k, n in sorted(kinds.items())))
    clean_reference = [clean_text(curly(t)).text for t in texts]
    restored = sum(r == c for r, c in zip(repaired, clean_reference, strict=True))
    print(f"glitched documents restored exactly: {restored}/{len(texts)}")

    step = max(len(cleaned) // args.ner_docs, 1)
    sample = cleaned[::step][: args.ner_docs]
    sample_raws = raws[::step][: args.ner_docs]
    documents = [split_paragraphs(text) for text in sample]
    nlp = load_model()
    find_mentions(nlp, documents[:5])
    forget_paragraphs()  # time the model, not look-ups of paragraphs seen in the warm-up
    started = time.perf_counter()
    find_mentions(nlp, documents)
    ner_seconds = time.perf_counter() - started
    sample_clean_seconds, _ = time_cleaning(sample_raws, args.repeat)
    characters = sum(map(len, sample))
    ner_per_char = ner_seconds / characters
    clean_per_char = sample_clean_seconds / characters
    glitch_per_char = glitch_seconds / sum(len(r) for r in repaired)
    print(
        f"NER        {len(sample):>5} docs  {ner_seconds:6.2f} s  {characters / ner_seconds:,.0f} chars/s"
    )
    for label, per_char in (("clean", clean_per_char), ("glitched", glitch_per_char)):
        share = per_char / (per_char + ner_per_char)
        verdict = "within" if share <= BUDGET else "OVER"
        print(
            f"cleaning/NER time ({label}): {per_char / ner_per_char:.3f}  -> "
            f"{share:.1%} of decode+clean+NER, {verdict} the {BUDGET:.0%} budget"
        )


if __name__ == "__main__":
    main()
