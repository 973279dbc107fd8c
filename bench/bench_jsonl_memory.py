"""Peak memory of streaming a JSON Lines file of 100,000 records against one of 10,000.

Writes news-please-style records (about 2 KB of text each, every one different) to temporary
files, plain and gzip, then reads each in a fresh process with `stream_articles` over 1 MiB
chunks, consuming every record as the flow would, and reports the process's peak resident
memory (`ru_maxrss`). Budget (issue 13): the 100,000-record file within 1.2x of the 10,000-record
one. `--with-ids` gives every record an `id` (the reader then remembers the ids it has seen, to
detect a repeated one).

    .venv/bin/python bench/bench_jsonl_memory.py [--small 10000] [--large 100000] [--with-ids]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET = 1.2
WORDS = [
    "the",
    "government",
    "said",
    "on",
    "tuesday",
    "that",
    "its",
    "plan",
    "would",
    "cut",
    "costs",
    "for",
    "families",
    "and",
    "firms",
    "while",
    "critics",
    "warned",
    "the",
    "council",
    "over",
    "prices",
    "markets",
    "shares",
    "rose",
    "fell",
    "bank",
    "rates",
    "minister",
    "city",
    "police",
    "report",
    "week",
    "year",
    "million",
    "people",
    "new",
    "first",
    "two",
    "last",
    "told",
    "added",
]

READER = """
import resource, sys
from transforms.articles.readers import stream_articles
from transforms.articles.model import ArticleRecord

def chunks(path):
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk

articles = rejects = chars = 0
for result in stream_articles(sys.argv[1], chunks(sys.argv[1])):
    if isinstance(result, ArticleRecord):
        articles += 1
        chars += len(result.text)
    else:
        rejects += 1
print(articles, rejects, chars, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_records(path: Path, count: int, with_ids: bool, seed: int = 7) -> None:
    rng = random.Random(seed)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as out:
        for n in range(count):
            text = "\n".join(
                " ".join(rng.choice(WORDS) for _ in range(60)) + f" (record {n}, part {p})."
                for p in range(5)
            )
            record = {
                "title": f"Story number {n}",
                "maintext": text,
                "date_publish": "2024-03-05 10:32:00",
                "url": f"https://news.example/{n}",
                "authors": ["Staff"],
                "language": "en",
                "source_domain": "news.example",
            }
            if with_ids:
                record["id"] = f"story-{n:08d}"
            out.write(json.dumps(record) + "\n")


def peak_kib(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    articles, rejects, _, peak = map(int, done.stdout.split())
    return articles, rejects, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--with-ids", action="store_true")
    args = parser.parse_args()
    print("| file | records | size | articles | peak RSS | ratio |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".jsonl", ".jsonl.gz"):
            peaks = []
            for count in (args.small, args.large):
                path = Path(folder) / f"feed{count}{suffix}"
                write_records(path, count, args.with_ids)
                articles, rejects, peak = peak_kib(path)
                assert (articles, rejects) == (count, 0)
                peaks.append(peak)
                ratio = peak / peaks[0]
                size = path.stat().st_size / (1 << 20)
                print(
                    f"| {suffix} | {count:,} | {size:,.1f} MiB | {articles:,} | "
                    f"{peak / 1024:,.1f} MiB | {ratio:.3f} |"
                )
                path.unlink()
            verdict = "within" if peaks[1] / peaks[0] <= BUDGET else "OVER"
            print(
                f"{suffix}: large/small peak {peaks[1] / peaks[0]:.3f} ({verdict} budget {BUDGET})"
            )


if __name__ == "__main__":
    main()
